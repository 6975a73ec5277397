import { describe, expect, it } from 'vitest';
import { INBOX_LANGUAGES, INBOXES } from './inboxes.ts';
import { routeSubmission } from './routing.ts';

describe('routing rules', () => {
  it.each([
    ['ose', ['ose'], false],
    ['donors', ['donors'], false],
    ['both', INBOXES, false], // every inbox in the table
    ['unsure', ['ose'], true],
  ] as const)('sends "%s" to %j', (addressee, inboxes, needsTriageDecision) => {
    expect(routeSubmission({ addressee, topics: ['education'] })).toEqual({
      inboxes,
      urgent: false,
      needsTriageDecision,
    });
  });

  it('marks detainees and protection of civilians as urgent, whatever else is chosen', () => {
    expect(routeSubmission({ addressee: 'donors', topics: ['advocacy', 'detainees'] }).urgent).toBe(true);
    expect(routeSubmission({ addressee: 'ose', topics: ['protection-of-civilians'] }).urgent).toBe(true);
    expect(routeSubmission({ addressee: 'ose', topics: ['sanctions', 'education'] }).urgent).toBe(false);
  });

  it('writes to OSE in Arabic and English and to the donors in English', () => {
    expect(INBOX_LANGUAGES).toMatchObject({ ose: ['ar', 'en'], donors: ['en'] });
  });
});
