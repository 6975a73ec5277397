import * as z from 'zod';
import {
  ADDRESSEES,
  DISABILITY_ANSWERS,
  GENDERS,
  LANGUAGES,
  type Language,
  LIMITS,
  QUOTE_CONSENT_ANSWERS,
  REGIONS,
} from './options.ts';
import { TOPIC_IDS } from './topics.ts';
import type { AuditEvent, InternalNote, PublicReply } from './triage.ts';

/**
 * The one schema every entry point validates with (the web form today; an API or an
 * import tomorrow). Each issue's message is a catalogue key, translated at render time,
 * so validation never depends on the language.
 */

/** Bidi overrides/embeddings/isolates and other invisible controls that can disguise text. */
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Half a surrogate pair: not text, and not storable as UTF-8 (DynamoDB, email). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strips characters that can reorder or hide text; keeps newlines and tabs. */
export function neutraliseControls(text: string): string {
  return text.replace(UNSAFE_CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n?/g, '\n');
}

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const text = (max: number, tooLong: string) =>
  z
    .string({ error: 'error.invalid' })
    .transform((value) => neutraliseControls(value).trim())
    .pipe(z.string().max(max, { error: tooLong }));

const optionalText = (max: number, tooLong: string) => z.preprocess(emptyToUndefined, text(max, tooLong).optional());

/** The explicit "prefer not to say" answer, kept on the page but stored as nothing. */
export const NO_ANSWER = 'prefer-not';

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (value) => (value === NO_ANSWER ? undefined : emptyToUndefined(value)),
    z.enum(values, { error: 'error.invalid' }).optional(),
  );

export const FORM_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export const submissionSchema = z.object({
  formToken: z.string({ error: 'error.formToken' }).regex(FORM_TOKEN_PATTERN, {
    error: 'error.formToken',
  }),
  addressee: z.enum(ADDRESSEES, { error: 'error.addressee.required' }),
  topics: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z
      .array(z.enum(TOPIC_IDS, { error: 'error.topics.invalid' }), { error: 'error.invalid' })
      .min(1, { error: 'error.topics.required' })
      .max(TOPIC_IDS.length, { error: 'error.topics.invalid' })
      .transform((ids) => [...new Set(ids)]),
  ),
  message: z.preprocess(
    (value) => (value === undefined ? '' : value),
    text(LIMITS.message, 'error.message.tooLong').pipe(z.string().min(1, { error: 'error.message.required' })),
  ),
  region: optionalChoice(REGIONS),
  gender: optionalChoice(GENDERS),
  disability: optionalChoice(DISABILITY_ANSWERS),
  organisation: optionalText(LIMITS.organisation, 'error.organisation.tooLong'),
  /** May the office quote these words, without a name, in its briefs (issue 16)? No unless the person says yes. */
  quoteConsent: z.preprocess(
    (value) => (value === undefined || value === '' ? 'no' : value),
    z.enum(QUOTE_CONSENT_ANSWERS, { error: 'error.invalid' }).transform((answer) => answer === 'yes'),
  ),
  email: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: 'error.invalid' })
      .trim()
      .max(LIMITS.email, { error: 'error.email.invalid' })
      .pipe(z.email({ error: 'error.email.invalid' }))
      .optional(),
  ),
});

export type SubmissionInput = z.output<typeof submissionSchema>;
export type SubmissionField = keyof SubmissionInput;

/** The fields in the order they appear on the page, so the error summary follows it. */
export const FIELD_ORDER: readonly SubmissionField[] = [
  'addressee',
  'topics',
  'message',
  'region',
  'gender',
  'disability',
  'organisation',
  'quoteConsent',
  'email',
  'formToken',
];

export type FieldErrors = Partial<Record<SubmissionField, string>>;

export type Validation = { ok: true; value: SubmissionInput } | { ok: false; errors: FieldErrors };

/** Validates raw form fields. Returns the first error per field, as catalogue keys. */
export function validateSubmission(raw: Record<string, unknown>): Validation {
  const result = submissionSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as SubmissionField | undefined;
    if (field && FIELD_ORDER.includes(field) && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}

/** What is stored about a submission; contact details only ever as ciphertext. */
export interface SubmissionRecord {
  reference: string;
  tokenHash: string;
  receiptHash: string;
  language: Language;
  addressee: (typeof ADDRESSEES)[number];
  topics: string[];
  urgent: boolean;
  message: string;
  region?: string;
  gender?: string;
  disability?: string;
  /**
   * The person agreed that the office may quote their words, without their name, in its
   * briefs (issue 16). Absent means no; the person can change it on /status.
   */
  quoteConsent?: boolean;
  /** Envelope-encrypted JSON of { email, organisation }, base64. */
  contactCiphertext?: string;
  hasEmail: boolean;
  /**
   * Set when this address had its day's acknowledgements already (web/protect.ts): the
   * submission is kept and followed up as usual, only the acknowledgement is not sent, so
   * the form cannot be used to flood someone's inbox.
   */
  acknowledgementWithheld?: true;
  status: SubmissionStatus;
  createdAt: string;
  version: number;
  /** Routing progress, owned by the intake workflow. */
  routing?: 'pending' | 'routed';
  routedTo?: string[];
  routedAt?: string;
  /** Email markers by delivery key (e.g. `inbox-ose`, `acknowledgement`): sends are idempotent. */
  deliveries?: Record<string, Delivery>;
  /** Latest failure per delivery key, kept for staff and operators. */
  deliveryFailures?: Record<string, { at: string; error: string }>;
  lastReminderAt?: string;
  /** Triage (issue 4): who holds it, what staff decided, and every change in order. */
  assignee?: string;
  statusChangedAt?: string;
  publicReply?: PublicReply;
  notes?: InternalNote[];
  audit?: AuditEvent[];
}

export interface Delivery {
  state: 'sending' | 'sent';
  at: string;
  /** The workflow execution that holds the claim while sending. */
  by: string;
  messageId?: string;
}

export const SUBMISSION_STATUSES = ['new', 'in-review', 'forwarded', 'answered', 'closed', 'spam'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);
