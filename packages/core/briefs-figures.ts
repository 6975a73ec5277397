import type { InboxChoice } from './inboxes.ts';
import { DISABILITY_ANSWERS, GENDERS } from './options.ts';
import { type CampaignRule, DEFAULT_CAMPAIGN } from './search/similar.ts';
import { NOT_GIVEN, type ShownCount, SMALL_COUNT, type StatRow, shownTotal, suppress } from './stats.ts';
import type { SubmissionRecord, SubmissionStatus } from './submission.ts';

/**
 * The figures of a brief (issue 16), from the submissions of one period and scope. Every
 * count goes through the statistics' suppression (packages/core/stats.ts): under 5 shows as
 * "fewer than 5", and a lone small cell in a line that adds up to a published total takes
 * the next smallest cell with it. The topic × gender table is suppressed in both directions
 * until nothing changes, so no cell can be worked out from its row or its column.
 * Only shown values leave this module: a saved brief never holds a small raw count.
 */

/** What a brief counts of each submission; nothing else leaves the store for it. */
export type BriefFields = Pick<
  SubmissionRecord,
  'createdAt' | 'topics' | 'region' | 'gender' | 'disability' | 'status' | 'routedTo' | 'group'
>;

export const BRIEF_REGIONS = ['inside', 'outside', NOT_GIVEN] as const;
export const BRIEF_GENDERS = [...GENDERS, NOT_GIVEN] as const;
export const BRIEF_DISABILITY = [...DISABILITY_ANSWERS, NOT_GIVEN] as const;
export const BRIEF_OUTCOMES = ['answered', 'closed', 'open'] as const;
export type BriefOutcome = (typeof BRIEF_OUTCOMES)[number];

export interface ShownRow {
  key: string;
  shown: ShownCount;
}

export interface TopicChange {
  topic: string;
  now: ShownCount;
  before: ShownCount;
  /** Only when both periods have at least 5: a change between small counts could single someone out. */
  change?: number;
}

export interface BriefFigures {
  total: ShownCount;
  previousTotal: ShownCount;
  totalChange?: number;
  byTopic: TopicChange[];
  byRegion: ShownRow[];
  byGender: ShownRow[];
  byDisability: ShownRow[];
  outcomes: ShownRow[];
  /** Rows: topics, in the brief's order; cells: BRIEF_GENDERS. */
  topicByGender: { topic: string; cells: ShownRow[] }[];
  /**
   * Near-duplicate groups with two or more messages in the period, each counted once in every
   * figure above (one voice, as its newest message): their sizes, largest first, and which
   * are campaigns. Absent from briefs saved before groups were counted.
   */
  similar?: { messages: ShownCount; groups: SimilarGroup[] };
}

export interface SimilarGroup {
  messages: ShownCount;
  /** Grew by the campaign rule's size within its window (packages/core/search/similar.ts). */
  campaign: boolean;
}

interface Voice<T> {
  record: T;
  /** Messages this voice stands for: 1, or a group's members in the period. */
  messages: number;
  campaign: boolean;
}

/** Whether `times` (ISO, any order) hold `rule.size` within any `rule.hours` window. */
export function isCampaign(times: string[], rule: CampaignRule = DEFAULT_CAMPAIGN): boolean {
  const sorted = times.map((time) => Date.parse(time)).sort((a, b) => a - b);
  for (let i = 0; i + rule.size - 1 < sorted.length; i++) {
    if (sorted[i + rule.size - 1]! - sorted[i]! <= rule.hours * 3600_000) return true;
  }
  return false;
}

/** Submissions as voices: a near-duplicate group is one, its newest member standing for it. */
export function voicesOf<T extends BriefFields>(records: T[], rule: CampaignRule = DEFAULT_CAMPAIGN): Voice<T>[] {
  const voices: Voice<T>[] = [];
  const groups = new Map<string, T[]>();
  for (const record of records) {
    if (!record.group) voices.push({ record, messages: 1, campaign: false });
    else groups.set(record.group, [...(groups.get(record.group) ?? []), record]);
  }
  for (const members of groups.values()) {
    const newest = members.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
    voices.push({
      record: newest,
      messages: members.length,
      campaign: isCampaign(
        members.map((member) => member.createdAt),
        rule,
      ),
    });
  }
  return voices;
}

export const regionSide = (region: string | undefined) =>
  region === undefined ? NOT_GIVEN : region.startsWith('syria-') ? 'inside' : 'outside';

export const outcomeOf = (status: SubmissionStatus): BriefOutcome =>
  status === 'answered' ? 'answered' : status === 'closed' ? 'closed' : 'open';

const zeroes = (keys: readonly string[]) => new Map(keys.map((key) => [key, 0]));
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** A line of cells as suppression sees them: the raw count, and what is shown. */
interface Cell {
  value: number;
  shown: ShownCount;
}

/**
 * The statistics' complementary rule for a line whose cells add up to a published total:
 * one suppressed cell with people in it, and no other suppressed cell, gives itself away,
 * so the smallest shown cell is hidden too. Returns whether it hid anything.
 */
function complementLine(line: Cell[]): boolean {
  const suppressed = line.filter((cell) => cell.shown.kind !== 'count');
  if (suppressed.length !== 1 || suppressed[0]!.value === 0) return false;
  const next = line.filter((cell) => cell.shown.kind === 'count').sort((a, b) => a.value - b.value)[0];
  if (!next) return false;
  next.shown = { kind: 'hidden' };
  return true;
}

/**
 * A two-way table suppressed like statistics: each row through `suppress` (a row is a
 * partition of its topic's published count), then rows and columns again until no line
 * has a lone suppressed cell. Columns are treated as published totals too: with one topic
 * per submission they are, and hiding a little more is the safe side when they are not.
 */
export function suppressGrid(rows: Map<string, Map<string, number>>): { row: string; cells: ShownRow[] }[] {
  const grid = [...rows].map(([row, counts]) => {
    const shown = suppress('gender', counts);
    return {
      row,
      cells: shown.map((cell) => ({ key: cell.key, value: counts.get(cell.key) ?? 0, shown: cell.shown })),
    };
  });
  const columns = grid[0]?.cells.map((cell) => cell.key) ?? [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const { cells } of grid) if (complementLine(cells)) changed = true;
    for (const column of columns) {
      const line = grid.map(({ cells }) => cells.find((cell) => cell.key === column)!);
      if (complementLine(line)) changed = true;
    }
  }
  return grid.map(({ row, cells }) => ({ row, cells: cells.map(({ key, shown }) => ({ key, shown })) }));
}

const plain = (rows: StatRow[]): ShownRow[] => rows.map(({ key, shown }) => ({ key, shown }));

function changeBetween(now: number, before: number): number | undefined {
  return now >= SMALL_COUNT && before >= SMALL_COUNT ? now - before : undefined;
}

/**
 * Figures for the chosen topics: a submission counts when it raised at least one of them,
 * once in every table but the per-topic ones.
 */
export function briefFigures(
  current: BriefFields[],
  previous: BriefFields[],
  topics: readonly string[],
  rule: CampaignRule = DEFAULT_CAMPAIGN,
): BriefFigures {
  const inScope = (record: BriefFields) => record.topics.some((topic) => topics.includes(topic));
  // Near-duplicates count once (a campaign of 40 is one voice), in both periods alike.
  const voices = voicesOf(current.filter(inScope), rule);
  const now = voices.map((voice) => voice.record);
  const before = voicesOf(previous.filter(inScope), rule).map((voice) => voice.record);
  const grouped = voices.filter((voice) => voice.messages > 1).sort((a, b) => b.messages - a.messages);

  const region = zeroes(BRIEF_REGIONS);
  const gender = zeroes(BRIEF_GENDERS);
  const disability = zeroes(BRIEF_DISABILITY);
  const outcomes = zeroes(BRIEF_OUTCOMES);
  const topicNow = zeroes(topics);
  const topicBefore = zeroes(topics);
  const grid = new Map(topics.map((topic) => [topic, zeroes(BRIEF_GENDERS)]));

  for (const record of now) {
    bump(region, regionSide(record.region));
    bump(gender, record.gender ?? NOT_GIVEN);
    bump(disability, record.disability ?? NOT_GIVEN);
    bump(outcomes, outcomeOf(record.status));
    for (const topic of new Set(record.topics)) {
      if (!topicNow.has(topic)) continue;
      bump(topicNow, topic);
      bump(grid.get(topic)!, record.gender ?? NOT_GIVEN);
    }
  }
  for (const record of before)
    for (const topic of new Set(record.topics)) if (topicBefore.has(topic)) bump(topicBefore, topic);

  return {
    total: shownTotal(now.length),
    previousTotal: shownTotal(before.length),
    ...(changeBetween(now.length, before.length) !== undefined
      ? { totalChange: changeBetween(now.length, before.length)! }
      : {}),
    byTopic: topics.map((topic) => {
      const n = topicNow.get(topic) ?? 0;
      const b = topicBefore.get(topic) ?? 0;
      const change = changeBetween(n, b);
      return { topic, now: shownTotal(n), before: shownTotal(b), ...(change !== undefined ? { change } : {}) };
    }),
    byRegion: plain(suppress('region', region)),
    byGender: plain(suppress('gender', gender)),
    byDisability: plain(suppress('disability', disability)),
    outcomes: plain(suppress('addressee', outcomes)),
    topicByGender: suppressGrid(grid).map(({ row, cells }) => ({ topic: row, cells })),
    similar: {
      messages: shownTotal(grouped.reduce((sum, voice) => sum + voice.messages, 0)),
      groups: grouped.map((voice) => ({ messages: shownTotal(voice.messages), campaign: voice.campaign })),
    },
  };
}

/** The figures of a brief from the period's fields and the previous period's, in its addressee's scope. */
export function figuresForBrief(
  content: { addressee: InboxChoice; topics: readonly string[] },
  current: (BriefFields & Pick<SubmissionRecord, 'routing'>)[],
  previous: (BriefFields & Pick<SubmissionRecord, 'routing'>)[],
  rule: CampaignRule = DEFAULT_CAMPAIGN,
): BriefFigures {
  const scoped = (records: typeof current) =>
    records.filter((record) => {
      if (record.routing !== 'routed') return false;
      return content.addressee === 'both' || (record.routedTo ?? []).includes(content.addressee);
    });
  return briefFigures(scoped(current), scoped(previous), content.topics, rule);
}
