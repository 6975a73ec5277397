import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BriefFields, briefFigures, figuresForBrief, isCampaign, suppressGrid } from './briefs-figures.ts';
import { NOT_GIVEN } from './stats.ts';

const grid = (rows: Record<string, [number, number, number, number]>) =>
  new Map(
    Object.entries(rows).map(([topic, [woman, man, another, none]]) => [
      topic,
      new Map([
        ['woman', woman],
        ['man', man],
        ['another', another],
        [NOT_GIVEN, none],
      ]),
    ]),
  );
const kinds = (result: ReturnType<typeof suppressGrid>) =>
  Object.fromEntries(
    result.map(({ row, cells }) => [
      row,
      cells.map(({ shown }) => (shown.kind === 'count' ? shown.value : shown.kind === 'fewer' ? '<5' : 'x')),
    ]),
  );

describe('topic × gender suppression (hand-made counts)', () => {
  it('hides a second cell in a column when one small count could be worked out down the column', () => {
    // Rows alone are safe: A has two suppressed cells, B only an empty one. But the woman
    // column has a lone small count (2) next to 8, so 8 is hidden too.
    const result = suppressGrid(grid({ A: [2, 20, 0, 6], B: [8, 15, 0, 7] }));
    expect(kinds(result)).toEqual({ A: ['<5', 20, '<5', 6], B: ['x', 15, '<5', 7] });
  });

  it('follows the hiding across rows and columns until no line gives a cell away', () => {
    // Row A: its lone 3 hides its smallest other cell, the 6. Columns: the 3 stands alone
    // among the women, so B's 12 goes; the hidden 6 stands alone among "another", so B's 5
    // goes. Then every row and column has two suppressed cells or none, and it stops.
    const result = suppressGrid(grid({ A: [3, 10, 6, 9], B: [12, 11, 5, 20] }));
    expect(kinds(result)).toEqual({ A: ['<5', 10, 'x', 9], B: ['x', 11, 'x', 20] });
  });

  it('leaves a table with no small counts alone', () => {
    const result = suppressGrid(grid({ A: [10, 12, 5, 6], B: [8, 15, 9, 7] }));
    expect(kinds(result)).toEqual({ A: [10, 12, 5, 6], B: [8, 15, 9, 7] });
  });

  it('never leaves a row or column whose one suppressed cell, with people in it, follows from the rest', () => {
    const cell = fc.integer({ min: 0, max: 30 });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell, cell), { minLength: 1, maxLength: 6 }), (rows) => {
        const counts = grid(Object.fromEntries(rows.map((row, i) => [`t${i}`, row])));
        const result = suppressGrid(counts);
        const value = (row: string, key: string) => counts.get(row)!.get(key)!;
        const lines = [
          ...result.map(({ row, cells }) => cells.map((c) => ({ v: value(row, c.key), k: c.shown.kind }))),
          ...result[0]!.cells.map((_, i) =>
            result.map(({ row, cells }) => ({ v: value(row, cells[i]!.key), k: cells[i]!.shown.kind })),
          ),
        ];
        for (const line of lines) {
          const suppressed = line.filter((c) => c.k !== 'count');
          const shown = line.length - suppressed.length;
          expect(suppressed.length === 1 && suppressed[0]!.v > 0 && shown > 0).toBe(false);
        }
        // And every small count is suppressed.
        for (const { row, cells } of result)
          for (const c of cells) if (value(row, c.key) < 5) expect(c.shown.kind).not.toBe('count');
      }),
    );
  });
});

const record = (overrides: Partial<BriefFields> & { routedTo?: string[] } = {}) => ({
  createdAt: '2026-03-10T10:00:00.000Z',
  topics: ['education'],
  status: 'new' as const,
  routing: 'routed' as const,
  routedTo: ['ose'],
  ...overrides,
});
const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make);

describe('brief figures', () => {
  const current = [
    ...times(6, () => record({ region: 'syria-south', gender: 'woman', disability: 'no', status: 'answered' })),
    ...times(7, () => record({ region: 'turkey', gender: 'man', disability: 'no', status: 'closed' })),
    ...times(2, () => record({ topics: ['education', 'detainees'], gender: 'another', status: 'in-review' })),
    ...times(9, () => record({ topics: ['sanctions'], region: 'lebanon', gender: 'woman' })),
  ];
  const previous = times(10, () => record({ createdAt: '2026-02-01T00:00:00.000Z' }));

  it('counts people once per table, topics per topic, with the change from the previous period', () => {
    const f = briefFigures(current, previous, ['education', 'detainees']);
    expect(f.total).toEqual({ kind: 'count', value: 15 });
    expect(f.previousTotal).toEqual({ kind: 'count', value: 10 });
    expect(f.totalChange).toBe(5);
    expect(f.byTopic).toEqual([
      { topic: 'education', now: { kind: 'count', value: 15 }, before: { kind: 'count', value: 10 }, change: 5 },
      // Fewer than 5 now: shown so, and no change given (it could single someone out).
      { topic: 'detainees', now: { kind: 'fewer', than: 5 }, before: { kind: 'fewer', than: 5 } },
    ]);
    const byKey = (rows: { key: string; shown: unknown }[]) => Object.fromEntries(rows.map((r) => [r.key, r.shown]));
    expect(byKey(f.byRegion)).toEqual({
      // The lone small cell (2 not given) would follow from the total: the next smallest goes too.
      inside: { kind: 'hidden' },
      outside: { kind: 'count', value: 7 },
      [NOT_GIVEN]: { kind: 'fewer', than: 5 },
    });
    expect(byKey(f.outcomes)).toEqual({
      answered: { kind: 'hidden' },
      closed: { kind: 'count', value: 7 },
      open: { kind: 'fewer', than: 5 },
    });
  });

  it('counts only input that reached the addressee, and never spam-free drafts of routing', () => {
    const mixed = [
      ...times(5, () => record({ routedTo: ['donors'] })),
      ...times(6, () => record({ routedTo: ['ose'] })),
      ...times(3, () => ({ ...record(), routing: 'pending' as const })),
    ];
    expect(figuresForBrief({ addressee: 'donors', topics: ['education'] }, mixed, []).total).toEqual({
      kind: 'count',
      value: 5,
    });
    expect(figuresForBrief({ addressee: 'both', topics: ['education'] }, mixed, []).total).toEqual({
      kind: 'count',
      value: 11,
    });
  });
});

describe('near-duplicate groups and campaigns in a brief (hand-made submissions)', () => {
  const base: BriefFields = {
    createdAt: '2026-05-10T08:00:00.000Z',
    topics: ['detainees'],
    gender: 'woman',
    status: 'new',
    routedTo: ['ose'],
  };
  const at = (minutes: number) => new Date(Date.parse('2026-05-10T08:00:00Z') + minutes * 60_000).toISOString();
  const count = (shown: { kind: string; value?: number }) => (shown.kind === 'count' ? shown.value : shown.kind);

  it('counts a campaign of 40 near-identical messages as one voice, noting its 40 messages', () => {
    const campaign = Array.from({ length: 40 }, (_, i) => ({ ...base, createdAt: at(i), group: 'G1' }));
    const others = Array.from({ length: 6 }, (_, i) => ({ ...base, createdAt: at(100 + i), gender: 'man' as const }));
    const figures = briefFigures([...campaign, ...others], [], ['detainees']);
    expect(count(figures.total)).toBe(7);
    expect(count(figures.byTopic[0]!.now)).toBe(7);
    expect(figures.similar?.groups).toEqual([{ messages: { kind: 'count', value: 40 }, campaign: true }]);
    expect(count(figures.similar!.messages)).toBe(40);
    // One woman (the campaign's voice) beside six men: the woman's cell is suppressed.
    expect(figures.byGender.find((row) => row.key === 'woman')?.shown.kind).toBe('fewer');
  });

  it('counts a slow group once too, but not as a campaign, and its size under 5 as "fewer than 5"', () => {
    const slow = [0, 3, 9].map((day) => ({ ...base, createdAt: at(day * 24 * 60), group: 'G2' }));
    const others = Array.from({ length: 5 }, (_, i) => ({ ...base, createdAt: at(i) }));
    const figures = briefFigures([...slow, ...others], [], ['detainees']);
    expect(count(figures.total)).toBe(6);
    expect(figures.similar?.groups).toEqual([{ messages: { kind: 'fewer', than: 5 }, campaign: false }]);
  });

  it('counts the group as its newest member, in every table', () => {
    const group = [
      { ...base, createdAt: at(0), group: 'G3', gender: 'man' as const, status: 'closed' as const },
      { ...base, createdAt: at(5), group: 'G3', gender: 'another' as const, status: 'answered' as const },
    ];
    const others = Array.from({ length: 5 }, (_, i) => ({ ...base, createdAt: at(10 + i) }));
    const figures = briefFigures([...group, ...others], [], ['detainees']);
    const cell = (rows: { key: string; shown: { kind: string; value?: number } }[], key: string) =>
      rows.find((row) => row.key === key)?.shown;
    expect(count(figures.total)).toBe(6);
    expect(cell(figures.byGender, 'woman')).toEqual({ kind: 'count', value: 5 });
    expect(cell(figures.outcomes, 'closed')?.kind).not.toBe('count');
    expect(figures.outcomes.find((row) => row.key === 'answered')?.shown.kind).toBe('fewer');
  });

  it('counts groups once in the previous period too, so the change compares voices', () => {
    const now = Array.from({ length: 8 }, (_, i) => ({ ...base, createdAt: at(i) }));
    const before = [
      ...Array.from({ length: 25 }, (_, i) => ({ ...base, createdAt: at(-5000 + i), group: 'G4' })),
      ...Array.from({ length: 5 }, (_, i) => ({ ...base, createdAt: at(-4000 + i) })),
    ];
    const figures = briefFigures(now, before, ['detainees']);
    expect(count(figures.previousTotal)).toBe(6);
    expect(figures.totalChange).toBe(2);
  });

  it('flags a campaign only when the rule’s size arrived within its window', () => {
    const rule = { size: 20, hours: 24 };
    const within = Array.from({ length: 20 }, (_, i) => at(i * 75)); // 19 × 75 min = 23.75 h
    const spread = Array.from({ length: 20 }, (_, i) => at(i * 80)); // 19 × 80 min = 25.3 h
    expect(isCampaign(within, rule)).toBe(true);
    expect(isCampaign(spread, rule)).toBe(false);
    expect(isCampaign(within.slice(0, 19), rule)).toBe(false);
  });
});
