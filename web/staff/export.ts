import {
  answerLabel,
  assertNever,
  canSeePersonalAnswers,
  type ExportedField,
  findTopic,
  groupCode,
  inContentLanguage,
  isChoiceField,
  isField,
  isInbox,
  isLanguage,
  isSubmissionStatus,
  type Language,
  languageName,
  type MessageKey,
  type NoneMissing,
  neutraliseControls,
  OPTIONAL_EXPORTED_FIELDS,
  PERSONAL_ANSWER_FIELDS,
  type StaffActor,
  type SubmissionRecord,
  staffFieldLabel,
  type Translate,
} from '#core';

/**
 * Exports of the current queue filter, for spreadsheets (CSV, UTF-8 with a BOM so Excel
 * reads Arabic) and for tools (JSON). Never contact details; for liaisons not the optional
 * personal answers either. Every CSV cell a spreadsheet could read as a formula is
 * neutralised with a leading apostrophe (OWASP "CSV injection").
 */
export const EXPORT_MAX_ROWS = 5000;

const FORMULA_START = /^[=+\-@\t\r\n]/;
export const neutraliseCell = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/** The optional answers' columns come from the field table (packages/core/fields.ts), in form order. */
const COLUMNS = [
  'reference',
  'received',
  'status',
  'statusChanged',
  'urgent',
  'addressee',
  'routedTo',
  'topics',
  'language',
  ...OPTIONAL_EXPORTED_FIELDS,
  'assignee',
  'message',
  'publicReply',
] as const;
type Column = (typeof COLUMNS)[number];
/** Every exported answer has a column: a row in the field table that is not listed here does not compile. */
export type EveryExportedAnswerIsAColumn = NoneMissing<Exclude<ExportedField, Column>>;

const HEADERS: Record<Exclude<Column, ExportedField>, MessageKey> = {
  reference: 'staff.submission.reference',
  received: 'staff.export.received',
  status: 'staff.submission.status',
  statusChanged: 'staff.export.statusChanged',
  urgent: 'staff.queue.col.urgency',
  routedTo: 'staff.submission.routedTo',
  language: 'staff.submission.language',
  assignee: 'staff.submission.assignee',
  publicReply: 'staff.submission.reply',
};
const header = (column: Column): MessageKey => (isField(column) ? staffFieldLabel(column) : HEADERS[column]);

/** Personal answers (the field table's `personal`) only for those who may read them. */
export const columnsFor = (actor: StaffActor) =>
  COLUMNS.filter((column) => canSeePersonalAnswers(actor) || !isPersonal(column));
const isPersonal = (column: Column) => (PERSONAL_ANSWER_FIELDS as readonly string[]).includes(column);

/** One submission as export values (machine-readable for JSON, labelled for people in CSV). */
export function exportRow(actor: StaffActor, record: SubmissionRecord) {
  const row: Record<Column, string | boolean | string[] | null> = {
    reference: record.reference,
    received: record.createdAt,
    status: record.status,
    statusChanged: record.statusChangedAt ?? null,
    urgent: record.urgent === true,
    addressee: record.addressee,
    routedTo: record.routedTo ?? [],
    topics: record.topics ?? [],
    language: record.language,
    ...(Object.fromEntries(OPTIONAL_EXPORTED_FIELDS.map((field) => [field, record[field] ?? null])) as Record<
      (typeof OPTIONAL_EXPORTED_FIELDS)[number],
      string | null
    >),
    assignee: record.assignee ?? null,
    message: neutraliseControls(record.message ?? ''),
    publicReply: record.publicReply ? neutraliseControls(record.publicReply.text) : null,
  };
  return Object.fromEntries(columnsFor(actor).map((column) => [column, row[column]]));
}

function label(t: Translate, language: Language, column: Column, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (isChoiceField(column)) {
    const key = answerLabel(column, value);
    return key ? t(key) : String(value);
  }
  switch (column) {
    case 'reference':
      return groupCode(String(value));
    case 'status':
      return isSubmissionStatus(value) ? t(`staff.status.${value}`) : String(value);
    case 'urgent':
      return t(value ? 'staff.queue.urgent' : 'staff.queue.notUrgent');
    case 'routedTo':
      return (value as string[])
        .filter(isInbox)
        .map((inbox) => t(`staff.submission.inbox.${inbox}`))
        .join('; ');
    case 'topics':
      return (value as string[]).map((id) => inContentLanguage(findTopic(id)?.label, language) ?? id).join('; ');
    case 'language': {
      const code = String(value);
      return isLanguage(code) ? languageName(code, language) : code;
    }
    case 'received':
    case 'statusChanged':
    case 'assignee':
    case 'message':
    case 'publicReply':
      return String(value);
    default:
      return assertNever(column);
  }
}

/** The CSV writer, imported by the first export: no other page of the staff function needs it at a cold start. */
const csvWriter = async () => {
  const { stringify } = await import('csv-stringify/sync');
  return (cells: string[]) => stringify([cells.map(neutraliseCell)], { record_delimiter: 'windows' });
};

/**
 * The CSV line by line (UTF-8 BOM first, so Excel reads Arabic), as records arrive: an export
 * is streamed, never held whole (5,000 rows of 5,000 characters are ~50 MB; issue 12, 16).
 */
export async function* csvLines(
  actor: StaffActor,
  t: Translate,
  language: Language,
  records: AsyncIterable<SubmissionRecord> | Iterable<SubmissionRecord>,
): AsyncGenerator<string> {
  const columns = columnsFor(actor);
  const csvLine = await csvWriter();
  yield `\ufeff${csvLine(columns.map((column) => t(header(column))))}`;
  for await (const record of records) {
    const row = exportRow(actor, record);
    yield csvLine(columns.map((column) => label(t, language, column, row[column])));
  }
}

/** The JSON export, piece by piece: the same document `JSON.stringify` would make. */
export async function* jsonPieces(
  head: Record<string, unknown>,
  actor: StaffActor,
  records: AsyncIterable<SubmissionRecord>,
): AsyncGenerator<string> {
  yield `${JSON.stringify(head).slice(0, -1)},"submissions":[`;
  let first = true;
  for await (const record of records) {
    yield `${first ? '' : ','}${JSON.stringify(exportRow(actor, record))}`;
    first = false;
  }
  yield ']}';
}

/** Text pieces as a byte stream that asks for the next piece only when the reader wants it. */
export function textStream(pieces: AsyncIterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await pieces.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await pieces.return?.(undefined);
    },
  });
}
