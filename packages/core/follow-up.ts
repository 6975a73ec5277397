import { createHmac, randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { hashesEqual, isReference, normaliseCode, receiptHash } from './codes.ts';
import { INBOXES, type Inbox, TRIAGE_INBOX } from './inboxes.ts';
import type { SubmissionRepository } from './intake.ts';
import { neutraliseControls, preprocess, type SubmissionRecord, type SubmissionStatus } from './submission.ts';

/**
 * Following up a submission without an account (issue 5): the person proves they sent it
 * with the reference and the receipt code from their confirmation page, and sees a
 * plain-language timeline. Nothing here knows about HTTP or storage.
 */

export const REFERENCE_LENGTH = 12;
export const RECEIPT_LENGTH = 16;
const RECEIPT_PATTERN = new RegExp(`^[0-9A-HJKMNP-TV-Z]{${RECEIPT_LENGTH}}$`);

export const isReceiptCode = (code: string) => RECEIPT_PATTERN.test(code);

const code = (required: string, format: string, valid: (code: string) => boolean) =>
  preprocess(
    (value) => (typeof value === 'string' ? normaliseCode(value.slice(0, 200)) : value),
    z.string({ error: format }).check(z.minLength(1, { error: required }), z.refine(valid, { error: format })),
  );

const statusQuerySchema = z.object({
  reference: code('status.error.reference.required', 'status.error.reference.format', isReference),
  receipt: code('status.error.receipt.required', 'status.error.receipt.format', isReceiptCode),
});

export type StatusField = 'reference' | 'receipt';
export const STATUS_FIELDS: readonly StatusField[] = ['reference', 'receipt'];
export type StatusQuery = z.output<typeof statusQuerySchema>;
export type StatusQueryResult =
  | { ok: true; value: StatusQuery }
  | { ok: false; errors: Partial<Record<StatusField, string>> };

/** Validates the lookup form. Errors are catalogue keys, first one per field, in page order. */
export function parseStatusQuery(raw: Record<string, unknown>): StatusQueryResult {
  const result = statusQuerySchema.safeParse({ reference: raw.reference ?? '', receipt: raw.receipt ?? '' });
  if (result.success) return { ok: true, value: result.data };
  const errors: Partial<Record<StatusField, string>> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as StatusField;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Compared against when the reference is unknown: random per process, so it matches nothing. */
const NO_SUCH_RECEIPT_HASH = randomBytes(32).toString('hex');

/**
 * Finds a submission only when the receipt belongs to it. Whether the reference exists or
 * not, the receipt is hashed and compared (in constant time) once, so a wrong reference
 * and a wrong receipt cost the same work and give the same answer.
 */
export function createStatusLookup(repository: Pick<SubmissionRepository, 'get'>) {
  return {
    async find(reference: string, receipt: string): Promise<SubmissionRecord | undefined> {
      const record = await repository.get(reference);
      const matches = hashesEqual(receiptHash(receipt), record?.receiptHash ?? NO_SUCH_RECEIPT_HASH);
      return matches && record ? record : undefined;
    },
  };
}
export type StatusLookup = ReturnType<typeof createStatusLookup>;

/**
 * An anonymous rate-limit key for one reference, so guesses at one submission's receipt
 * are counted without the reference itself sitting in a counter item.
 */
export function referenceKey(secret: string, reference: string): string {
  return createHmac('sha256', secret).update(`mashura:status-reference:${reference}`).digest('base64url').slice(0, 22);
}

/** What the person reads on /status: never staff names, notes or the word "spam". */
export type TimelineStep = 'received' | 'sent' | 'review' | 'forwarded' | 'answered' | 'closed' | 'reopened';
export type CurrentStage = 'sending' | 'waiting' | 'review' | 'forwarded' | 'answered' | 'closed';

export interface TimelineEvent {
  step: TimelineStep;
  at: string;
  /** For `sent`: where it went. */
  to?: Inbox[];
}

export interface Timeline {
  current: CurrentStage;
  /** Oldest first. */
  events: TimelineEvent[];
  reply?: { text: string; at: string };
}

/** Spam is shown as closed: the person is never told their input was judged to be spam. */
const STEP_FOR_STATUS: Record<SubmissionStatus, TimelineStep> = {
  new: 'reopened',
  'in-review': 'review',
  forwarded: 'forwarded',
  answered: 'answered',
  closed: 'closed',
  spam: 'closed',
};

function currentStage(record: SubmissionRecord): CurrentStage {
  switch (record.status) {
    case 'new':
      return record.routing === 'routed' ? 'waiting' : 'sending';
    case 'in-review':
      return 'review';
    case 'spam':
      return 'closed';
    default:
      return record.status;
  }
}

const inboxesIn = (value: string | undefined): Inbox[] =>
  INBOXES.filter((inbox) => (value ?? '').split(/[^a-z]+/).includes(inbox));

/** Status changes as the person should read them, from the append-only audit trail. */
function statusEvents(record: SubmissionRecord): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const audit = [...(record.audit ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  // Forwarding to the donors records a status change and a reroute at the same moment: one line says it.
  const forwardedAt = new Set(
    audit.filter((e) => e.action === 'status' && e.detail?.to === 'forwarded').map((e) => e.at),
  );
  for (const event of audit) {
    if (event.action === 'reroute') {
      // Only where it newly went: a reroute lists the whole new route (e.g. `donors+ose`).
      const before = inboxesIn(event.detail?.from);
      const added = inboxesIn(event.detail?.to).filter((inbox) => !before.includes(inbox));
      if (added.length > 0 && !forwardedAt.has(event.at)) events.push({ step: 'sent', at: event.at, to: added });
      continue;
    }
    if (event.action !== 'status') continue;
    const to = event.detail?.to as SubmissionStatus | undefined;
    if (!to || !(to in STEP_FOR_STATUS)) continue;
    const from = event.detail?.from;
    // Back to review after an answer or a close is a second look, not the first reading.
    const step = to === 'in-review' && (from === 'answered' || from === 'closed') ? 'reopened' : STEP_FOR_STATUS[to];
    events.push({ step, at: event.at });
  }
  // A status with no audit event behind it (data set by hand or an older record) still shows.
  const lastStep = events.filter((e) => e.step !== 'sent').at(-1)?.step;
  if (record.status !== 'new' && lastStep !== STEP_FOR_STATUS[record.status] && lastStep !== 'reopened') {
    events.push({ step: STEP_FOR_STATUS[record.status], at: record.statusChangedAt ?? record.createdAt });
  }
  return events;
}

/**
 * Where intake first sent it: the `routed` audit event says; older records without one
 * have it as the first reroute's `from`, or (never rerouted) as `routedTo` itself.
 */
function firstRoute(record: SubmissionRecord): Inbox[] {
  const audit = record.audit ?? [];
  const routed = audit.find((event) => event.action === 'routed');
  const rerouted = audit.find((event) => event.action === 'reroute');
  const to = routed
    ? inboxesIn(routed.detail?.to)
    : rerouted
      ? inboxesIn(rerouted.detail?.from)
      : inboxesIn((record.routedTo ?? []).join('+'));
  return to.length > 0 ? to : [TRIAGE_INBOX];
}

export function buildTimeline(record: SubmissionRecord): Timeline {
  const events: TimelineEvent[] = [{ step: 'received', at: record.createdAt }];
  if (record.routing === 'routed' && record.routedAt) {
    events.push({ step: 'sent', at: record.routedAt, to: firstRoute(record) });
  }
  events.push(...statusEvents(record));
  events.sort((a, b) => a.at.localeCompare(b.at));
  // The same step twice in a row (e.g. spam, then closed) reads as one.
  const collapsed = events.filter((event, i) => i === 0 || event.step !== events[i - 1]!.step || event.step === 'sent');
  const timeline: Timeline = { current: currentStage(record), events: collapsed };
  if (record.publicReply && record.status !== 'spam') {
    timeline.reply = { text: neutraliseControls(record.publicReply.text), at: record.publicReply.at };
  }
  return timeline;
}
