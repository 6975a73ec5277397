import * as z from 'zod/mini';
import { answerSchemas, FIELDS, type OptionalAnswerField } from './fields.ts';
import { neutraliseControls } from './input.ts';
import type { Language } from './languages.ts';
import type { ADDRESSEES } from './options.ts';
import type { AuditEvent, InternalNote, PublicReply } from './triage.ts';
import type { VoiceRecord } from './voice.ts';

export { NO_ANSWER, neutraliseControls, preprocess } from './input.ts';

/**
 * The one schema every entry point validates with (the web form today; an API or an
 * import tomorrow). Each issue's message is a catalogue key, translated at render time,
 * so validation never depends on the language.
 */

export const FORM_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export const submissionSchema = z.object({
  formToken: z.string({ error: 'error.formToken' }).check(z.regex(FORM_TOKEN_PATTERN, { error: 'error.formToken' })),
  ...answerSchemas,
});

export type SubmissionInput = z.output<typeof submissionSchema>;
/** The form's fields: the schema's, and the recording (checked from its bytes, web/public/voice.ts). */
export type SubmissionField = keyof SubmissionInput | 'voice';

/** The fields in the order they appear on the page, so the error summary follows it. */
// The recording (checked from its bytes, web/public/voice.ts) comes right after the message.
export const FIELD_ORDER: readonly SubmissionField[] = [
  ...FIELDS.flatMap((field): SubmissionField[] => (field === 'message' ? [field, 'voice'] : [field])),
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

/** The optional answers kept in the record as text, one property each (packages/core/fields.ts). */
type OptionalAnswers = { [F in OptionalAnswerField]?: string };

/** What is stored about a submission; contact details only ever as ciphertext. */
export interface SubmissionRecord extends OptionalAnswers {
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
export const isSubmissionStatus = (value: unknown): value is SubmissionStatus =>
  (SUBMISSION_STATUSES as readonly unknown[]).includes(value);
