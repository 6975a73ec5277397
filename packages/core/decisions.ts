import * as z from 'zod/mini';
import { INBOX_CHOICES, type Inbox, type InboxChoice, inboxesOf, isInbox } from './inboxes.ts';
import type { Contact } from './intake.ts';
import { LIMITS } from './options.ts';
import {
  canBeAssigned,
  canSeeContact,
  canSeeSubmission,
  type StaffActor,
  type StaffMember,
  type StaffRole,
  visibleTo,
} from './staff.ts';
import { neutraliseControls, type SubmissionRecord, type SubmissionStatus } from './submission.ts';
import { type AuditEvent, canTransition, type InternalNote, type PublicReply } from './triage.ts';

/**
 * Triage decisions: what staff may do to a submission, as values. `planDecision` is pure:
 * it checks the role, the life cycle and the input, and describes one change (fields,
 * audit events, emails to send). The store applies that change as one conditional
 * UpdateItem on the version staff saw; the outcome workflow sends the emails.
 */
/** Where staff may reroute to: each inbox, or all of them (packages/core/inboxes.ts). */
export const ROUTE_CHOICES = INBOX_CHOICES;
export type RouteChoice = InboxChoice;

export type Decision =
  | { action: 'status'; to: SubmissionStatus }
  | { action: 'assign'; to: string | null }
  | { action: 'reroute'; to: RouteChoice }
  | { action: 'note'; text: string }
  /** A transcript of the voice recording, written by staff and marked as theirs (issue 19). */
  | { action: 'transcript'; text: string }
  | {
      action: 'reply';
      text: string;
      /** A status to move to with the reply (e.g. answered). Plain data, never awaited. */
      then?: SubmissionStatus | undefined;
    };

export type DecisionAction = Decision['action'];

/**
 * A reply decision, optionally with the status to move to. A helper because `then` as an
 * object-literal key reads to linters like a thenable; the Decision is plain data.
 */
export function replyDecision(text: string, then?: SubmissionStatus): Decision {
  const decision: Decision = { action: 'reply', text };
  if (then) Object.assign(decision, { then });
  return decision;
}

/** What each role may decide. Liaisons read and leave internal notes; the rest is OSE's call. */
export const ROLE_ACTIONS: Record<StaffRole, readonly DecisionAction[]> = {
  triager: ['status', 'assign', 'reroute', 'note', 'reply', 'transcript'],
  admin: ['status', 'assign', 'reroute', 'note', 'reply', 'transcript'],
  liaison: ['note'],
  // Facilitators run consultations and see no submissions (packages/core/staff.ts).
  facilitator: [],
};

export const mayDecide = (actor: StaffActor, action: DecisionAction) => ROLE_ACTIONS[actor.role].includes(action);

/** Statuses after which the person who wrote the input hears there is news. */
export const NEWS_STATUSES: readonly SubmissionStatus[] = ['answered', 'closed'];

/** One change to one submission, applied atomically by the store on `expectedVersion`. */
export interface TriageChange {
  expectedVersion: number;
  /**
   * The submission's urgency (fixed at intake): the store moves an urgent submission on its
   * urgent-first indexes in the same write.
   */
  urgent: boolean;
  at: string;
  /** Appended to the audit trail, in order. */
  events: AuditEvent[];
  status?: { from: SubmissionStatus; to: SubmissionStatus };
  /** `null` removes the assignee. */
  assignee?: string | null;
  routedTo?: { from: Inbox[]; to: Inbox[] };
  publicReply?: PublicReply;
  note?: InternalNote;
  transcript?: { text: string; at: string; by: string };
}

/** Emails a decision asks the outcome workflow to send. */
export interface OutcomeRequest {
  /** Inboxes to send the submission to (each at most once per submission). */
  forward: Inbox[];
  /** Tell the person there is news (only when they left an email address). */
  notifySubmitter: boolean;
}

export type Refusal =
  /** Missing, or not visible to this person: the same answer, so nothing leaks. */
  | 'not-found'
  /** This role may not take this action. */
  | 'not-permitted'
  /** The life cycle does not allow this status change from the current one. */
  | 'transition'
  /** Rerouting waits until intake has routed the submission. */
  | 'not-routed'
  /** Nothing would change. */
  | 'unchanged'
  /** Text missing or too long, or an unknown colleague. */
  | 'invalid'
  /** Someone changed the submission since this person loaded it. */
  | 'conflict';

export type Plan = { ok: true; change: TriageChange; outcome: OutcomeRequest } | { ok: false; reason: Refusal };

/** Staff-written text: neutralised like the public input, 1 to LIMITS.message characters. */
export const staffTextSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((value: string) => neutraliseControls(value).trim()),
  ),
  z.string().check(z.minLength(1), z.maxLength(LIMITS.message)),
);

const sortedInboxes = (inboxes: readonly string[]): Inbox[] => [...new Set(inboxes)].filter(isInbox).sort();
const routeLabel = (inboxes: readonly string[]) => sortedInboxes(inboxes).join('+') || 'none';

/**
 * Plans a decision on `record` (the version the person saw). Pure: the clock comes in as
 * `at`, and the assignee (when assigning) as the colleague's account.
 */
export function planDecision(
  actor: StaffActor,
  record: SubmissionRecord,
  decision: Decision,
  at: string,
  assignee?: StaffMember,
): Plan {
  if (!canSeeSubmission(actor, record)) return { ok: false, reason: 'not-found' };
  if (!mayDecide(actor, decision.action)) return { ok: false, reason: 'not-permitted' };
  const event = (action: AuditEvent['action'], detail?: Record<string, string>): AuditEvent =>
    detail ? { at, by: actor.email, action, detail } : { at, by: actor.email, action };
  const change: TriageChange = { expectedVersion: record.version, urgent: record.urgent, at, events: [] };
  const outcome: OutcomeRequest = { forward: [], notifySubmitter: false };

  /** A status change, and what it implies: forwarding adds the donors' inbox; news is emailed. */
  const changeStatus = (to: SubmissionStatus): Refusal | undefined => {
    if (!canTransition(record.status, to)) return 'transition';
    change.status = { from: record.status, to };
    change.events.push(event('status', { from: record.status, to }));
    if (to === 'forwarded') {
      if (record.routing !== 'routed') return 'not-routed';
      const current = sortedInboxes(record.routedTo ?? []);
      if (!current.includes('donors')) {
        const next = sortedInboxes([...current, 'donors']);
        change.routedTo = { from: current, to: next };
        change.events.push(event('reroute', { from: routeLabel(current), to: routeLabel(next) }));
      }
      outcome.forward = ['donors'];
    }
    if (NEWS_STATUSES.includes(to) && record.hasEmail) outcome.notifySubmitter = true;
    return undefined;
  };

  switch (decision.action) {
    case 'status': {
      const refusal = changeStatus(decision.to);
      if (refusal) return { ok: false, reason: refusal };
      break;
    }
    case 'assign': {
      const to = decision.to;
      if ((record.assignee ?? null) === to) return { ok: false, reason: 'unchanged' };
      if (to !== null && (!assignee || assignee.email !== to || !canBeAssigned(assignee))) {
        return { ok: false, reason: 'invalid' };
      }
      change.assignee = to;
      change.events.push(event('assign', { from: record.assignee ?? '', to: to ?? '' }));
      break;
    }
    case 'reroute': {
      if (record.routing !== 'routed') return { ok: false, reason: 'not-routed' };
      const current = sortedInboxes(record.routedTo ?? []);
      const next = sortedInboxes(inboxesOf(decision.to));
      if (routeLabel(current) === routeLabel(next)) return { ok: false, reason: 'unchanged' };
      change.routedTo = { from: current, to: next };
      change.events.push(event('reroute', { from: routeLabel(current), to: routeLabel(next) }));
      outcome.forward = next.filter((inbox) => !current.includes(inbox));
      break;
    }
    case 'note': {
      const text = staffTextSchema.safeParse(decision.text);
      if (!text.success) return { ok: false, reason: 'invalid' };
      change.note = { text: text.data, at, by: actor.email };
      change.events.push(event('note'));
      break;
    }
    case 'transcript': {
      // Only for a submission that has (or had) a recording; it replaces the previous one.
      if (!record.voice && !record.transcript) return { ok: false, reason: 'not-found' };
      const text = staffTextSchema.safeParse(decision.text);
      if (!text.success) return { ok: false, reason: 'invalid' };
      if (text.data === record.transcript?.text) return { ok: false, reason: 'unchanged' };
      change.transcript = { text: text.data, at, by: actor.email };
      change.events.push(event('transcript', record.transcript ? { replaced: 'yes' } : undefined));
      break;
    }
    case 'reply': {
      if (record.status === 'spam') return { ok: false, reason: 'transition' };
      const text = staffTextSchema.safeParse(decision.text);
      if (!text.success) return { ok: false, reason: 'invalid' };
      change.publicReply = { text: text.data, at, by: actor.email };
      change.events.push(event('reply', record.publicReply ? { replaced: 'yes' } : undefined));
      if (decision.then && decision.then !== record.status) {
        const refusal = changeStatus(decision.then);
        if (refusal) return { ok: false, reason: refusal };
      }
      if (record.hasEmail) outcome.notifySubmitter = true;
      break;
    }
  }
  return { ok: true, change, outcome };
}

/** The record as it is once `change` applies: what the store writes, computed the same way. */
export function applyChange(record: SubmissionRecord, change: TriageChange): SubmissionRecord {
  const next: SubmissionRecord = {
    ...record,
    version: record.version + 1,
    audit: [...(record.audit ?? []), ...change.events],
  };
  if (change.status) {
    next.status = change.status.to;
    next.statusChangedAt = change.at;
  }
  if (change.assignee === null) delete next.assignee;
  else if (change.assignee !== undefined) next.assignee = change.assignee;
  if (change.routedTo) next.routedTo = change.routedTo.to;
  if (change.publicReply) next.publicReply = change.publicReply;
  if (change.note) next.notes = [...(record.notes ?? []), change.note];
  if (change.transcript) next.transcript = change.transcript;
  return next;
}

// ---------------------------------------------------------------- the triage service

/** What the store offers the triage service. */
export interface TriageRepository {
  get(reference: string): Promise<SubmissionRecord | undefined>;
  /**
   * Applies the change if the submission is still at `change.expectedVersion`. Returns
   * the record as it was just before (so callers know the index of the new events).
   */
  applyTriageChange(
    reference: string,
    change: TriageChange,
  ): Promise<{ ok: true; before: SubmissionRecord } | { ok: false; reason: 'conflict' | 'not-found' }>;
  /** Appends one audit event without touching the version (reading is not editing). */
  appendAudit(reference: string, event: AuditEvent): Promise<boolean>;
}

export interface StaffDirectory {
  get(email: string): Promise<StaffMember | undefined>;
}

export interface ContactOpener {
  open(ciphertext: string, reference: string): Promise<Contact>;
}

/** The outcome workflow's input; the execution is named after the reference and the event. */
export interface OutcomeInput {
  reference: string;
  /** Index of the decision's last audit event: names the execution and keys the submitter email. */
  event: number;
  forward: Inbox[];
  notify: boolean;
}

export interface OutcomeStarter {
  start(name: string, input: OutcomeInput): Promise<'started' | 'exists'>;
}

/** Step Functions execution names: [A-Za-z0-9_-], at most 80 characters. */
export const outcomeExecutionName = (reference: string, event: number) => `${reference}-outcome-${event}`;

export type DecisionResult =
  | { ok: true; record: SubmissionRecord; event: number; outcome: 'none' | 'started' | 'failed' }
  | { ok: false; reason: Refusal; record?: SubmissionRecord };

export interface TriageDeps {
  repository: TriageRepository;
  staff: StaffDirectory;
  contacts?: ContactOpener;
  outcomes?: OutcomeStarter;
  now?: () => Date;
  log?: (event: string, detail?: Record<string, unknown>) => void;
}

export function createTriage({ repository, staff, contacts, outcomes, now = () => new Date(), log }: TriageDeps) {
  /** The submission if this person may see it; otherwise nothing, exactly as if it did not exist. */
  async function find(actor: StaffActor, reference: string): Promise<SubmissionRecord | undefined> {
    const record = await repository.get(reference);
    return record && canSeeSubmission(actor, record) ? record : undefined;
  }

  /** …and only what this person's role may see of it (visibleTo). */
  async function view(actor: StaffActor, reference: string): Promise<SubmissionRecord | undefined> {
    const record = await find(actor, reference);
    return record && visibleTo(actor, record);
  }

  async function decide(
    actor: StaffActor,
    reference: string,
    expectedVersion: number,
    decision: Decision,
  ): Promise<DecisionResult> {
    const record = await find(actor, reference);
    if (!record) return { ok: false, reason: 'not-found' };
    if (record.version !== expectedVersion) return { ok: false, reason: 'conflict', record: visibleTo(actor, record) };
    const assignee = decision.action === 'assign' && decision.to ? await staff.get(decision.to) : undefined;
    const plan = planDecision(actor, record, decision, now().toISOString(), assignee);
    if (!plan.ok) return { ok: false, reason: plan.reason, record: visibleTo(actor, record) };

    const applied = await repository.applyTriageChange(reference, plan.change);
    if (!applied.ok) {
      return applied.reason === 'conflict'
        ? { ok: false, reason: 'conflict', record: await view(actor, reference) }
        : { ok: false, reason: 'not-found' };
    }
    const updated = applyChange(applied.before, plan.change);
    const event = (updated.audit?.length ?? 1) - 1;
    const wanted = plan.outcome.forward.length > 0 || plan.outcome.notifySubmitter;
    let outcome: 'none' | 'started' | 'failed' = 'none';
    if (wanted && outcomes) {
      try {
        await outcomes.start(outcomeExecutionName(reference, event), {
          reference,
          event,
          forward: plan.outcome.forward,
          notify: plan.outcome.notifySubmitter,
        });
        outcome = 'started';
      } catch (error) {
        // The decision stands; the staff view says the email is not on its way yet.
        log?.('outcome.start-failed', { reference, event, error: (error as Error).name });
        outcome = 'failed';
      }
    }
    return { ok: true, record: visibleTo(actor, updated), event, outcome };
  }

  /**
   * Contact details, for people allowed to see them. The view is written to the audit
   * trail before anything is decrypted, so no read goes unrecorded.
   */
  async function showContact(
    actor: StaffActor,
    reference: string,
  ): Promise<{ ok: true; contact: Contact } | { ok: false; reason: 'not-found' | 'not-permitted' }> {
    const record = await find(actor, reference);
    if (!record) return { ok: false, reason: 'not-found' };
    if (!canSeeContact(actor) || !contacts) return { ok: false, reason: 'not-permitted' };
    if (!record.contactCiphertext) return { ok: true, contact: {} };
    const recorded = await repository.appendAudit(reference, {
      at: now().toISOString(),
      by: actor.email,
      action: 'contact-viewed',
    });
    if (!recorded) return { ok: false, reason: 'not-found' };
    return { ok: true, contact: await contacts.open(record.contactCiphertext, reference) };
  }

  /**
   * The recording, for a person who may see the submission (a liaison: donor-routed only).
   * Starting to listen is recorded in the audit trail like a read of contact details;
   * `recordListening` is false for the player's later range requests (seeking, buffering).
   */
  async function listen(actor: StaffActor, reference: string, recordListening: boolean) {
    const record = await view(actor, reference);
    if (!record?.voice) return undefined;
    if (recordListening) {
      const event: AuditEvent = { at: now().toISOString(), by: actor.email, action: 'voice-played' };
      if (!(await repository.appendAudit(reference, event))) return undefined;
    }
    return record.voice;
  }

  return { view, decide, showContact, listen };
}

export type Triage = ReturnType<typeof createTriage>;
