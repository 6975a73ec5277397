import { stringify } from 'csv-stringify/sync';
import {
  ADDRESSEES,
  canSeePersonalAnswers,
  DISABILITY_ANSWERS,
  findTopic,
  GENDERS,
  groupCode,
  inContentLanguage,
  isInbox,
  isLanguage,
  type Language,
  languageName,
  type MessageKey,
  neutraliseControls,
  REGIONS,
  type StaffActor,
  type SubmissionRecord,
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
  'region',
  'gender',
  'disability',
  'assignee',
  'message',
  'publicReply',
] as const;
type Column = (typeof COLUMNS)[number];
const PERSONAL: readonly Column[] = ['gender', 'disability'];

const HEADERS: Record<Column, MessageKey> = {
  reference: 'staff.submission.reference',
  received: 'staff.export.received',
  status: 'staff.submission.status',
  statusChanged: 'staff.export.statusChanged',
  urgent: 'staff.queue.col.urgency',
  addressee: 'staff.submission.addressee',
  routedTo: 'staff.submission.routedTo',
  topics: 'staff.submission.topics',
  language: 'staff.submission.language',
  region: 'staff.submission.region',
  gender: 'staff.submission.gender',
  disability: 'staff.submission.disability',
  assignee: 'staff.submission.assignee',
  message: 'staff.submission.message',
  publicReply: 'staff.submission.reply',
};

export const columnsFor = (actor: StaffActor) =>
  COLUMNS.filter((column) => canSeePersonalAnswers(actor) || !PERSONAL.includes(column));

const known = <T extends string>(list: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (list as readonly string[]).includes(value);

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
    region: record.region ?? null,
    gender: record.gender ?? null,
    disability: record.disability ?? null,
    assignee: record.assignee ?? null,
    message: neutraliseControls(record.message ?? ''),
    publicReply: record.publicReply ? neutraliseControls(record.publicReply.text) : null,
  };
  return Object.fromEntries(columnsFor(actor).map((column) => [column, row[column]]));
}

function label(t: Translate, language: Language, column: Column, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (column) {
    case 'reference':
      return groupCode(String(value));
    case 'status':
      return t(`staff.status.${value as SubmissionRecord['status']}`);
    case 'urgent':
      return t(value ? 'staff.queue.urgent' : 'staff.queue.notUrgent');
    case 'addressee':
      return known(ADDRESSEES, String(value)) ? t(`addressee.${value as (typeof ADDRESSEES)[number]}`) : String(value);
    case 'routedTo':
      return (value as string[])
        .filter(isInbox)
        .map((inbox) => t(`staff.submission.inbox.${inbox}`))
        .join('; ');
    case 'topics':
      return (value as string[]).map((id) => inContentLanguage(findTopic(id)?.label, language) ?? id).join('; ');
    case 'language':
      return isLanguage(String(value)) ? languageName(String(value) as Language, language) : String(value);
    case 'region':
      return known(REGIONS, String(value)) ? t(`region.${value as (typeof REGIONS)[number]}`) : String(value);
    case 'gender':
      return known(GENDERS, String(value)) ? t(`gender.${value as (typeof GENDERS)[number]}`) : String(value);
    case 'disability':
      return known(DISABILITY_ANSWERS, String(value))
        ? t(`disability.${value as (typeof DISABILITY_ANSWERS)[number]}`)
        : String(value);
    default:
      return String(value);
  }
}

const csvLine = (cells: string[]) => stringify([cells.map(neutraliseCell)], { record_delimiter: 'windows' });

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
  yield `\ufeff${csvLine(columns.map((column) => t(HEADERS[column])))}`;
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
