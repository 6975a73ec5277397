import { type ShownCount, SMALL_COUNT } from '../stats.ts';

/**
 * Consensus, as the issue and DESIGN.md define it: a point has consensus when enough
 * participants voted on it and agreement holds in every group of declared attributes, not
 * only overall, so a majority cannot speak for a minority.
 *
 * - Groups are the values of the declared attributes a consultation groups by (by default
 *   women / men, and inside / outside Syria). Someone who declared nothing, or "another"
 *   gender, counts overall only: a group of one would make that person's vote a veto and
 *   show how they voted.
 * - A group with no votes on a point is left out for that point (there is nothing to judge).
 * - Agreement share = agree ÷ everyone in the group who voted on the point (pass counts as
 *   not agreeing). It must reach the threshold (default 60 %) overall and in every group.
 * - Pol.is's group-informed consensus is shown beside it: the product over the groups of
 *   (agree + 1) ÷ (voters + 2), the chance that a member of every group agrees, smoothed so
 *   small groups do not give 0 or 1. It orders points; the rule above decides.
 */
export const VOTE_CHOICES = ['agree', 'disagree', 'pass'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const isVoteChoice = (value: unknown): value is VoteChoice =>
  typeof value === 'string' && (VOTE_CHOICES as readonly string[]).includes(value);

export interface VoteTally {
  agree: number;
  disagree: number;
  pass: number;
}

export const emptyVoteTally = (): VoteTally => ({ agree: 0, disagree: 0, pass: 0 });
export const votersOf = (tally: VoteTally) => tally.agree + tally.disagree + tally.pass;

/** Declared attributes whose values form consensus groups, and the values that do. */
export const GROUP_DIMENSIONS = {
  gender: ['woman', 'man'],
  location: ['inside', 'outside'],
  disability: ['yes', 'no'],
} as const;
export type GroupDimension = keyof typeof GROUP_DIMENSIONS;
export const DEFAULT_GROUP_BY: readonly GroupDimension[] = ['gender', 'location'];
export const isGroupDimension = (value: unknown): value is GroupDimension =>
  typeof value === 'string' && Object.hasOwn(GROUP_DIMENSIONS, value);

/** `gender:woman`, `location:inside`…: how group counts are named. */
export type GroupKey = `${GroupDimension}:${string}`;

/** What a participant may declare, once, all optional. */
export interface Declaration {
  gender?: 'woman' | 'man' | 'another' | undefined;
  location?: 'inside' | 'outside' | undefined;
  disability?: 'yes' | 'no' | undefined;
}

/** The groups a participant belongs to (every dimension, so counts exist whatever a consultation groups by). */
export function groupsOf(declaration: Declaration): GroupKey[] {
  const keys: GroupKey[] = [];
  for (const dimension of Object.keys(GROUP_DIMENSIONS) as GroupDimension[]) {
    const value = declaration[dimension];
    if (value && (GROUP_DIMENSIONS[dimension] as readonly string[]).includes(value)) keys.push(`${dimension}:${value}`);
  }
  return keys;
}

export interface PointCounts {
  all: VoteTally;
  groups: Partial<Record<GroupKey, VoteTally>>;
}

export interface ConsensusRules {
  /** Fewest participants who must have voted on a point (agree, disagree or pass). */
  minVoters: number;
  /** Whole percent, 50–100: the agreement share needed overall and in every group. */
  thresholdPercent: number;
  groupBy: readonly GroupDimension[];
}

export const DEFAULT_RULES: ConsensusRules = { minVoters: 5, thresholdPercent: 60, groupBy: DEFAULT_GROUP_BY };

export interface GroupJudgement {
  key: GroupKey;
  tally: VoteTally;
  voters: number;
  /** 0–1 */
  agreeShare: number;
  holds: boolean;
}

export interface Judgement {
  voters: number;
  agreeShare: number;
  /** Pol.is group-informed consensus, 0–1. */
  groupInformed: number;
  groups: GroupJudgement[];
  consensus: boolean;
  /** Why not, when not: too few voters, not enough overall, or a group below the threshold. */
  reason?: 'too-few-voters' | 'overall' | 'group';
}

/** Agreement reaches the threshold: integer arithmetic, so 3 of 5 is exactly 60 %. */
export const reaches = (tally: VoteTally, thresholdPercent: number) =>
  votersOf(tally) > 0 && tally.agree * 100 >= thresholdPercent * votersOf(tally);

const share = (tally: VoteTally) => (votersOf(tally) === 0 ? 0 : tally.agree / votersOf(tally));

/** Π over groups of (agree + 1) / (voters + 2), Pol.is's group-informed consensus. */
export function groupInformedConsensus(tallies: readonly VoteTally[]): number {
  return tallies.reduce((product, tally) => product * ((tally.agree + 1) / (votersOf(tally) + 2)), 1);
}

export function judgePoint(counts: PointCounts, rules: ConsensusRules): Judgement {
  const groups: GroupJudgement[] = [];
  for (const dimension of rules.groupBy) {
    for (const value of GROUP_DIMENSIONS[dimension]) {
      const key: GroupKey = `${dimension}:${value}`;
      const tally = counts.groups[key] ?? emptyVoteTally();
      if (votersOf(tally) === 0) continue;
      groups.push({
        key,
        tally,
        voters: votersOf(tally),
        agreeShare: share(tally),
        holds: reaches(tally, rules.thresholdPercent),
      });
    }
  }
  const voters = votersOf(counts.all);
  const groupInformed = groupInformedConsensus(groups.length > 0 ? groups.map((g) => g.tally) : [counts.all]);
  const base = { voters, agreeShare: share(counts.all), groupInformed, groups };
  if (voters < rules.minVoters) return { ...base, consensus: false, reason: 'too-few-voters' };
  if (!reaches(counts.all, rules.thresholdPercent)) return { ...base, consensus: false, reason: 'overall' };
  if (groups.some((group) => !group.holds)) return { ...base, consensus: false, reason: 'group' };
  return { ...base, consensus: true };
}

/**
 * Breakdowns by group show small counts as "fewer than 5" (stats.ts's SMALL_COUNT), so no
 * one's vote can be read off a table; a small group's agreement share is not shown either.
 */
export const showGroupCount = (value: number): ShownCount =>
  value > 0 && value < SMALL_COUNT ? { kind: 'fewer', than: SMALL_COUNT } : { kind: 'count', value };
export const showsGroupShare = (voters: number) => voters >= SMALL_COUNT;

/** How a participant's vote changes the counts: −1 for the old choice, +1 for the new, in each of their groups. */
export function voteDeltas(
  groups: readonly GroupKey[],
  before: VoteChoice | undefined,
  after: VoteChoice,
): Record<string, number> {
  const deltas: Record<string, number> = {};
  const add = (choice: VoteChoice, by: number) => {
    for (const scope of ['all', ...groups]) {
      const name = `${scope}:${choice}`;
      deltas[name] = (deltas[name] ?? 0) + by;
    }
  };
  if (before) add(before, -1);
  add(after, +1);
  for (const [name, value] of Object.entries(deltas)) if (value === 0) delete deltas[name];
  return deltas;
}

/** A counter's name as voteDeltas names it: `all:agree`, or a group's, `gender:woman:pass`. */
export function isCounterName(name: string): boolean {
  const parts = name.split(':');
  if (!isVoteChoice(parts.at(-1))) return false;
  return (parts.length === 2 && parts[0] === 'all') || (parts.length === 3 && isGroupDimension(parts[0]));
}

/** Reads counters named as voteDeltas names them (`all:agree`, `gender:woman:pass`…) back into counts. */
export function countsFromCounters(counters: Record<string, unknown>): PointCounts {
  const counts: PointCounts = { all: emptyVoteTally(), groups: {} };
  for (const [name, raw] of Object.entries(counters)) {
    if (typeof raw !== 'number') continue;
    const parts = name.split(':');
    const choice = parts.at(-1);
    if (!isVoteChoice(choice)) continue;
    const value = Math.max(0, raw);
    if (parts.length === 2 && parts[0] === 'all') counts.all[choice] = value;
    else if (parts.length === 3 && isGroupDimension(parts[0])) {
      const key = `${parts[0]}:${parts[1]}` as GroupKey;
      const tally = counts.groups[key] ?? emptyVoteTally();
      tally[choice] = value;
      counts.groups[key] = tally;
    }
  }
  return counts;
}
