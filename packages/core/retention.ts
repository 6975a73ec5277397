import type { SubmissionRecord } from './submission.ts';

/**
 * How long things are kept (stated on the form and in the privacy notice):
 * - contact details (email, organisation) are erased `contactDays` after a submission is closed;
 * - submissions marked spam are deleted `spamDays` after they were marked.
 * The input itself, without contact details, stays for the record of the consultation.
 * A voice recording (issue 19) identifies its speaker as surely as an email address does: it
 * is erased with the contact details, and the staff-written transcript, if any, stays.
 */
export interface RetentionRules {
  contactDays: number;
  spamDays: number;
}

export const DEFAULT_RETENTION: RetentionRules = { contactDays: 90, spamDays: 30 };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When the submission entered its current status. `statusChangedAt` is set by every status
 * change; older records fall back to their last status event, then to when they were made.
 */
export function statusSince(record: Pick<SubmissionRecord, 'statusChangedAt' | 'audit' | 'createdAt'>): string {
  if (record.statusChangedAt) return record.statusChangedAt;
  const lastStatus = [...(record.audit ?? [])].reverse().find((event) => event.action === 'status');
  return lastStatus?.at ?? record.createdAt;
}

export type RetentionAction = 'erase-contact' | 'delete' | 'keep';

/** What retention asks for this submission at `now`. */
export function retentionAction(
  record: Pick<SubmissionRecord, 'status' | 'statusChangedAt' | 'audit' | 'createdAt' | 'contactCiphertext' | 'voice'>,
  rules: RetentionRules,
  now: Date,
): RetentionAction {
  const since = Date.parse(statusSince(record));
  if (Number.isNaN(since)) return 'keep';
  const age = now.getTime() - since;
  if (record.status === 'spam' && age >= rules.spamDays * DAY_MS) return 'delete';
  if (record.status === 'closed' && (record.contactCiphertext || record.voice) && age >= rules.contactDays * DAY_MS) {
    return 'erase-contact';
  }
  return 'keep';
}

/** The latest time a submission could have entered its status and be due now: the Query cutoff. */
export function retentionCutoff(days: number, now: Date): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}
