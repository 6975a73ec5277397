import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  isDonorRouted,
  type StatFields,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
  type SubmissionStatus,
  type Tally,
  tallyFromCounts,
  tallyKeys,
} from '#core';
import { type CountScope, countsKey } from './keys.ts';

/**
 * Running totals per status, for the queue's "New (12)" without reading every submission.
 * Each total is one attribute on a small item, changed with ADD after the submission's own
 * conditional update. Without transactions the two writes are not atomic: a crash between
 * them, or a purge that deletes items, leaves a total off until `recount` rebuilds it from
 * the index (admins can run it from the statistics page). Only routed submissions count,
 * so the intake workflow's markRouted is the single place a submission enters the totals.
 *
 * The same item keeps the statistics' running totals (`stat:<dimension>:<value>`, and
 * `stat:total`) for every routed submission that is not spam, so the statistics page is one
 * GetItem whatever the number of submissions.
 */
export type StatusCounts = Record<SubmissionStatus, number> & { urgentNew: number };

/** What counting needs of a submission: its state, and the fields statistics count. */
export type Countable = Pick<SubmissionRecord, 'status' | 'urgent' | 'routing' | 'routedTo'> & StatFields;

const STAT_PREFIX = 'stat:';
const STAT_TOTAL = `${STAT_PREFIX}total`;

/** The attributes a submission in this state adds one to, per scope. */
export function contributions(record: Countable | undefined): Record<CountScope, string[]> {
  const none = { all: [], donors: [] };
  if (record?.routing !== 'routed') return none;
  const keys = [record.status, ...(record.urgent && record.status === 'new' ? ['urgentNew'] : [])];
  if (record.status !== 'spam') keys.push(STAT_TOTAL, ...tallyKeys(record).map((key) => STAT_PREFIX + key));
  return { all: keys, donors: isDonorRouted(record) ? keys : [] };
}

export interface Statistics {
  /** Routed submissions, spam left out. */
  total: number;
  tally: Tally;
}

/** What changes between two states of one submission, as +1/-1 per scope and attribute. */
export function countDeltas(before: Countable | undefined, after: Countable | undefined) {
  const was = contributions(before);
  const is = contributions(after);
  const deltas: Record<CountScope, Record<string, number>> = { all: {}, donors: {} };
  for (const scope of ['all', 'donors'] as const) {
    for (const key of was[scope]) deltas[scope][key] = (deltas[scope][key] ?? 0) - 1;
    for (const key of is[scope]) deltas[scope][key] = (deltas[scope][key] ?? 0) + 1;
    for (const [key, value] of Object.entries(deltas[scope])) if (value === 0) delete deltas[scope][key];
  }
  return deltas;
}

const empty = (): StatusCounts =>
  Object.assign(Object.fromEntries(SUBMISSION_STATUSES.map((status) => [status, 0])), {
    urgentNew: 0,
  }) as StatusCounts;

export function createStatusCounts(client: DynamoDBDocumentClient, tableName: string) {
  async function adjust(before: Countable | undefined, after: Countable | undefined): Promise<void> {
    const deltas = countDeltas(before, after);
    for (const scope of ['all', 'donors'] as const) {
      const entries = Object.entries(deltas[scope]);
      if (entries.length === 0) continue;
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: countsKey(scope),
          UpdateExpression: `ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([key], i) => [`#k${i}`, key])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
        }),
      );
    }
  }

  async function readItem(scope: CountScope) {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: countsKey(scope) }));
    return Item;
  }

  async function read(scope: CountScope): Promise<StatusCounts> {
    const Item = await readItem(scope);
    const counts = empty();
    for (const key of Object.keys(counts) as (keyof StatusCounts)[]) {
      const value = Item?.[key];
      // A total can only go negative through drift; never show it.
      if (typeof value === 'number') counts[key] = Math.max(0, value);
    }
    return counts;
  }

  /** Every running total of a scope, status and statistics alike (zero when absent). */
  async function readAll(scope: CountScope): Promise<Record<string, number>> {
    const Item = (await readItem(scope)) ?? {};
    const totals: Record<string, number> = { ...empty() };
    for (const [key, value] of Object.entries(Item)) if (typeof value === 'number') totals[key] = value;
    return totals;
  }

  async function statistics(scope: CountScope): Promise<Statistics> {
    const totals = await readAll(scope);
    const stats = Object.entries(totals)
      .filter(([key]) => key.startsWith(STAT_PREFIX) && key !== STAT_TOTAL)
      .map(([key, value]): [string, number] => [key.slice(STAT_PREFIX.length), value]);
    return { total: Math.max(0, totals[STAT_TOTAL] ?? 0), tally: tallyFromCounts(stats) };
  }

  /** Replaces every running total of a scope (a recount, seeding). */
  async function replace(scope: CountScope, totals: Record<string, number>): Promise<void> {
    await client.send(new PutCommand({ TableName: tableName, Item: { ...totals, ...countsKey(scope) } }));
  }

  return { adjust, read, readAll, statistics, replace, empty };
}

export type StatusCountStore = ReturnType<typeof createStatusCounts>;
