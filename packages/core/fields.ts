import * as z from 'zod/mini';
import type { MessageKey } from './i18n/en.ts';
import { emptyToUndefined, optionalChoice, optionalText, preprocess, text } from './input.ts';
import { ADDRESSEES, DISABILITY_ANSWERS, GENDERS, LIMITS, QUOTE_CONSENT_ANSWERS, REGIONS } from './options.ts';
import { TOPIC_IDS } from './topics.ts';

/**
 * The person's answers, one row each, in the order the form asks them: the one place that
 * says what each answer is and where it may go. The schema, the error order, the intake copy,
 * the store's projections, the export, the statistics and their suppression, the liaison
 * filter, the inbox email's deny-list and the form and staff views are derived from it.
 * A new answer is a row here plus its words in the catalogues (docs/adr/0012-fields-and-inboxes-as-tables.md).
 */
export interface FieldSpec {
  /** How the answer is checked (zod/mini); messages are catalogue keys. */
  readonly schema: z.ZodMiniType;
  readonly control: 'radio' | 'checkboxes' | 'textarea' | 'select' | 'text' | 'email';
  /** The closed list of answers. Labels: the catalogue's `<field>.<value>` (topics: packages/core/topics.ts). */
  readonly values?: readonly string[];
  readonly required: boolean;
  /** Offers "I prefer not to say" (kept on the page, stored as nothing). */
  readonly preferNot?: true;
  /**
   * Where it is kept: `answer` in the record as given, `flag` in the record only when true,
   * `sealed` encrypted with the contact details (never exported, never counted).
   */
  readonly stored: 'answer' | 'flag' | 'sealed';
  /** About the person: hidden from donor liaisons (views, export, statistics), never in inbox emails. */
  readonly personal: boolean;
  /** Counted in statistics under `dimension`; `partitions` when each submission falls in exactly one cell. */
  readonly stat?: { readonly dimension: string; readonly partitions: boolean };
  /** A column of the staff export (CSV and JSON), named as the field. */
  readonly exported: boolean;
}

export const FIELD_TABLE = {
  addressee: {
    schema: z.enum(ADDRESSEES, { error: 'error.addressee.required' }),
    control: 'radio',
    values: ADDRESSEES,
    required: true,
    stored: 'answer',
    personal: false,
    stat: { dimension: 'addressee', partitions: true },
    exported: true,
  },
  topics: {
    schema: preprocess(
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
    control: 'checkboxes',
    values: TOPIC_IDS,
    required: true,
    stored: 'answer',
    personal: false,
    // A submission can have several topics: the cells do not add up to the total.
    stat: { dimension: 'topic', partitions: false },
    exported: true,
  },
  message: {
    // Required unless there is a recording (issue 19): validateSubmission says so with `hasVoice`.
    schema: preprocess((value) => (value === undefined ? '' : value), text(LIMITS.message, 'error.message.tooLong')),
    control: 'textarea',
    required: true,
    stored: 'answer',
    personal: false,
    exported: true,
  },
  region: {
    schema: optionalChoice(REGIONS),
    control: 'select',
    values: REGIONS,
    required: false,
    stored: 'answer',
    personal: false,
    stat: { dimension: 'region', partitions: true },
    exported: true,
  },
  gender: {
    schema: optionalChoice(GENDERS),
    control: 'radio',
    values: GENDERS,
    required: false,
    preferNot: true,
    stored: 'answer',
    personal: true,
    stat: { dimension: 'gender', partitions: true },
    exported: true,
  },
  disability: {
    schema: optionalChoice(DISABILITY_ANSWERS),
    control: 'radio',
    values: DISABILITY_ANSWERS,
    required: false,
    preferNot: true,
    stored: 'answer',
    personal: true,
    stat: { dimension: 'disability', partitions: true },
    exported: true,
  },
  organisation: {
    schema: optionalText(LIMITS.organisation, 'error.organisation.tooLong'),
    control: 'text',
    required: false,
    stored: 'sealed',
    personal: true,
    exported: false,
  },
  /** May the office quote these words, without a name, in its briefs (issue 16)? No unless the person says yes. */
  quoteConsent: {
    schema: preprocess(
      (value) => (value === undefined || value === '' ? 'no' : value),
      z.pipe(
        z.enum(QUOTE_CONSENT_ANSWERS, { error: 'error.invalid' }),
        z.transform((answer: 'yes' | 'no') => answer === 'yes'),
      ),
    ),
    control: 'radio',
    values: QUOTE_CONSENT_ANSWERS,
    required: false,
    stored: 'flag',
    personal: false,
    exported: false,
  },
  email: {
    schema: preprocess(
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
    control: 'email',
    required: false,
    stored: 'sealed',
    personal: true,
    exported: false,
  },
} as const satisfies Record<string, FieldSpec>;

type Table = typeof FIELD_TABLE;
export type Field = keyof Table;

/** The fields whose row has `Key` set to a value of type `V`. */
type FieldsWhere<Key extends PropertyKey, V> = {
  [F in Field]: Table[F] extends { readonly [K in Key]: V } ? F : never;
}[Field];

/** In the order the form asks them. */
export const FIELDS = Object.keys(FIELD_TABLE) as Field[];
const where = <F extends Field>(test: (spec: FieldSpec) => boolean) =>
  FIELDS.filter((field) => test(FIELD_TABLE[field])) as F[];

/** Answers kept in the record in the clear (not sealed). */
export type RecordField = FieldsWhere<'stored', 'answer' | 'flag'>;
/** Optional answers kept as text in the record: `SubmissionRecord` has one optional property each. */
export type OptionalAnswerField = FieldsWhere<'stored', 'answer'> & FieldsWhere<'required', false>;
export const OPTIONAL_RECORD_FIELDS = where<RecordField>((spec) => spec.stored !== 'sealed' && !spec.required);

/** Answers about the person in the record: what `canSeePersonalAnswers` guards, everywhere they appear. */
export type PersonalAnswerField = FieldsWhere<'personal', true> & RecordField;
export const PERSONAL_ANSWER_FIELDS = where<PersonalAnswerField>((spec) => spec.personal && spec.stored !== 'sealed');
/** Never in an inbox email: the personal answers and the sealed contact details. */
export type InboxDeniedField = FieldsWhere<'personal', true> | FieldsWhere<'stored', 'sealed'>;

export type ExportedField = FieldsWhere<'exported', true>;
export const EXPORTED_FIELDS = where<ExportedField>((spec) => spec.exported);
/** The exported answers a person may leave out: their columns follow the required ones. */
export const OPTIONAL_EXPORTED_FIELDS = where<ExportedField & OptionalAnswerField>(
  (spec) => spec.exported && !spec.required && spec.stored === 'answer',
);
export const isField = (value: string): value is Field => value in FIELD_TABLE;
export const isChoiceField = (value: string): value is ChoiceField =>
  isField(value) && (FIELD_TABLE[value].control === 'radio' || FIELD_TABLE[value].control === 'select');
/** The staff label of an answer: `staff.submission.<field>` in the staff catalogues. */
export const staffFieldLabel = (field: ExportedField | OptionalAnswerField): StaffFieldKey =>
  `staff.submission.${field}`;
type StaffFieldKey = `staff.submission.${ExportedField | OptionalAnswerField}` & MessageKey;

/** Counted in statistics. */
export type CountedField = FieldsWhere<'stat', object>;
export const COUNTED_FIELDS = where<CountedField>((spec) => spec.stat !== undefined);
export type FieldDimension = Table[CountedField]['stat']['dimension'];
export const dimensionOf = <F extends CountedField>(field: F): Table[F]['stat']['dimension'] =>
  FIELD_TABLE[field].stat.dimension;

/** Questions answered by choosing one of a closed list, labelled in the catalogues. */
export type ChoiceField = FieldsWhere<'control', 'radio' | 'select'>;
/** Optional radio questions with "I prefer not to say" (the form asks them in a loop). */
export type PreferNotField = FieldsWhere<'preferNot', true>;
export const PREFER_NOT_FIELDS = where<PreferNotField>((spec) => spec.preferNot === true);

type ValuesOf<F extends ChoiceField> = Table[F]['values'][number];
/** Every choice's label key: must be a catalogue key, or `answerLabel` does not compile. */
type AnswerLabelKey = { [F in ChoiceField]: `${F}.${ValuesOf<F>}` }[ChoiceField];

/** The catalogue key of one of a question's own answers. */
export const valueLabel = <F extends ChoiceField>(field: F, value: ValuesOf<F>): MessageKey =>
  `${field}.${value}` as AnswerLabelKey;

/** The catalogue key of a stored answer; undefined for free text, or a value not on the list. */
export function answerLabel(field: Field, value: unknown): MessageKey | undefined {
  if (!isChoiceField(field)) return undefined;
  const values: readonly unknown[] = FIELD_TABLE[field].values;
  if (!values.includes(value)) return undefined;
  return `${field}.${value}` as AnswerLabelKey;
}

/** The optional answers shown to every staff member who can open the submission, then the personal ones. */
export const SHARED_OPTIONAL_ANSWERS = where<OptionalAnswerField>(
  (spec) => !spec.required && spec.stored === 'answer' && !spec.personal,
);

/** The schema of every answer, keyed by field (packages/core/submission.ts adds the form token). */
export const answerSchemas = Object.fromEntries(FIELDS.map((field) => [field, FIELD_TABLE[field].schema])) as {
  [F in Field]: Table[F]['schema'];
};
