import type { SubmissionStatus } from './submission.ts';

/**
 * The triage life cycle. Allowed transitions are data: the store refuses anything else,
 * and the staff view only offers what is allowed from the current status.
 */
export const TRANSITIONS: Record<SubmissionStatus, readonly SubmissionStatus[]> = {
  new: ['in-review', 'spam'],
  'in-review': ['forwarded', 'answered', 'closed', 'spam'],
  forwarded: ['answered', 'closed'],
  answered: ['closed', 'in-review'],
  closed: ['in-review'],
  spam: ['new'],
};

export function canTransition(from: SubmissionStatus, to: SubmissionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** One line of a submission's audit trail. Append-only: nothing edits or removes an event. */
export interface AuditEvent {
  at: string;
  /** Staff email, or `system` for the workflow and sweeps. */
  by: string;
  action:
    | 'status'
    | 'assign'
    | 'reroute'
    | 'note'
    | 'reply'
    | 'contact-viewed'
    | 'contact-erased'
    /** Staff listened to the voice recording (issue 19), recorded like a read of contact details. */
    | 'voice-played'
    /** Staff wrote or replaced the recording's transcript. */
    | 'transcript'
    | 'routed'
    | 'delivery-failed'
    /** The person changed their consent to be quoted, on /status (by: `submitter`). */
    | 'quote-consent';
  /** Small, structured details, e.g. { from: 'new', to: 'in-review' }. Never contact details. */
  detail?: Record<string, string>;
}

/** A reply staff wrote for the person who sent the input; shown on /status, emailed if possible. */
export interface PublicReply {
  text: string;
  at: string;
  by: string;
}

export interface InternalNote {
  text: string;
  at: string;
  by: string;
}
