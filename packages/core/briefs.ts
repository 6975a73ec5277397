import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import type { BriefFigures } from './briefs-figures.ts';
import { EVERY_INBOX, INBOX_CHOICES, type Inbox, type InboxChoice, inboxesOf, readByLiaisons } from './inboxes.ts';
import type { StaffActor } from './staff.ts';
import { neutraliseControls, preprocess, type SubmissionRecord } from './submission.ts';
import { TOPIC_IDS, type TopicId } from './topics.ts';

/**
 * Briefs for decision makers (issue 16): what people wrote in one period, for one
 * addressee and a few topics, with figures that protect small numbers and quotes only from
 * people who said yes. Saved as immutable versions like outcome notes; a version is
 * published, then sent through the step workflow to the addressee's inbox.
 */

/** A brief is for one inbox's readers or for all of them (packages/core/inboxes.ts). */
export const BRIEF_ADDRESSEES = INBOX_CHOICES;
export type BriefAddressee = InboxChoice;

export const BRIEF_TEXT_MAX = 2000;
export const QUOTE_MAX = 600;
/** Quote slots on the form; a brief holds at most this many quotes. */
export const QUOTE_SLOTS = 4;
export const ELLIPSIS = '…';

export interface BilingualText {
  ar: string;
  en: string;
}

export interface BriefQuote {
  reference: string;
  topic: string;
  /** The passage as staff chose it: verbatim parts of the submission, joined by ` … `. */
  text: string;
  /** Staff confirmed the passage identifies nobody (asked for when the detector flags something). */
  confirmed: boolean;
}

export interface BriefContent {
  /** Calendar months, `YYYY-MM`, inclusive. */
  periodStart: string;
  periodEnd: string;
  addressee: BriefAddressee;
  topics: string[];
  intro: BilingualText;
  /** Per-topic notes; a topic without a note has none. */
  notes: Record<string, BilingualText>;
  quotes: BriefQuote[];
  /** Words staff want the identifying-detail check to flag (names they know of, villages…). */
  flagWords: string[];
}

export interface BriefVersion extends BriefContent {
  id: string;
  version: number;
  savedAt: string;
  /** A staff address, or `system` for the scheduled monthly draft. */
  savedBy: string;
  figures: BriefFigures;
  publishedAt?: string;
  publishedBy?: string;
  /** Set by an admin at publishing: liaisons may see the gender and disability tables. */
  breakdownForLiaison?: boolean;
}

export interface BriefAuditEvent {
  at: string;
  by: string;
  action: 'saved' | 'published' | 'exported' | 'send-requested' | 'sent' | 'drafted';
  version?: number;
  detail?: string;
}

export interface Brief {
  id: string;
  createdAt: string;
  addressee: BriefAddressee;
  latestVersion: number;
  /** The scheduled monthly draft's month, when the schedule made it. */
  scheduledFor?: string;
  published?: { version: number; at: string; by: string };
  /** Versions the workflow was asked to send (idempotent per version). */
  sendRequested?: number[];
  audit: BriefAuditEvent[];
}

export const newBriefId = () => randomBytes(9).toString('base64url');
export const BRIEF_ID = /^[A-Za-z0-9_-]{8,40}$/;

/**
 * Briefs are made from submissions: triagers and admins see them all, liaisons those on
 * donor-routed input only (and never the personal tables unless published for them), and a
 * facilitator, who sees no submissions (issue 14), none. Each role is named: a new role sees
 * nothing until it is added here.
 */
export const canSeeBrief = (actor: StaffActor, brief: Pick<Brief, 'addressee'>) =>
  actor.role === 'triager' || actor.role === 'admin' || (actor.role === 'liaison' && readByLiaisons(brief.addressee));
export const canWriteBriefs = (actor: StaffActor) => actor.role === 'triager' || actor.role === 'admin';
export const canPublishBriefs = (actor: StaffActor) => actor.role === 'admin';
export const canSeeBreakdown = (actor: StaffActor, version: Pick<BriefVersion, 'breakdownForLiaison'>) =>
  actor.role === 'triager' ||
  actor.role === 'admin' ||
  (actor.role === 'liaison' && version.breakdownForLiaison === true);

/** Which routed submissions a brief counts: those that reached its addressee's inbox. */
export function inBriefScope(addressee: BriefAddressee, record: Pick<SubmissionRecord, 'routing' | 'routedTo'>) {
  if (record.routing !== 'routed') return false;
  if (addressee === EVERY_INBOX) return true;
  return (record.routedTo ?? []).includes(addressee);
}

/** The inboxes a brief goes to. */
export const briefInboxes = (addressee: BriefAddressee): Inbox[] => inboxesOf(addressee);

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const monthIndex = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return year * 12 + (m - 1);
};
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/** The period of the same length just before this one. */
export function previousPeriod(periodStart: string, periodEnd: string) {
  const length = monthIndex(periodEnd) - monthIndex(periodStart) + 1;
  return { periodStart: monthOf(monthIndex(periodStart) - length), periodEnd: monthOf(monthIndex(periodStart) - 1) };
}

/** The month before the one `now` is in, as `YYYY-MM`. */
export const previousMonth = (now: Date) => monthOf(now.getUTCFullYear() * 12 + now.getUTCMonth() - 1);

/** Monday to Friday, the first such day of its month (UTC): when the monthly draft is made. */
export function isFirstWorkingDay(now: Date): boolean {
  const day = now.getUTCDay();
  if (day === 0 || day === 6) return false;
  for (let d = 1; d < now.getUTCDate(); d++) {
    const earlier = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), d)).getUTCDay();
    if (earlier !== 0 && earlier !== 6) return false;
  }
  return true;
}

// ---- The form ---------------------------------------------------------------------------

const trimmed = (value: unknown) => (typeof value === 'string' ? neutraliseControls(value).trim() : '');
const text = (max: number, required?: string) =>
  preprocess(
    trimmed,
    required
      ? z.string().check(z.minLength(1, { error: required }), z.maxLength(max, { error: 'briefs.error.tooLong' }))
      : z.string().check(z.maxLength(max, { error: 'briefs.error.tooLong' })),
  );
const month = preprocess(trimmed, z.string().check(z.regex(MONTH, { error: 'briefs.error.month' })));
const many = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const briefFormSchema = z
  .object({
    periodStart: month,
    periodEnd: month,
    addressee: z.enum(BRIEF_ADDRESSEES, { error: 'briefs.error.addressee' }),
    topics: preprocess(
      many,
      z.pipe(
        z
          .array(z.enum(TOPIC_IDS, { error: 'briefs.error.topics' }))
          .check(z.minLength(1, { error: 'briefs.error.topics' })),
        z.transform((ids: TopicId[]) => [...new Set(ids)]),
      ),
    ),
    introAr: text(BRIEF_TEXT_MAX, 'briefs.error.introAr'),
    introEn: text(BRIEF_TEXT_MAX, 'briefs.error.introEn'),
    flagWords: text(500),
  })
  .check(
    z.refine((form) => form.periodEnd >= form.periodStart, {
      path: ['periodEnd'],
      error: 'briefs.error.periodOrder',
    }),
  );

/** The form's fields in page order; errors link to these ids. */
export type BriefField =
  | 'periodStart'
  | 'periodEnd'
  | 'addressee'
  | 'topics'
  | 'introAr'
  | 'introEn'
  | 'flagWords'
  | `note-${string}-${'ar' | 'en'}`
  | `quote${number}Reference`
  | `quote${number}Topic`
  | `quote${number}Text`
  | `quote${number}Confirm`;

export type BriefErrors = Partial<Record<BriefField, string>>;

export interface QuoteDraft {
  slot: number;
  reference: string;
  topic: string;
  text: string;
  confirmed: boolean;
}

/** The form as a brief, before quotes are checked against their submissions. */
export type BriefFormResult =
  | { ok: true; value: Omit<BriefContent, 'quotes'>; quotes: QuoteDraft[] }
  | { ok: false; errors: BriefErrors };

export function validateBriefForm(raw: Record<string, unknown>): BriefFormResult {
  const result = briefFormSchema.safeParse(raw);
  const errors: BriefErrors = {};
  if (!result.success) for (const issue of result.error.issues) errors[issue.path[0] as BriefField] ??= issue.message;
  const topics = result.success ? result.data.topics : [];

  const notes: Record<string, BilingualText> = {};
  for (const topic of TOPIC_IDS) {
    const ar = trimmed(raw[`note-${topic}-ar`]);
    const en = trimmed(raw[`note-${topic}-en`]);
    if (ar.length > BRIEF_TEXT_MAX) errors[`note-${topic}-ar`] = 'briefs.error.tooLong';
    if (en.length > BRIEF_TEXT_MAX) errors[`note-${topic}-en`] = 'briefs.error.tooLong';
    if ((ar || en) && (topics as string[]).includes(topic)) notes[topic] = { ar, en };
  }

  const quotes: QuoteDraft[] = [];
  for (let slot = 1; slot <= QUOTE_SLOTS; slot++) {
    const reference = trimmed(raw[`quote${slot}Reference`]).toUpperCase().replace(/[\s-]/g, '');
    const passage = trimmed(raw[`quote${slot}Text`]);
    const topic = trimmed(raw[`quote${slot}Topic`]);
    if (!reference && !passage) continue;
    if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(reference)) errors[`quote${slot}Reference`] = 'briefs.error.quote.reference';
    if (!passage) errors[`quote${slot}Text`] = 'briefs.error.quote.text';
    else if (passage.length > QUOTE_MAX) errors[`quote${slot}Text`] = 'briefs.error.quote.tooLong';
    if (!(topics as string[]).includes(topic)) errors[`quote${slot}Topic`] = 'briefs.error.quote.topic';
    quotes.push({ slot, reference, topic, text: passage, confirmed: raw[`quote${slot}Confirm`] === 'yes' });
  }

  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const form = result.data;
  return {
    ok: true,
    value: {
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      addressee: form.addressee,
      topics,
      intro: { ar: form.introAr, en: form.introEn },
      notes,
      flagWords: form.flagWords
        .split(/[,،\n]/)
        .map((word) => word.trim())
        .filter(Boolean),
    },
    quotes,
  };
}

/** The form's flat fields for a stored version, to edit it. */
export function briefFormValues(content: BriefContent): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {
    periodStart: content.periodStart,
    periodEnd: content.periodEnd,
    addressee: content.addressee,
    topics: content.topics,
    introAr: content.intro.ar,
    introEn: content.intro.en,
    flagWords: content.flagWords.join(', '),
  };
  for (const [topic, note] of Object.entries(content.notes)) {
    values[`note-${topic}-ar`] = note.ar;
    values[`note-${topic}-en`] = note.en;
  }
  content.quotes.forEach((quote, index) => {
    values[`quote${index + 1}Reference`] = quote.reference;
    values[`quote${index + 1}Topic`] = quote.topic;
    values[`quote${index + 1}Text`] = quote.text;
    if (quote.confirmed) values[`quote${index + 1}Confirm`] = 'yes';
  });
  return values;
}

// ---- Quotes -----------------------------------------------------------------------------

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

/** The passage's parts, split where staff shortened it (`…` or `...`). */
export const quoteParts = (passage: string) =>
  squash(passage)
    .split(/\s*(?:…|\.\.\.)\s*/)
    .map((part) => part.trim());

/**
 * Whether the passage is the submission's own words: every part between ellipses appears
 * in the text, in order, word for word (only runs of spaces may differ). Leaving words out
 * without an ellipsis, or changing one, makes a part that is not in the text.
 */
export function isVerbatim(passage: string, message: string): boolean {
  const source = squash(message);
  const parts = quoteParts(passage);
  if (parts.filter(Boolean).length === 0) return false;
  let from = 0;
  for (const [index, part] of parts.entries()) {
    // A leading or trailing ellipsis leaves an empty part: the cut is at the start or end.
    if (part === '') {
      if (index === 0 || index === parts.length - 1) continue;
      return false;
    }
    const at = source.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** The passage as printed: its parts joined by a spaced ellipsis. */
export const quoteText = (passage: string) => quoteParts(passage).join(` ${ELLIPSIS} `).trim();

/**
 * Places from the region list (packages/core/options.ts and its labels), in both
 * languages: a quote naming one may point at a small community.
 */
export const REGION_PLACES = [
  'Aleppo',
  'Homs',
  'Hama',
  'Damascus',
  'Türkiye',
  'Turkey',
  'Lebanon',
  'Jordan',
  'Iraq',
  'Europe',
  'حلب',
  'حمص',
  'حماة',
  'دمشق',
  'تركيا',
  'لبنان',
  'الأردن',
  'العراق',
  'أوروبا',
] as const;

/** Capitalised words that are not names. */
const NOT_NAMES = new Set(['I', 'The', 'UN', 'We', 'Our', 'My', 'They', 'This', 'It', 'Syria', 'Syrian', 'Syrians']);

export interface IdentifyingDetail {
  kind: 'name' | 'number' | 'place' | 'flagged';
  text: string;
}

/**
 * A simple, deliberately over-eager look for details that could identify someone: capitalised
 * English words that do not start a sentence, any number (Latin or Arabic-Indic digits),
 * places from the region list, and the words staff flagged. It only warns; staff decide.
 */
export function identifyingDetails(passage: string, flagWords: readonly string[] = []): IdentifyingDetail[] {
  const found: IdentifyingDetail[] = [];
  const seen = new Set<string>();
  const add = (kind: IdentifyingDetail['kind'], value: string) => {
    const key = `${kind}:${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ kind, text: value });
  };
  for (const match of passage.matchAll(/[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,:/-][0-9\u0660-\u0669\u06F0-\u06F9]+)*/g))
    add('number', match[0]);
  const lower = passage.toLocaleLowerCase();
  for (const place of REGION_PLACES) if (lower.includes(place.toLocaleLowerCase())) add('place', place);
  for (const word of flagWords) if (word && lower.includes(word.toLocaleLowerCase())) add('flagged', word);
  for (const match of passage.matchAll(/(^|[.!?؟]\s+|\s+|[(«"'“])([A-Z][a-z\u00C0-\u024F'-]+)/g)) {
    const [, before = '', word = ''] = match;
    const startsSentence = match.index === 0 || /[.!?؟]/.test(before);
    if (startsSentence || NOT_NAMES.has(word) || REGION_PLACES.includes(word as never)) continue;
    add('name', word);
  }
  return found;
}

export type QuoteCheck =
  | { ok: true; quote: BriefQuote }
  | { ok: false; error: 'missing' | 'out-of-scope' | 'no-consent' | 'not-verbatim' }
  | { ok: false; error: 'confirm'; details: IdentifyingDetail[] };

/** Whether a passage may go into a brief for this addressee, and as what. */
export function checkQuote(
  draft: QuoteDraft,
  record: SubmissionRecord | undefined,
  addressee: BriefAddressee,
  flagWords: readonly string[],
): QuoteCheck {
  if (!record || record.status === 'spam') return { ok: false, error: 'missing' };
  if (!inBriefScope(addressee, record)) return { ok: false, error: 'out-of-scope' };
  if (record.quoteConsent !== true) return { ok: false, error: 'no-consent' };
  if (!isVerbatim(draft.text, record.message)) return { ok: false, error: 'not-verbatim' };
  const passage = quoteText(draft.text);
  const details = identifyingDetails(passage, flagWords);
  if (details.length > 0 && !draft.confirmed) return { ok: false, error: 'confirm', details };
  return {
    ok: true,
    quote: { reference: record.reference, topic: draft.topic, text: passage, confirmed: details.length > 0 },
  };
}

/** Starts the brief workflow (workflows/brief.asl.json); a name already used is a no-op. */
export interface BriefStarter {
  start(name: string, input: { id: string; version: number; inboxes: string[] }): Promise<'started' | 'exists'>;
}

/** One execution per version: sending the same version twice starts nothing new. */
export const briefExecutionName = (id: string, version: number) => `brief-${id}-v${version}`;

// ---- Changing the consent on /status ------------------------------------------------------

/** How long after a lookup the status page's consent form still works. */
export const CONSENT_FORM_MINUTES = 30;

/**
 * A short-lived proof that this browser just looked the submission up with its receipt, so
 * the status page can offer to change the consent without writing the receipt back into
 * the page. Keyed by a server secret; bound to the reference and the expiry time.
 */
export function consentToken(secret: string, reference: string, expires: number): string {
  return createHmac('sha256', secret).update(`mashura:quote-consent:${reference}:${expires}`).digest('base64url');
}

export function checkConsentToken(
  secret: string,
  reference: string,
  expires: number,
  token: string,
  now = Date.now(),
): boolean {
  if (!Number.isSafeInteger(expires) || expires < now || expires > now + CONSENT_FORM_MINUTES * 60_000 * 2)
    return false;
  const expected = Buffer.from(consentToken(secret, reference, expires));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
