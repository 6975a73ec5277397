import { describe, expect, it } from 'vitest';
import { SEARCH_MAX_LENGTH } from '#core';
import { readQueueQuery, signCursor } from './queue-query.ts';

const secret = 'queue-query-test-secret-0123456789';
const triager = { email: 'triager@ose.example', role: 'triager' } as const;
const liaison = { email: 'liaison@donors.example', role: 'liaison' } as const;

describe('the queue query string', () => {
  it('starts each role where its work is', () => {
    expect(readQueueQuery(secret, triager, {}).status).toBe('new');
    expect(readQueueQuery(secret, liaison, {}).status).toBe('all');
  });

  it('reads known filters and ignores unknown or empty values instead of failing', () => {
    const view = readQueueQuery(secret, triager, {
      status: 'forwarded',
      addressee: 'donors',
      topic: 'detainees',
      region: 'nowhere',
      language: '',
      urgent: '1',
      order: 'sideways',
    });
    expect(view.status).toBe('forwarded');
    expect(view.filters).toEqual({
      addressee: 'donors',
      topic: 'detainees',
      region: undefined,
      language: undefined,
      urgent: true,
    });
    expect(view.order).toBe('newest');
    expect(readQueueQuery(secret, triager, { status: 'archived-forever', urgent: 'yes' })).toMatchObject({
      status: 'new',
      filters: { urgent: undefined },
    });
  });

  it('trims search words and cuts them at the limit, and drops blank ones', () => {
    expect(readQueueQuery(secret, triager, { q: '  معتقلين  ' }).q).toBe('معتقلين');
    expect(readQueueQuery(secret, triager, { q: '   ' }).q).toBeUndefined();
    expect(readQueueQuery(secret, triager, { q: 'ب'.repeat(SEARCH_MAX_LENGTH + 50) }).q).toHaveLength(
      SEARCH_MAX_LENGTH,
    );
  });

  it('takes a cursor only when signed for the same order, and says when one was refused', () => {
    const position = '2024-01-01T00:00:30.000Z#ABCDEFGH2345';
    const cursor = signCursor(secret, 'oldest', position);
    expect(readQueueQuery(secret, triager, { order: 'oldest', cursor })).toMatchObject({
      after: position,
      cursor,
      invalidCursor: false,
    });
    expect(readQueueQuery(secret, triager, { order: 'newest', cursor })).toMatchObject({ invalidCursor: true });
    // Longer than any cursor the queue signs: not read at all (no cursor, nothing refused).
    const long = readQueueQuery(secret, triager, { order: 'oldest', cursor: `${cursor}${'x'.repeat(400)}` });
    expect([long.after, long.cursor, long.invalidCursor]).toEqual([undefined, undefined, false]);
  });
});
