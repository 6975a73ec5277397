import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { INBOXES, TRIAGE_INBOX } from '../inboxes.ts';
import { emptyToUndefined, neutraliseControls, preprocess } from '../input.ts';
import { inContentLanguage, type Language } from '../languages.ts';
import { TOPICS } from '../topics.ts';
import {
  type ConsensusRules,
  DEFAULT_RULES,
  type Declaration,
  GROUP_DIMENSIONS,
  type GroupDimension,
  isGroupDimension,
} from './consensus.ts';

/**
 * A consultation (the CSSR method, shared/context/BRIEF.md): themes, addressees, a schedule
 * of two rounds, and access (open to anyone with the link, or closed with single-use
 * participant codes). Validation messages are catalogue keys, as in submission.ts.
 */
/** A statement is addressed to one inbox's office (packages/core/inboxes.ts). */
export const STATEMENT_ADDRESSEES = INBOXES;
export type StatementAddressee = (typeof STATEMENT_ADDRESSEES)[number];
export const isStatementAddressee = (value: unknown): value is StatementAddressee =>
  typeof value === 'string' && (STATEMENT_ADDRESSEES as readonly string[]).includes(value);

export const ACCESS_MODES = ['open', 'closed'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

export interface Theme {
  id: string;
  label: { ar: string; en: string };
  addressee: StatementAddressee;
}

export interface Schedule {
  opensAt: string;
  round1ClosesAt: string;
  round2ClosesAt: string;
}

export interface CodeBatch {
  group: string;
  count: number;
  createdAt: string;
}

export interface Consultation {
  id: string;
  title: { ar: string; en: string };
  description: { ar: string; en: string };
  themes: Theme[];
  addressees: StatementAddressee[];
  schedule: Schedule;
  access: AccessMode;
  rules: ConsensusRules;
  codeBatches: CodeBatch[];
  createdAt: string;
  createdBy: string;
  version: number;
}

export const CONSULTATION_LIMITS = {
  title: 200,
  description: 2000,
  point: 300,
  /** A point's wording in a statement's other language: a translation may run longer than the point. */
  wording: 600,
  reason: 500,
  themes: 20,
  themeLabel: 200,
  codeGroup: 80,
  codesPerBatch: 200,
} as const;

export const newConsultationId = () => base32(randomBytes(8), 10);

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (const byte of bytes) {
    out += ALPHABET[byte & 31];
    if (out.length === length) break;
    out += ALPHABET[(byte >> 3) & 31];
    if (out.length === length) break;
  }
  return out;
}
export const CONSULTATION_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;
export const POINT_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;
export const newPointId = () => base32(randomBytes(8), 10);

/** Participant codes: 12 Crockford characters (60 bits), shown in groups of four; only a hash is stored. */
export function newParticipantCode(): string {
  const raw = base32(randomBytes(12), 12);
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}
/** Upper case, no separators or spaces, and the look-alikes a person may type (O→0, I/L→1). */
export const normaliseParticipantCode = (value: string) =>
  value
    .toUpperCase()
    .replace(/[\s\-‐-―_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
export const isParticipantCode = (value: string) => /^[0-9A-HJKMNP-TV-Z]{12}$/.test(value);
export const participantCodeHash = (normalised: string) =>
  createHash('sha256').update(`mashura:participant-code:${normalised}`).digest('base64url').slice(0, 32);
/** A closed consultation's participant is the code: the same code on another device continues, never duplicates. */
export const participantIdFromCode = (codeHash: string) =>
  base32(createHash('sha256').update(`mashura:participant:${codeHash}`).digest(), 16);
export const newParticipantId = () => base32(randomBytes(16), 16);
export const PARTICIPANT_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{16}$/;
/** What a point keeps of its author: enough to show them their own points, nothing a moderator can read. */
export const authorHash = (consultationId: string, participantId: string) =>
  createHash('sha256').update(`mashura:author:${consultationId}:${participantId}`).digest('base64url').slice(0, 22);

export type Phase = 'upcoming' | 'round1' | 'round2' | 'closed';

export function phaseAt(schedule: Schedule, now: Date): Phase {
  const at = now.toISOString();
  if (at < schedule.opensAt) return 'upcoming';
  if (at < schedule.round1ClosesAt) return 'round1';
  if (at < schedule.round2ClosesAt) return 'round2';
  return 'closed';
}

/** Which round's points can be voted on now (none before it opens or after it closes). */
export const votingRound = (phase: Phase): 1 | 2 | undefined =>
  phase === 'round1' ? 1 : phase === 'round2' ? 2 : undefined;

/** Voting on a round's points is over: no vote can be between its two writes (store's recount). */
export const votingOver = (phase: Phase, round: 1 | 2): boolean =>
  phase === 'closed' || (phase === 'round2' && round === 1);

// ---- validation -------------------------------------------------------------------------

const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** Text cleaned of controls and trimmed, then checked (zod/mini, as the submission's fields: packages/core/input.ts). */
const cleaned = (checks: z.ZodMiniString<string>) =>
  z.pipe(
    z.pipe(
      z.string({ error: 'error.invalid' }),
      z.transform((value: string) => neutraliseControls(value).trim()),
    ),
    checks,
  );
const cleanText = (max: number, required: string, tooLong: string) =>
  preprocess(
    (value) => (value === undefined ? '' : value),
    cleaned(z.string().check(z.minLength(1, { error: required }), z.maxLength(max, { error: tooLong }))),
  );
const optionalCleanText = (max: number, tooLong: string) =>
  preprocess(emptyToUndefined, z.optional(cleaned(z.string().check(z.maxLength(max, { error: tooLong })))));
const day = (required: string) =>
  preprocess(
    (value) => (value === undefined ? '' : value),
    z.string({ error: required }).check(
      z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: required }),
      z.refine((value: string) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), { error: required }),
    ),
  );
/** A whole number from a form field, between `min` and `max`; every failure says `error`. */
const wholeNumber = (min: number, max: number, error: string) =>
  z.coerce.number({ error }).check(z.multipleOf(1, { error }), z.gte(min, { error }), z.lte(max, { error }));
const defaulted = (fallback: number) => (value: unknown) =>
  emptyToUndefined(value) === undefined ? String(fallback) : value;

export const TOPIC_THEME_IDS: readonly string[] = TOPICS.map((topic) => topic.id);

export const consultationFormSchema = z
  .object({
    titleAr: cleanText(CONSULTATION_LIMITS.title, 'cons.error.title.required', 'cons.error.title.tooLong'),
    titleEn: cleanText(CONSULTATION_LIMITS.title, 'cons.error.title.required', 'cons.error.title.tooLong'),
    descriptionAr: optionalCleanText(CONSULTATION_LIMITS.description, 'cons.error.description.tooLong'),
    descriptionEn: optionalCleanText(CONSULTATION_LIMITS.description, 'cons.error.description.tooLong'),
    addressees: preprocess(
      list,
      z.pipe(
        z
          .array(z.enum(STATEMENT_ADDRESSEES, { error: 'cons.error.addressees.required' }))
          .check(
            z.minLength(1, { error: 'cons.error.addressees.required' }),
            z.maxLength(2, { error: 'cons.error.addressees.required' }),
          ),
        z.transform((values: StatementAddressee[]) => STATEMENT_ADDRESSEES.filter((a) => values.includes(a))),
      ),
    ),
    themes: preprocess(
      list,
      z.pipe(
        z
          .array(
            z
              .string()
              .check(z.refine((id: string) => TOPIC_THEME_IDS.includes(id), { error: 'cons.error.themes.invalid' })),
          )
          .check(z.maxLength(TOPICS.length, { error: 'cons.error.themes.invalid' })),
        z.transform((ids: string[]) => [...new Set(ids)]),
      ),
    ),
    /** One own theme per line, "Arabic label | English label" (the English half is optional). */
    ownThemes: optionalCleanText(
      CONSULTATION_LIMITS.themes * (CONSULTATION_LIMITS.themeLabel * 2 + 5),
      'cons.error.themes.tooLong',
    ),
    ownThemesFor: preprocess(emptyToUndefined, z.optional(z.enum(STATEMENT_ADDRESSEES, { error: 'error.invalid' }))),
    opens: day('cons.error.opens.required'),
    round1Closes: day('cons.error.round1.required'),
    round2Closes: day('cons.error.round2.required'),
    access: z.enum(ACCESS_MODES, { error: 'cons.error.access.required' }),
    minVoters: preprocess(defaulted(DEFAULT_RULES.minVoters), wholeNumber(1, 100_000, 'cons.error.minVoters')),
    threshold: preprocess(defaulted(DEFAULT_RULES.thresholdPercent), wholeNumber(50, 100, 'cons.error.threshold')),
    groupBy: preprocess(
      list,
      z.pipe(
        z.array(z.string().check(z.refine(isGroupDimension, { error: 'error.invalid' }))),
        z.transform((values: string[]) =>
          (Object.keys(GROUP_DIMENSIONS) as GroupDimension[]).filter((d) => values.includes(d)),
        ),
      ),
    ),
  })
  .check(
    z.superRefine((form, context) => {
      if (form.round1Closes <= form.opens)
        context.addIssue({ code: 'custom', path: ['round1Closes'], message: 'cons.error.round1.order' });
      if (form.round2Closes <= form.round1Closes)
        context.addIssue({ code: 'custom', path: ['round2Closes'], message: 'cons.error.round2.order' });
    }),
  );

export const CONSULTATION_FIELDS = [
  'titleAr',
  'titleEn',
  'descriptionAr',
  'descriptionEn',
  'addressees',
  'themes',
  'ownThemes',
  'opens',
  'round1Closes',
  'round2Closes',
  'access',
  'minVoters',
  'threshold',
] as const;
export type ConsultationField = (typeof CONSULTATION_FIELDS)[number];
export type ConsultationErrors = Partial<Record<ConsultationField, string>>;

export type ConsultationDraft = Omit<Consultation, 'id' | 'createdAt' | 'createdBy' | 'version' | 'codeBatches'>;

/** Parses the staff form; themes come from the topic list and the own-theme lines. */
export function validateConsultationForm(
  raw: Record<string, unknown>,
): { ok: true; value: ConsultationDraft } | { ok: false; errors: ConsultationErrors } {
  const result = consultationFormSchema.safeParse(raw);
  const errors: ConsultationErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as ConsultationField | undefined;
      if (field && CONSULTATION_FIELDS.includes(field) && !errors[field]) errors[field] = issue.message;
    }
    return { ok: false, errors };
  }
  const form = result.data;
  const themes: Theme[] = [];
  for (const topic of TOPICS) {
    if (!form.themes.includes(topic.id)) continue;
    const addressee = form.addressees.includes(topic.raisedFor) ? topic.raisedFor : form.addressees[0];
    themes.push({ id: topic.id, label: { ...topic.label }, addressee: addressee ?? TRIAGE_INBOX });
  }
  const ownFor =
    form.ownThemesFor && form.addressees.includes(form.ownThemesFor) ? form.ownThemesFor : form.addressees[0];
  const lines = (form.ownThemes ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (const [index, line] of lines.entries()) {
    const [ar = '', en = ''] = line.split('|').map((part) => part.trim());
    if (!ar || ar.length > CONSULTATION_LIMITS.themeLabel || en.length > CONSULTATION_LIMITS.themeLabel) {
      return { ok: false, errors: { ownThemes: 'cons.error.themes.tooLong' } };
    }
    themes.push({ id: `own-${index + 1}`, label: { ar, en: en || ar }, addressee: ownFor ?? TRIAGE_INBOX });
  }
  if (themes.length === 0) return { ok: false, errors: { themes: 'cons.error.themes.required' } };
  if (themes.length > CONSULTATION_LIMITS.themes) return { ok: false, errors: { themes: 'cons.error.themes.tooMany' } };
  return {
    ok: true,
    value: {
      title: { ar: form.titleAr, en: form.titleEn },
      description: { ar: form.descriptionAr ?? '', en: form.descriptionEn ?? '' },
      themes,
      addressees: form.addressees,
      // Whole days in UTC: opens at the start of the first day, each round closes at the end of its day.
      schedule: {
        opensAt: `${form.opens}T00:00:00.000Z`,
        round1ClosesAt: endOfDay(form.round1Closes),
        round2ClosesAt: endOfDay(form.round2Closes),
      },
      access: form.access,
      rules: { minVoters: form.minVoters, thresholdPercent: form.threshold, groupBy: form.groupBy },
    },
  };
}

const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

/** The form's values for a consultation being edited, or sensible defaults for a new one. */
export function consultationFormValues(now: Date): Record<string, string | string[]> {
  const dayAt = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    opens: dayAt(0),
    round1Closes: dayAt(7),
    round2Closes: dayAt(14),
    access: 'closed',
    minVoters: String(DEFAULT_RULES.minVoters),
    threshold: String(DEFAULT_RULES.thresholdPercent),
    groupBy: [...DEFAULT_RULES.groupBy],
    addressees: [...STATEMENT_ADDRESSEES],
  };
}

export const declarationSchema = z.object({
  gender: preprocess(
    emptyToUndefined,
    z.optional(z.enum(['woman', 'man', 'another', 'prefer-not'], { error: 'error.invalid' })),
  ),
  location: preprocess(
    emptyToUndefined,
    z.optional(z.enum(['inside', 'outside', 'prefer-not'], { error: 'error.invalid' })),
  ),
  disability: preprocess(emptyToUndefined, z.optional(z.enum(['yes', 'no', 'prefer-not'], { error: 'error.invalid' }))),
});

export function validateDeclaration(raw: Record<string, unknown>): Declaration | undefined {
  const result = declarationSchema.safeParse(raw);
  if (!result.success) return undefined;
  const drop = <T>(value: T | 'prefer-not' | undefined) => (value === 'prefer-not' ? undefined : value);
  return {
    gender: drop(result.data.gender),
    location: drop(result.data.location),
    disability: drop(result.data.disability),
  };
}

export const pointTextSchema = cleanText(
  CONSULTATION_LIMITS.point,
  'cons.error.point.required',
  'cons.error.point.tooLong',
);
export const wordingSchema = cleanText(
  CONSULTATION_LIMITS.wording,
  'cons.error.wording.required',
  'cons.error.wording.tooLong',
);
export const reasonSchema = cleanText(
  CONSULTATION_LIMITS.reason,
  'cons.error.reason.required',
  'cons.error.reason.tooLong',
);
export const codeGroupSchema = cleanText(
  CONSULTATION_LIMITS.codeGroup,
  'cons.error.group.required',
  'cons.error.group.tooLong',
);
export const codeCountSchema = wholeNumber(1, CONSULTATION_LIMITS.codesPerBatch, 'cons.error.count');

/** The first error of a single-field schema as a catalogue key, or the clean value. */
export function checkField<T>(
  schema: z.ZodMiniType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; error: string } {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: result.error.issues[0]?.message ?? 'error.invalid' };
}

export const themeLabel = (consultation: Pick<Consultation, 'themes'>, themeId: string, language: Language) =>
  inContentLanguage(consultation.themes.find((theme) => theme.id === themeId)?.label, language) ?? themeId;
