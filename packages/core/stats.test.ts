import { describe, expect, it } from 'vitest';
import { addToTally, emptyTally, NOT_GIVEN, SMALL_COUNT, shownTotal, suppress } from './stats.ts';

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('small-count suppression', () => {
  it('shows any count under 5 only as "fewer than 5", zero included', () => {
    const rows = suppress('topic', counts({ a: 0, b: 1, c: 4, d: 5, e: 120 }));
    expect(rows.map((r) => r.shown)).toEqual([
      { kind: 'fewer', than: SMALL_COUNT },
      { kind: 'fewer', than: SMALL_COUNT },
      { kind: 'fewer', than: SMALL_COUNT },
      { kind: 'count', value: 5 },
      { kind: 'count', value: 120 },
    ]);
  });

  it('hides a second cell when one suppressed cell could be worked out from the total', () => {
    const rows = suppress('gender', counts({ woman: 40, man: 52, another: 3, [NOT_GIVEN]: 9 }));
    expect(Object.fromEntries(rows.map((r) => [r.key, r.shown.kind]))).toEqual({
      woman: 'count',
      man: 'count',
      another: 'fewer',
      [NOT_GIVEN]: 'hidden',
    });
  });

  it('needs no second cell when two suppressed cells already mask each other, or the only one is empty', () => {
    const two = suppress('gender', counts({ woman: 40, man: 2, another: 3, [NOT_GIVEN]: 9 }));
    expect(two.filter((r) => r.shown.kind === 'hidden')).toEqual([]);
    const zero = suppress('gender', counts({ woman: 40, man: 20, another: 0, [NOT_GIVEN]: 9 }));
    expect(zero.filter((r) => r.shown.kind === 'hidden')).toEqual([]);
  });

  it('suppresses a small total too', () => {
    expect(shownTotal(4)).toEqual({ kind: 'fewer', than: 5 });
    expect(shownTotal(5)).toEqual({ kind: 'count', value: 5 });
  });
});

describe('tallies', () => {
  it('count each dimension, topics once per submission, missing answers as not given', () => {
    const tally = emptyTally();
    addToTally(tally, {
      createdAt: '2025-03-04T10:00:00Z',
      addressee: 'both',
      topics: ['education', 'education', 'detainees'],
      language: 'ar',
    });
    addToTally(tally, {
      createdAt: '2025-04-01T00:00:00Z',
      addressee: 'ose',
      topics: ['education'],
      language: 'en',
      region: 'turkey',
      gender: 'woman',
      disability: 'yes',
    });
    expect([...tally.month]).toEqual([
      ['2025-03', 1],
      ['2025-04', 1],
    ]);
    expect(tally.topic.get('education')).toBe(2);
    expect(tally.topic.get('detainees')).toBe(1);
    expect(tally.region.get(NOT_GIVEN)).toBe(1);
    expect(tally.gender.get('woman')).toBe(1);
    expect(tally.addressee.get('donors')).toBe(0);
  });
});
