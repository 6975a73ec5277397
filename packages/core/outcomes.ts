import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { INBOX_CHOICES } from './inboxes.ts';
import { type ShownCount, shownTotal } from './stats.ts';
import { neutraliseControls, preprocess } from './submission.ts';
import { TOPIC_IDS, type TopicId } from './topics.ts';

/**
 * "You said, we did" (issue 5): short notes, per topic and period, in Arabic and English,
 * on what the Special Envoy's office or the donors did about what people raised. Every
 * save is a new immutable version; publishing makes one version the public one, and the
 * older ones stay for admins to read.
 */

/** Who acted: one inbox's office, or all of them together (packages/core/inboxes.ts). */
export const OUTCOME_ACTORS = INBOX_CHOICES;
export type OutcomeActor = (typeof OUTCOME_ACTORS)[number];

export const OUTCOME_TEXT_MAX = 2000;

export interface OutcomeContent {
  topic: TopicId;
  /** Calendar months, `YYYY-MM`, inclusive. */
  periodStart: string;
  periodEnd: string;
  actor: OutcomeActor;
  said: { ar: string; en: string };
  did: { ar: string; en: string };
}

export interface OutcomeVersion extends OutcomeContent {
  id: string;
  version: number;
  savedAt: string;
  savedBy: string;
  /** Set on the version that was published, when it was. */
  publishedAt?: string;
  publishedBy?: string;
  /** Input received on the topic in the period (spam excluded), counted when published. */
  count?: number;
}

/** A note as lists show it: its latest draft (if any) and its public version (if any). */
export interface OutcomeNote {
  id: string;
  createdAt: string;
  latestVersion: number;
  draft?: OutcomeVersion;
  published?: OutcomeVersion & { publishedAt: string; count: number; firstPublishedAt: string };
}

export const newOutcomeId = () => randomBytes(9).toString('base64url');

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const text = (required: string) =>
  preprocess(
    (value) => (typeof value === 'string' ? neutraliseControls(value).trim() : ''),
    z
      .string()
      .check(
        z.minLength(1, { error: required }),
        z.maxLength(OUTCOME_TEXT_MAX, { error: 'outcomes.error.text.tooLong' }),
      ),
  );

const month = preprocess(
  (value) => (typeof value === 'string' ? value.trim() : ''),
  z.string().check(z.regex(MONTH, { error: 'outcomes.error.month' })),
);

/** The admin form's fields, flat, in page order; errors link to these ids. */
export const OUTCOME_FIELDS = [
  'topic',
  'periodStart',
  'periodEnd',
  'actor',
  'saidAr',
  'saidEn',
  'didAr',
  'didEn',
] as const;
export type OutcomeField = (typeof OUTCOME_FIELDS)[number];

const outcomeFormSchema = z
  .object({
    topic: z.enum(TOPIC_IDS, { error: 'outcomes.error.topic' }),
    periodStart: month,
    periodEnd: month,
    actor: z.enum(OUTCOME_ACTORS, { error: 'outcomes.error.actor' }),
    saidAr: text('outcomes.error.saidAr'),
    saidEn: text('outcomes.error.saidEn'),
    didAr: text('outcomes.error.didAr'),
    didEn: text('outcomes.error.didEn'),
  })
  .check(
    z.refine((form) => form.periodEnd >= form.periodStart, {
      path: ['periodEnd'],
      error: 'outcomes.error.periodOrder',
    }),
  );

export type OutcomeFormResult =
  | { ok: true; value: OutcomeContent }
  | { ok: false; errors: Partial<Record<OutcomeField, string>> };

export function validateOutcome(raw: Record<string, unknown>): OutcomeFormResult {
  const result = outcomeFormSchema.safeParse(raw);
  if (!result.success) {
    const errors: Partial<Record<OutcomeField, string>> = {};
    for (const issue of result.error.issues) {
      const field = issue.path[0] as OutcomeField;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const form = result.data;
  return {
    ok: true,
    value: {
      topic: form.topic,
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      actor: form.actor,
      said: { ar: form.saidAr, en: form.saidEn },
      did: { ar: form.didAr, en: form.didEn },
    },
  };
}

/** The form's flat fields for a stored note, to edit it. */
export function outcomeFormValues(content: OutcomeContent): Record<OutcomeField, string> {
  return {
    topic: content.topic,
    periodStart: content.periodStart,
    periodEnd: content.periodEnd,
    actor: content.actor,
    saidAr: content.said.ar,
    saidEn: content.said.en,
    didAr: content.did.ar,
    didEn: content.did.en,
  };
}

/** The period as ISO instants (UTC): from the first day of the first month to the first day after the last. */
export function periodBounds(periodStart: string, periodEnd: string): { from: string; until: string } {
  const [endYear, endMonth] = periodEnd.split('-').map(Number) as [number, number];
  const until = new Date(Date.UTC(endYear, endMonth, 1)); // month is 1-based here, so this is the next month
  return { from: `${periodStart}-01T00:00:00.000Z`, until: until.toISOString() };
}

/** A count as the public may see it: exact from 5 up, otherwise only "fewer than 5" (as staff statistics). */
export const publicCount = (count: number): ShownCount => shownTotal(count);
