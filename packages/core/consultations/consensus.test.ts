import { describe, expect, it } from 'vitest';
import {
  countsFromCounters,
  groupInformedConsensus,
  groupsOf,
  judgePoint,
  type PointCounts,
  showGroupCount,
  voteDeltas,
} from './consensus.ts';

const t = (agree: number, disagree: number, pass: number) => ({ agree, disagree, pass });
const rules = { minVoters: 5, thresholdPercent: 60, groupBy: ['gender', 'location'] as const };

describe('group-informed consensus (Pol.is: product over groups of (agree+1)/(n+2))', () => {
  it('is (a+1)/(n+2) for one group: 3 agree of 5 → 4/7', () => {
    expect(groupInformedConsensus([t(3, 1, 1)])).toBeCloseTo(4 / 7, 12);
  });

  it('multiplies the groups: women 4 of 5 → 5/7, men 2 of 3 → 3/5, product 15/35 = 3/7', () => {
    expect(groupInformedConsensus([t(4, 0, 1), t(2, 1, 0)])).toBeCloseTo(3 / 7, 12);
  });

  it('gives 1/2 for a group with no votes and falls with every disagreement', () => {
    expect(groupInformedConsensus([t(0, 0, 0)])).toBe(0.5);
    expect(groupInformedConsensus([t(5, 0, 0)])).toBeCloseTo(6 / 7, 12);
    expect(groupInformedConsensus([t(5, 1, 0)])).toBeCloseTo(6 / 8, 12);
  });
});

describe('judging a point', () => {
  it('finds consensus when every group reaches 60 %: women 4/5, men 2/3, inside 3/4, outside 3/4', () => {
    const counts: PointCounts = {
      all: t(6, 1, 1),
      groups: {
        'gender:woman': t(4, 0, 1),
        'gender:man': t(2, 1, 0),
        'location:inside': t(3, 1, 0),
        'location:outside': t(3, 0, 1),
      },
    };
    const judgement = judgePoint(counts, rules);
    expect(judgement.consensus).toBe(true);
    expect(judgement.voters).toBe(8);
    expect(judgement.agreeShare).toBe(0.75);
    // (5/7)·(3/5)·(4/6)·(4/6) = 240/1260 = 4/21
    expect(judgement.groupInformed).toBeCloseTo(4 / 21, 12);
    expect(judgement.groups.map((g) => [g.key, g.holds])).toEqual([
      ['gender:woman', true],
      ['gender:man', true],
      ['location:inside', true],
      ['location:outside', true],
    ]);
  });

  it('lets a minority block what a majority wants: 75 % overall, but only 1 of 3 women agree', () => {
    const counts: PointCounts = {
      all: t(6, 2, 0),
      groups: { 'gender:woman': t(1, 2, 0), 'gender:man': t(5, 0, 0) },
    };
    const judgement = judgePoint(counts, rules);
    expect(judgement.agreeShare).toBe(0.75);
    expect(judgement.consensus).toBe(false);
    expect(judgement.reason).toBe('group');
    // (2/5)·(6/7) = 12/35
    expect(judgement.groupInformed).toBeCloseTo(12 / 35, 12);
  });

  it('counts exactly 60 % as reaching the threshold (3 of 5), and 59 % not (3 of 5 plus a pass → 50 %)', () => {
    expect(judgePoint({ all: t(3, 2, 0), groups: {} }, rules).consensus).toBe(true);
    expect(judgePoint({ all: t(3, 2, 1), groups: {} }, rules)).toMatchObject({ consensus: false, reason: 'overall' });
  });

  it('needs the minimum number of voters, passes included', () => {
    expect(judgePoint({ all: t(4, 0, 0), groups: {} }, rules)).toMatchObject({
      consensus: false,
      reason: 'too-few-voters',
    });
    expect(judgePoint({ all: t(4, 0, 1), groups: {} }, rules).consensus).toBe(true);
    expect(judgePoint({ all: t(4, 0, 0), groups: {} }, { ...rules, minVoters: 4 }).consensus).toBe(true);
  });

  it('leaves out groups with no votes and dimensions the consultation does not group by', () => {
    const counts: PointCounts = {
      all: t(5, 0, 0),
      groups: { 'gender:woman': t(5, 0, 0), 'disability:yes': t(0, 3, 0) },
    };
    const judgement = judgePoint(counts, rules);
    expect(judgement.groups.map((g) => g.key)).toEqual(['gender:woman']);
    expect(judgement.consensus).toBe(true);
    expect(judgePoint(counts, { ...rules, groupBy: ['disability'] }).consensus).toBe(false);
  });

  it('uses the overall tally for the score when nobody declared anything', () => {
    expect(judgePoint({ all: t(3, 1, 1), groups: {} }, rules).groupInformed).toBeCloseTo(4 / 7, 12);
  });

  it('honours a higher threshold: 4 of 5 is 80 %, below 90 %', () => {
    expect(judgePoint({ all: t(4, 1, 0), groups: {} }, { ...rules, thresholdPercent: 90 }).consensus).toBe(false);
    expect(judgePoint({ all: t(4, 1, 0), groups: {} }, { ...rules, thresholdPercent: 80 }).consensus).toBe(true);
  });
});

describe('counting votes incrementally', () => {
  it('puts a participant in one group per declared dimension, and "another" gender in none', () => {
    expect(groupsOf({ gender: 'woman', location: 'inside' })).toEqual(['gender:woman', 'location:inside']);
    expect(groupsOf({ gender: 'another', disability: 'yes' })).toEqual(['disability:yes']);
    expect(groupsOf({})).toEqual([]);
  });

  it('adds one for a first vote, and moves one for a changed vote, in every group', () => {
    expect(voteDeltas(['gender:man'], undefined, 'agree')).toEqual({ 'all:agree': 1, 'gender:man:agree': 1 });
    expect(voteDeltas(['gender:man'], 'agree', 'pass')).toEqual({
      'all:agree': -1,
      'gender:man:agree': -1,
      'all:pass': 1,
      'gender:man:pass': 1,
    });
    expect(voteDeltas([], 'pass', 'pass')).toEqual({});
  });

  it('reads the counters back, ignoring anything else on the item and never going below zero', () => {
    expect(
      countsFromCounters({
        'all:agree': 3,
        'all:pass': -1,
        'gender:woman:disagree': 2,
        'bogus:x:agree': 9,
        text: 'hello',
      }),
    ).toEqual({ all: t(3, 0, 0), groups: { 'gender:woman': t(0, 2, 0) } });
  });

  it('shows small group counts as "fewer than 5" but zero as zero', () => {
    expect(showGroupCount(0)).toEqual({ kind: 'count', value: 0 });
    expect(showGroupCount(4)).toEqual({ kind: 'fewer', than: 5 });
    expect(showGroupCount(5)).toEqual({ kind: 'count', value: 5 });
  });
});
