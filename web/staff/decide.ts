import {
  type Decision,
  type DecisionAction,
  isInboxChoice,
  normaliseStaffEmail,
  type Refusal,
  replyDecision,
  type StaffActor,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
  type SubmissionStatus,
  type Triage,
} from '#core';
import type { DecisionValues } from './views/submission.tsx';

/**
 * A decision on one submission (status, assignment, route, note, reply, transcript), as one call that
 * answers what happened (docs/adr/0013). The handler in submission.tsx reads the form into a
 * DecisionForm, calls this, and renders the outcome; a new outcome does not compile until
 * the handler renders it.
 */
export const DECISION_ACTIONS: readonly DecisionAction[] = [
  'status',
  'assign',
  'reroute',
  'note',
  'reply',
  'transcript',
];

/** What the form can be wrong about before the domain sees it. */
type FormProblem = 'choice' | 'assignee';
/** Why a decision was refused and the page shows the submission again with an error. */
export type DecisionProblem = Exclude<Refusal, 'not-found' | 'not-permitted' | 'conflict'> | FormProblem;

/** A decision form, read: which decision on which version, and what the person typed or chose. */
export interface DecisionForm {
  action: DecisionAction;
  version: number;
  decision: Decision | { invalid: FormProblem };
  values: DecisionValues;
}

export type DecideOutcome =
  /** No such submission for this person, or not theirs to decide: the same answer, nothing leaks. */
  | { kind: 'not-found' }
  /** Someone changed it since the page was loaded: the latest version, to decide again. */
  | { kind: 'conflict'; record: SubmissionRecord }
  /** Refused (a transition the life cycle forbids, nothing to change, bad text…): the page again. */
  | { kind: 'refused'; problem: DecisionProblem; record: SubmissionRecord }
  /** Done; `mail` says whether the emails it asks for are on their way. */
  | { kind: 'decided'; mail: 'none' | 'started' | 'failed' };

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const isStatus = (value: string): value is SubmissionStatus =>
  (SUBMISSION_STATUSES as readonly string[]).includes(value);

/** The form as a decision, or the field that is wrong. */
function readDecision(action: DecisionAction, body: Record<string, unknown>): DecisionForm['decision'] {
  switch (action) {
    case 'status': {
      const to = text(body.to);
      return isStatus(to) ? { action, to } : { invalid: 'choice' };
    }
    case 'assign': {
      if (text(body.to) === '') return { action, to: null };
      const to = normaliseStaffEmail(body.to);
      return to ? { action, to } : { invalid: 'assignee' };
    }
    case 'reroute': {
      const to = text(body.to);
      return isInboxChoice(to) ? { action, to } : { invalid: 'choice' };
    }
    case 'note':
    case 'transcript':
      return { action, text: text(body.text) };
    case 'reply': {
      const then = text(body.after);
      if (then !== '' && !isStatus(then)) return { invalid: 'choice' };
      return replyDecision(text(body.text), then === '' ? undefined : then);
    }
  }
}

/** A posted decision form, or nothing when it names no known decision or no version. */
export function readDecisionForm(body: Record<string, unknown>): DecisionForm | undefined {
  const action = text(body.action) as DecisionAction;
  const version = Number.parseInt(text(body.version), 10);
  if (!DECISION_ACTIONS.includes(action) || !Number.isSafeInteger(version)) return undefined;
  const values: DecisionValues = {
    note: action === 'note' ? text(body.text) : undefined,
    reply: action === 'reply' ? text(body.text) : undefined,
    nextStatus: action === 'reply' ? text(body.after) : undefined,
    statusTo: action === 'status' ? text(body.to) : undefined,
    assignTo: action === 'assign' ? text(body.to) : undefined,
    routeTo: action === 'reroute' ? text(body.to) : undefined,
    transcript: action === 'transcript' ? text(body.text) : undefined,
  };
  return { action, version, decision: readDecision(action, body), values };
}

export interface DecideDeps {
  triage: Pick<Triage, 'decide' | 'view'>;
  log?: ((event: string, detail?: Record<string, unknown>) => void) | undefined;
}

export function createDecideOnSubmission({ triage, log }: DecideDeps) {
  return async function decideOnSubmission(
    me: StaffActor,
    reference: string,
    form: DecisionForm,
  ): Promise<DecideOutcome> {
    const { decision } = form;
    const result =
      'invalid' in decision
        ? ({ ok: false, reason: decision.invalid } as const)
        : await triage.decide(me, reference, form.version, decision);
    if (result.ok) {
      log?.('staff.decided', { reference, action: form.action, event: result.event });
      return { kind: 'decided', mail: result.outcome };
    }
    const { reason } = result;
    if (reason === 'not-found' || reason === 'not-permitted') return { kind: 'not-found' };
    const record = ('record' in result ? result.record : undefined) ?? (await triage.view(me, reference));
    if (!record) return { kind: 'not-found' };
    return reason === 'conflict' ? { kind: 'conflict', record } : { kind: 'refused', problem: reason, record };
  };
}

export type DecideOnSubmission = ReturnType<typeof createDecideOnSubmission>;
