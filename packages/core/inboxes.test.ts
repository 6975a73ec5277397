import { describe, expect, it } from 'vitest';
import { canSeeBrief } from './briefs.ts';
import { EVERY_INBOX, INBOX_TABLE, INBOXES, readByLiaisons } from './inboxes.ts';
import { canSeeSubmission, type StaffActor } from './staff.ts';

const liaison: StaffActor = { email: 'liaison@donors.example', role: 'liaison' };

describe('which inboxes liaisons read (the inbox table)', () => {
  it('is the donors’ inbox alone: never every inbox at once, never anything else', () => {
    expect(INBOXES.filter(readByLiaisons)).toEqual(['donors']);
    expect(readByLiaisons(EVERY_INBOX)).toBe(false);
    for (const value of [undefined, '', 'DONORS', 'donors ', 42, {}]) expect(readByLiaisons(value)).toBe(false);
  });

  it('decides what a liaison sees, from the table only', () => {
    for (const inbox of INBOXES) {
      const reads = INBOX_TABLE[inbox].readByLiaisons;
      expect(canSeeBrief(liaison, { addressee: inbox })).toBe(reads);
      expect(canSeeSubmission(liaison, { routing: 'routed', routedTo: [inbox] })).toBe(reads);
    }
    expect(canSeeBrief(liaison, { addressee: EVERY_INBOX })).toBe(false);
    expect(canSeeSubmission(liaison, { routing: 'routed', routedTo: [...INBOXES] })).toBe(true);
    expect(canSeeSubmission(liaison, { routing: 'pending', routedTo: [...INBOXES] })).toBe(false);
  });
});
