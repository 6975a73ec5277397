import {
  CONTENT_LANGUAGES,
  type ContentLanguage,
  contentLanguageOf,
  type Language,
  languageOfText,
} from '../languages.ts';
import { type ConsensusRules, type Judgement, judgePoint, type PointCounts, votersOf } from './consensus.ts';
import type { Consultation, StatementAddressee } from './model.ts';

/**
 * Points: proposed by participants under a theme, moderated before anyone else sees them,
 * voted on in round 1; those without consensus may be carried into round 2, reworded or not,
 * and the original is kept and shown.
 */
export const POINT_STATUSES = ['pending', 'approved', 'rejected', 'merged'] as const;
export type PointStatus = (typeof POINT_STATUSES)[number];

export interface Point {
  id: string;
  consultationId: string;
  theme: string;
  round: 1 | 2;
  text: string;
  /** The author's words, kept when a moderator edits for clarity or a point is reworded for round 2. */
  originalText?: string | undefined;
  status: PointStatus;
  rejectReason?: string | undefined;
  mergedInto?: string | undefined;
  /** Round 2: the round-1 point this one carries. */
  carriedFrom?: string | undefined;
  /** Round 1: the round-2 point that carries this one. */
  carriedTo?: string | undefined;
  /** A keyed hash, to show the author their own points; never shown to staff. */
  authorHash?: string | undefined;
  createdAt: string;
  counts: PointCounts;
  version: number;
}

/** What staff and other participants may see of a point: no author. */
export type PublicPoint = Omit<Point, 'authorHash'>;
export function withoutAuthor(point: Point): PublicPoint {
  const { authorHash: _author, ...rest } = point;
  return rest;
}

export type ModerationAction =
  | { kind: 'approve' }
  | { kind: 'reject'; reason: string }
  | { kind: 'edit'; text: string }
  | { kind: 'merge'; into: string };

/** Whether a moderation action applies to a point in this state; the store makes it conditional on `version`. */
export function canModerate(point: Pick<Point, 'status' | 'round'>, action: ModerationAction['kind']): boolean {
  if (action === 'edit') return point.status === 'pending' || point.status === 'approved';
  if (action === 'approve') return point.status === 'pending';
  return point.status === 'pending' || point.status === 'approved';
}

/** Applies a moderation action (the caller checked canModerate). */
export function moderate(point: Point, action: ModerationAction): Point {
  switch (action.kind) {
    case 'approve':
      return { ...point, status: 'approved' };
    case 'reject':
      return { ...point, status: 'rejected', rejectReason: action.reason };
    case 'merge':
      return { ...point, status: 'merged', mergedInto: action.into };
    case 'edit':
      return { ...point, text: action.text, originalText: point.originalText ?? point.text };
  }
}

// ---- near duplicates ----------------------------------------------------------------------

const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g;

/** Lower case, no diacritics or tatweel, alef/ya/ta-marbuta forms unified, words only. */
export function normaliseForComparison(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(ARABIC_MARKS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1);
  // The Arabic definite article and the joined "and": "والمعتقلين" and "المعتقلين" and "معتقلين" compare equal.
  return words.map((word) => word.replace(/^(وال|ال|و)(?=\p{L}{3,})/u, ''));
}

export function pointSimilarity(a: string, b: string): number {
  const left = new Set(normaliseForComparison(a));
  const right = new Set(normaliseForComparison(b));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared);
}

export const DUPLICATE_SIMILARITY = 0.6;

/** Pairs of points under the same theme and round whose wording is near-identical: merge proposals. */
export function proposeMerges(points: readonly Pick<Point, 'id' | 'theme' | 'round' | 'text' | 'status'>[]) {
  const open = points.filter((point) => point.status === 'pending' || point.status === 'approved');
  const pairs: { keep: string; merge: string; similarity: number }[] = [];
  for (const [i, a] of open.entries()) {
    for (const b of open.slice(i + 1)) {
      if (a.theme !== b.theme || a.round !== b.round) continue;
      const score = pointSimilarity(a.text, b.text);
      if (score >= DUPLICATE_SIMILARITY) {
        // Keep the approved one (or the first), merge the other into it.
        const [keep, merge] = b.status === 'approved' && a.status !== 'approved' ? [b, a] : [a, b];
        pairs.push({ keep: keep.id, merge: merge.id, similarity: score });
      }
    }
  }
  return pairs;
}

// ---- results and round 2 -----------------------------------------------------------------

export interface PointResult {
  point: PublicPoint;
  judgement: Judgement;
}

/** Approved points of a round with their judgement, by theme in the consultation's order, best first. */
export function resultsByTheme(
  consultation: Pick<Consultation, 'themes' | 'rules'>,
  points: readonly Point[],
  round: 1 | 2,
): { theme: string; results: PointResult[] }[] {
  return consultation.themes
    .map((theme) => ({
      theme: theme.id,
      results: points
        .filter((point) => point.round === round && point.status === 'approved' && point.theme === theme.id)
        .map((point) => ({ point: withoutAuthor(point), judgement: judgePoint(point.counts, consultation.rules) }))
        .sort((a, b) => b.judgement.groupInformed - a.judgement.groupInformed),
    }))
    .filter((section) => section.results.length > 0);
}

/** Round-1 points that may be carried into round 2: approved, without consensus, not yet carried. */
export function carryCandidates(rules: ConsensusRules, points: readonly Point[]): Point[] {
  return points.filter(
    (point) =>
      point.round === 1 &&
      point.status === 'approved' &&
      !point.carriedTo &&
      !judgePoint(point.counts, rules).consensus,
  );
}

// ---- statements --------------------------------------------------------------------------

export interface StatementPoint {
  /** The point it comes from (statements composed before wording existed have none). */
  pointId?: string | undefined;
  theme: string;
  /** The words participants voted on. */
  text: string;
  /**
   * The point in each language of the statement: its own words in the language they are
   * written in, and the facilitators' translation in the other. Sent and shown per language.
   */
  wording?: Partial<Record<ContentLanguage, string>> | undefined;
  round: 1 | 2;
  agree: number;
  disagree: number;
  pass: number;
  voters: number;
  /** Whole percent agreeing overall. */
  agreePercent: number;
  /** Whole percent, the lowest agreement among the groups (or overall when no groups voted). */
  lowestGroupPercent: number;
}

export interface StatementSection {
  theme: string;
  label: { ar: string; en: string };
  points: StatementPoint[];
}

/**
 * A statement for one addressee: the points with consensus under that addressee's themes,
 * from both rounds (a round-1 point carried into round 2 counts by its round-2 vote), themes
 * as headings, each point with its agreement figures.
 */
export function composeStatement(
  consultation: Pick<Consultation, 'themes' | 'rules'>,
  points: readonly Point[],
  addressee: StatementAddressee,
  /** The draft composed before: a point whose words did not change keeps its translations. */
  previous: readonly StatementSection[] = [],
): StatementSection[] {
  const before = new Map(previous.flatMap((section) => section.points).map((point) => [point.pointId, point]));
  const sections: StatementSection[] = [];
  for (const theme of consultation.themes.filter((t) => t.addressee === addressee)) {
    const agreed: StatementPoint[] = [];
    for (const point of points) {
      if (point.theme !== theme.id || point.status !== 'approved' || point.carriedTo) continue;
      const judgement = judgePoint(point.counts, consultation.rules);
      if (!judgement.consensus) continue;
      const percent = (share: number) => Math.round(share * 100);
      const kept = before.get(point.id);
      agreed.push({
        pointId: point.id,
        theme: theme.id,
        text: point.text,
        wording:
          kept?.text === point.text && kept.wording ? kept.wording : { [languageOfText(point.text)]: point.text },
        round: point.round,
        ...point.counts.all,
        voters: votersOf(point.counts.all),
        agreePercent: percent(judgement.agreeShare),
        lowestGroupPercent: percent(Math.min(judgement.agreeShare, ...judgement.groups.map((g) => g.agreeShare))),
      });
    }
    if (agreed.length > 0) {
      sections.push({
        theme: theme.id,
        label: theme.label,
        points: agreed.sort((a, b) => a.round - b.round || b.agreePercent - a.agreePercent),
      });
    }
  }
  return sections;
}

/** A point's words in `language`: its wording there, else the words voted on. */
export const wordingIn = (point: Pick<StatementPoint, 'text' | 'wording'>, language: Language) =>
  point.wording?.[contentLanguageOf(language)] ?? point.text;

/** How many of a statement's point wordings are still missing, over every language: none before it is published. */
export const missingWordings = (sections: readonly StatementSection[]) =>
  sections.reduce(
    (missing, section) =>
      missing +
      section.points.reduce(
        (count, point) => count + CONTENT_LANGUAGES.filter((language) => !point.wording?.[language]).length,
        0,
      ),
    0,
  );

/** The draft with the wording staff gave (`language`, point index in reading order → text). */
export function withWording(
  sections: readonly StatementSection[],
  wording: ReadonlyMap<string, string>,
): StatementSection[] {
  let index = 0;
  return sections.map((section) => ({
    ...section,
    points: section.points.map((point) => {
      const at = index++;
      const next: Partial<Record<ContentLanguage, string>> = { ...point.wording };
      for (const language of CONTENT_LANGUAGES) {
        const given = wording.get(`${language}-${at}`);
        if (given === '') delete next[language];
        else if (given !== undefined) next[language] = given;
      }
      return { ...point, wording: next };
    }),
  }));
}

export interface Statement {
  consultationId: string;
  addressee: StatementAddressee;
  status: 'draft' | 'published';
  sections: StatementSection[];
  composedAt: string;
  composedBy: string;
  publishedAt?: string | undefined;
  /** Raised each time staff send (again): names the workflow execution. */
  sendAttempt: number;
  sentAt?: string | undefined;
  deliveryFailure?: { at: string; error: string } | undefined;
  version: number;
}

export const statementExecutionName = (consultationId: string, addressee: StatementAddressee, attempt: number) =>
  `statement-${consultationId}-${addressee}-${attempt}`;
