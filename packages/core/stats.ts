import {
  COUNTED_FIELDS,
  type CountedField,
  dimensionOf,
  FIELD_TABLE,
  type FieldDimension,
  type FieldSpec,
  PERSONAL_ANSWER_FIELDS,
} from './fields.ts';
import { LANGUAGES } from './languages.ts';
import { canSeePersonalAnswers, type StaffActor } from './staff.ts';
import type { SubmissionRecord } from './submission.ts';

/**
 * Statistics for staff: counts by dimension, with small counts suppressed so that nobody
 * can be singled out. Any count under SMALL_COUNT is shown only as "fewer than 5". Where a
 * table splits every submission once (all but topics), a single suppressed non-zero cell
 * could be worked out from the total, so the next smallest cell is hidden with it.
 */
export const SMALL_COUNT = 5;

/** Month and language of the form, around every counted answer (packages/core/fields.ts), in form order. */
export const STAT_DIMENSIONS = ['month', ...COUNTED_FIELDS.map(dimensionOf), 'language'] as const;
export type StatDimension = 'month' | FieldDimension | 'language';

/** The fields statistics read; nothing else leaves the store for them. */
export type StatFields = Pick<SubmissionRecord, 'createdAt' | CountedField | 'language'>;
export const STAT_FIELDS = [
  'createdAt',
  ...COUNTED_FIELDS,
  'language',
] as const satisfies readonly (keyof StatFields)[];

/** The record field each dimension counts. */
const DIMENSION_FIELD = Object.fromEntries([
  ['month', 'createdAt'],
  ...COUNTED_FIELDS.map((field) => [dimensionOf(field), field]),
  ['language', 'language'],
]) as Record<StatDimension, keyof StatFields>;

/** The answer a dimension other than month and language counts. */
export const fieldOfDimension = (dimension: FieldDimension): CountedField => DIMENSION_FIELD[dimension] as CountedField;

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

const FIXED = Object.fromEntries([
  ...COUNTED_FIELDS.map((field) => {
    const spec: FieldSpec = FIELD_TABLE[field];
    return [dimensionOf(field), spec.required ? (spec.values ?? []) : [...(spec.values ?? []), NOT_GIVEN]];
  }),
  ['language', LANGUAGES],
]) as Record<Exclude<StatDimension, 'month'>, readonly string[]>;

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
  const answers = COUNTED_FIELDS.flatMap((field) => {
    const value = record[field];
    // Several answers (topics) count once each; an answer not given counts as such.
    const values = Array.isArray(value) ? [...new Set(value)] : [value ?? NOT_GIVEN];
    return values.map((one) => `${dimensionOf(field)}:${one}`);
  });
  return [`month:${record.createdAt.slice(0, 7)}`, ...answers, `language:${record.language}`];
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
const PARTITIONS: readonly StatDimension[] = [
  'month',
  ...COUNTED_FIELDS.filter((field) => FIELD_TABLE[field].stat.partitions).map(dimensionOf),
  'language',
];

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
