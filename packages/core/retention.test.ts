import { describe, expect, it } from 'vitest';
import { retentionAction, retentionCutoff, statusSince } from './retention.ts';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2030-06-01T12:00:00.000Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
const rules = { contactDays: 90, spamDays: 30 };

describe('retention rules', () => {
  it('erases contact details once a submission has been closed for the retention period', () => {
    const closed = { status: 'closed' as const, createdAt: ago(200), contactCiphertext: 'c' };
    expect(retentionAction({ ...closed, statusChangedAt: ago(90) }, rules, now)).toBe('erase-contact');
    expect(retentionAction({ ...closed, statusChangedAt: ago(89) }, rules, now)).toBe('keep');
    expect(retentionAction({ ...closed, statusChangedAt: ago(120), contactCiphertext: undefined }, rules, now)).toBe(
      'keep',
    );
  });

  it('deletes spam sooner, and never touches open work however old', () => {
    expect(retentionAction({ status: 'spam', createdAt: ago(40), statusChangedAt: ago(30) }, rules, now)).toBe(
      'delete',
    );
    expect(retentionAction({ status: 'spam', createdAt: ago(40), statusChangedAt: ago(29) }, rules, now)).toBe('keep');
    for (const status of ['new', 'in-review', 'forwarded', 'answered'] as const) {
      expect(retentionAction({ status, createdAt: ago(900), contactCiphertext: 'c' }, rules, now)).toBe('keep');
    }
  });

  it('counts from the last status event, then from creation, when statusChangedAt is missing', () => {
    const audit = [
      { at: ago(300), by: 'a', action: 'status' as const },
      { at: ago(10), by: 'a', action: 'status' as const },
      { at: ago(5), by: 'a', action: 'note' as const },
    ];
    expect(statusSince({ createdAt: ago(400), audit })).toBe(ago(10));
    expect(statusSince({ createdAt: ago(400) })).toBe(ago(400));
    expect(retentionAction({ status: 'closed', createdAt: ago(400), audit, contactCiphertext: 'c' }, rules, now)).toBe(
      'keep',
    );
  });

  it('queries everything created before the cutoff (a submission is closed after it is created)', () => {
    expect(retentionCutoff(90, now)).toBe(ago(90));
  });
});
