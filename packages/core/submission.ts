import * as z from 'zod/mini';
import type { Language } from './languages.ts';
import { ADDRESSEES, DISABILITY_ANSWERS, GENDERS, LIMITS, QUOTE_CONSENT_ANSWERS, REGIONS } from './options.ts';
import { TOPIC_IDS } from './topics.ts';
import type { AuditEvent, InternalNote, PublicReply } from './triage.ts';
import type { VoiceRecord } from './voice.ts';

/**
 * The one schema every entry point validates with (the web form today; an API or an
 * import tomorrow). Each issue's message is a catalogue key, translated at render time,
 * so validation never depends on the language.
 */

/**
 * Characters that can reorder, hide or disguise text, removed before storage: C0/C1 controls
 * (not tab or newline), bidi overrides, embeddings, isolates and marks, and the invisible
 * format characters that make two strings look the same or smuggle text past a reader —
 * zero width space, byte-order mark, soft hyphen, word joiner and invisible operators,
 * deprecated format characters, interlinear annotation marks, fillers that render as
 * nothing (Hangul, Khmer, Mongolian), and the tag block (U+E0000–E007F), which can carry a
 * whole hidden ASCII message. ZWNJ and ZWJ (U+200C/U+200D) stay: Persian, Kurdish and
 * emoji sequences use them meaningfully; so do variation selectors.
 */
const UNSAFE_CONTROLS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E007F}]/gu;

/** Line breaks other than CR/LF (next line, line and paragraph separators): made plain newlines. */
const OTHER_LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;

/** Half a surrogate pair: not text, and not storable as UTF-8 (DynamoDB, email). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strips characters that can reorder or hide text; keeps newlines, tabs, ZWNJ and ZWJ. */
export function neutraliseControls(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(UNSAFE_CONTROLS, '').replace(OTHER_LINE_BREAKS, '\n');
}

/** zod's `preprocess` (the full build's), for zod/mini: a transform of the raw input, then the schema. */
export const preprocess = <T extends z.ZodMiniType>(prepare: (value: unknown) => unknown, schema: T) =>
  z.pipe(z.transform(prepare), schema);

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

// zod/mini (the functional API of zod 4): a fraction of the full build, which matters to the
// public function's cold start (docs/performance.md).
const text = (max: number, tooLong: string) =>
  z.pipe(
    z.pipe(
      z.string({ error: 'error.invalid' }),
      z.transform((value: string) => neutraliseControls(value).trim()),
    ),
    z.string().check(z.maxLength(max, { error: tooLong })),
  );

const optionalText = (max: number, tooLong: string) => preprocess(emptyToUndefined, z.optional(text(max, tooLong)));

/** The explicit "prefer not to say" answer, kept on the page but stored as nothing. */
export const NO_ANSWER = 'prefer-not';

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  preprocess(
    (value) => (value === NO_ANSWER ? undefined : emptyToUndefined(value)),
    z.optional(z.enum(values, { error: 'error.invalid' })),
  );

export const FORM_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export const submissionSchema = z.object({
  formToken: z.string({ error: 'error.formToken' }).check(z.regex(FORM_TOKEN_PATTERN, { error: 'error.formToken' })),
  addressee: z.enum(ADDRESSEES, { error: 'error.addressee.required' }),
  topics: preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.pipe(
      z
        .array(z.enum(TOPIC_IDS, { error: 'error.topics.invalid' }), { error: 'error.invalid' })
        .check(
          z.minLength(1, { error: 'error.topics.required' }),
          z.maxLength(TOPIC_IDS.length, { error: 'error.topics.invalid' }),
        ),
      z.transform((ids: (typeof TOPIC_IDS)[number][]) => [...new Set(ids)]),
    ),
  ),
  // Required unless there is a recording: validateSubmission says so with `hasVoice`.
  message: preprocess((value) => (value === undefined ? '' : value), text(LIMITS.message, 'error.message.tooLong')),
  region: optionalChoice(REGIONS),
  gender: optionalChoice(GENDERS),
  disability: optionalChoice(DISABILITY_ANSWERS),
  organisation: optionalText(LIMITS.organisation, 'error.organisation.tooLong'),
  /** May the office quote these words, without a name, in its briefs (issue 16)? No unless the person says yes. */
  quoteConsent: preprocess(
    (value) => (value === undefined || value === '' ? 'no' : value),
    z.pipe(
      z.enum(QUOTE_CONSENT_ANSWERS, { error: 'error.invalid' }),
      z.transform((answer: 'yes' | 'no') => answer === 'yes'),
    ),
  ),
  email: preprocess(
    emptyToUndefined,
    z.optional(
      z.pipe(
        z
          .string({ error: 'error.invalid' })
          .check(z.trim(), z.maxLength(LIMITS.email, { error: 'error.email.invalid' })),
        z.email({ error: 'error.email.invalid' }),
      ),
    ),
  ),
});

export type SubmissionInput = z.output<typeof submissionSchema>;
/** The form's fields: the schema's, and the recording (checked from its bytes, web/public/voice.ts). */
export type SubmissionField = keyof SubmissionInput | 'voice';

/** The fields in the order they appear on the page, so the error summary follows it. */
export const FIELD_ORDER: readonly SubmissionField[] = [
  'addressee',
  'topics',
  'message',
  'voice',
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

/**
 * Validates raw form fields. Returns the first error per field, as catalogue keys. The
 * written message is required unless the person recorded their input instead (`hasVoice`).
 */
export function validateSubmission(raw: Record<string, unknown>, { hasVoice = false } = {}): Validation {
  const result = submissionSchema.safeParse(raw);
  const errors: FieldErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as SubmissionField | undefined;
      if (field && FIELD_ORDER.includes(field) && !errors[field]) errors[field] = issue.message;
    }
  }
  if (!hasVoice && !errors.message && (!result.success ? messageIsEmpty(raw.message) : result.data.message === '')) {
    errors.message = 'error.message.required';
  }
  if (result.success && Object.keys(errors).length === 0) return { ok: true, value: result.data };
  return { ok: false, errors: Object.fromEntries(FIELD_ORDER.filter((f) => errors[f]).map((f) => [f, errors[f]])) };
}

const messageIsEmpty = (value: unknown) =>
  value === undefined || (typeof value === 'string' && neutraliseControls(value).trim() === '');

/** What is stored about a submission; contact details only ever as ciphertext. */
export interface SubmissionRecord {
  reference: string;
  tokenHash: string;
  receiptHash: string;
  language: Language;
  addressee: (typeof ADDRESSEES)[number];
  topics: string[];
  urgent: boolean;
  /** What the person wrote; empty when they recorded their input instead. */
  message: string;
  /** Their recording (issue 19): where it is and what it is, never the audio itself. */
  voice?: VoiceRecord;
  /** A staff-written transcript of the recording, marked as such wherever it is shown. */
  transcript?: { text: string; by: string; at: string };
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
   * Set when this address had its day's acknowledgements already (web/public/protect.ts): the
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
  /** Near-duplicate group (issue 15): the reference of its first member, set when grouped. */
  group?: string;
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
