import { ADDRESSEES, DISABILITY_ANSWERS, GENDERS, LANGUAGES, REGIONS } from './options.ts';
import type { SubmissionRecord } from './submission.ts';
import { TOPIC_IDS } from './topics.ts';

/**
 * Statistics for staff: counts by dimension, with small counts suppressed so that nobody
 * can be singled out. Any count under SMALL_COUNT is shown only as "fewer than 5". Where a
 * table splits every submission once (all but topics), a single suppressed non-zero cell
 * could be worked out from the total, so the next smallest cell is hidden with it.
 */
export const SMALL_COUNT = 5;

export const STAT_DIMENSIONS = ['month', 'addressee', 'topic', 'region', 'gender', 'disability', 'language'] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];

/** The fields statistics read; nothing else leaves the store for them. */
export type StatFields = Pick<
  SubmissionRecord,
  'createdAt' | 'addressee' | 'topics' | 'region' | 'gender' | 'disability' | 'language'
>;

/** Where the person gave no answer. */
export const NOT_GIVEN = 'not-given';

export type Tally = Record<StatDimension, Map<string, number>>;

const FIXED: Record<Exclude<StatDimension, 'month'>, readonly string[]> = {
  addressee: ADDRESSEES,
  topic: TOPIC_IDS,
  region: [...REGIONS, NOT_GIVEN],
  gender: [...GENDERS, NOT_GIVEN],
  disability: [...DISABILITY_ANSWERS, NOT_GIVEN],
  language: LANGUAGES,
};

export function emptyTally(): Tally {
  const tally = { month: new Map<string, number>() } as Tally;
  for (const [dimension, values] of Object.entries(FIXED)) {
    tally[dimension as Exclude<StatDimension, 'month'>] = new Map(values.map((value) => [value, 0]));
  }
  return tally;
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export function addToTally(tally: Tally, record: StatFields): Tally {
  bump(tally.month, record.createdAt.slice(0, 7));
  bump(tally.addressee, record.addressee);
  for (const topic of new Set(record.topics)) bump(tally.topic, topic);
  bump(tally.region, record.region ?? NOT_GIVEN);
  bump(tally.gender, record.gender ?? NOT_GIVEN);
  bump(tally.disability, record.disability ?? NOT_GIVEN);
  bump(tally.language, record.language);
  return tally;
}

export type ShownCount = { kind: 'count'; value: number } | { kind: 'fewer'; than: number } | { kind: 'hidden' };

export interface StatRow {
  key: string;
  shown: ShownCount;
}

/** Dimensions where each submission counts exactly once, so the cells add up to the total. */
const PARTITIONS: readonly StatDimension[] = ['month', 'addressee', 'region', 'gender', 'disability', 'language'];

export function suppress(dimension: StatDimension, counts: Map<string, number>): StatRow[] {
  const keys = dimension === 'month' ? [...counts.keys()].sort() : [...counts.keys()];
  const rows: StatRow[] = keys.map((key) => {
    const value = counts.get(key) ?? 0;
    return { key, shown: value < SMALL_COUNT ? { kind: 'fewer', than: SMALL_COUNT } : { kind: 'count', value } };
  });
  if (PARTITIONS.includes(dimension)) {
    const hiddenNonZero = keys.filter((key) => {
      const value = counts.get(key) ?? 0;
      return value > 0 && value < SMALL_COUNT;
    });
    const suppressed = rows.filter((row) => row.shown.kind !== 'count');
    // One suppressed cell with people in it, next to a published total, gives itself away.
    if (hiddenNonZero.length === 1 && suppressed.length === 1) {
      const next = rows
        .filter((row) => row.shown.kind === 'count')
        .sort((a, b) => (counts.get(a.key) ?? 0) - (counts.get(b.key) ?? 0))[0];
      if (next) next.shown = { kind: 'hidden' };
    }
  }
  return rows;
}

/** The total, itself suppressed when small. */
export function shownTotal(total: number): ShownCount {
  return total < SMALL_COUNT ? { kind: 'fewer', than: SMALL_COUNT } : { kind: 'count', value: total };
}
