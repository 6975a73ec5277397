import { LANGUAGES } from './languages.ts';
import { ADDRESSEES, DISABILITY_ANSWERS, GENDERS, REGIONS } from './options.ts';
import { canSeePersonalAnswers, PERSONAL_ANSWER_FIELDS, type StaffActor } from './staff.ts';
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

/** The record field each dimension counts. */
const DIMENSION_FIELD: Record<StatDimension, keyof StatFields> = {
  month: 'createdAt',
  addressee: 'addressee',
  topic: 'topics',
  region: 'region',
  gender: 'gender',
  disability: 'disability',
  language: 'language',
};

/**
 * The breakdowns this person may see: a dimension that counts a personal answer only for a
 * role that may read personal answers (packages/core/staff.ts), whichever roles those are.
 *
 * Differencing: anyone who can watch a count change as one new submission arrives learns that
 * submission's value in the dimension, whatever the small-count suppression. So the rule is
 * not "enough people in a cell" but "no dimension the role could not read on the submission
 * itself": every breakdown left is of a field the same person can open the record and read.
 */
export function statDimensionsFor(actor: StaffActor): StatDimension[] {
  const personal: readonly string[] = PERSONAL_ANSWER_FIELDS;
  return STAT_DIMENSIONS.filter(
    (dimension) => canSeePersonalAnswers(actor) || !personal.includes(DIMENSION_FIELD[dimension]),
  );
}

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

/**
 * The cells one submission adds one to, as `<dimension>:<value>` keys: what the store keeps
 * running totals of (packages/store/counts.ts), and what addToTally counts.
 */
export function tallyKeys(record: StatFields): string[] {
  return [
    `month:${record.createdAt.slice(0, 7)}`,
    `addressee:${record.addressee}`,
    ...[...new Set(record.topics)].map((topic) => `topic:${topic}`),
    `region:${record.region ?? NOT_GIVEN}`,
    `gender:${record.gender ?? NOT_GIVEN}`,
    `disability:${record.disability ?? NOT_GIVEN}`,
    `language:${record.language}`,
  ];
}

const isDimension = (value: string): value is StatDimension => (STAT_DIMENSIONS as readonly string[]).includes(value);

/** Adds `count` to the cell a tally key names; unknown dimensions are ignored. */
function addKey(tally: Tally, key: string, count: number) {
  const split = key.indexOf(':');
  const dimension = key.slice(0, split);
  if (split < 0 || !isDimension(dimension)) return;
  const map = tally[dimension];
  const value = key.slice(split + 1);
  map.set(value, (map.get(value) ?? 0) + count);
}

export function addToTally(tally: Tally, record: StatFields): Tally {
  for (const key of tallyKeys(record)) addKey(tally, key, 1);
  return tally;
}

/**
 * A tally from running totals (`tallyKeys` → count). A total below zero can only be drift:
 * it shows as zero, and a month with nobody in it is left out.
 */
export function tallyFromCounts(counts: Iterable<[string, number]>): Tally {
  const tally = emptyTally();
  for (const [key, count] of counts) addKey(tally, key, Math.max(0, count));
  for (const [month, count] of tally.month) if (count === 0) tally.month.delete(month);
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
