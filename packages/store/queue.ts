import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type Addressee,
  type Language,
  NOT_GIVEN,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
  type SubmissionStatus,
} from '#core';
import type { StatusCountStore, StatusCounts } from './counts.ts';
import { type CountScope, DONORS_ROUTE, orderKey, POSITION_PATTERN, statusPartition } from './keys.ts';

/**
 * The triage queue: index Queries only, newest or oldest first, filtered, paginated by
 * position. A position is the index sort key (`<createdAt>#<ref>`) of the last row shown;
 * the next page asks each partition for rows strictly beyond it. So a page costs the same
 * at depth 10 as at depth 1, the server alone chooses the partitions (from the person's
 * role), and a position from a client is only ever a bound inside those partitions.
 *
 * Several partitions (e.g. "all statuses") are merged by position. With filters, a
 * partition may need reading past non-matching rows; `readBudget` caps that per request
 * and the page then ends early at a position every partition has been read up to, so
 * nothing is skipped or shown twice.
 */
export type QueueOrder = 'newest' | 'oldest';

export interface QueueFilters {
  addressee?: Addressee | undefined;
  topic?: string | undefined;
  /** A region id, or NOT_GIVEN for people who did not say. */
  region?: string | undefined;
  language?: Language | undefined;
  urgent?: boolean | undefined;
}

/** Which attributes leave the table: never contact ciphertext, notes, audit or deliveries. */
const FIELDS = {
  row: [
    'reference',
    'createdAt',
    'status',
    'urgent',
    'addressee',
    'topics',
    'language',
    'region',
    'assignee',
    'routing',
    'routedTo',
    'statusChangedAt',
    'version',
  ],
  export: [
    'reference',
    'routing',
    'createdAt',
    'status',
    'statusChangedAt',
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
  ],
  stats: ['reference', 'createdAt', 'addressee', 'topics', 'region', 'gender', 'disability', 'language'],
} as const;
export type QueueFields = keyof typeof FIELDS;

export interface QueueRequest {
  /** `all` for OSE staff; `donors` reads only the donor-routed partition (liaisons). */
  scope: CountScope;
  statuses: readonly SubmissionStatus[];
  filters?: QueueFilters;
  order: QueueOrder;
  /** Position of the last row already shown. */
  after?: string | undefined;
  pageSize: number;
  readBudget?: number;
  fields?: QueueFields;
}

export interface QueuePage {
  items: SubmissionRecord[];
  /** Position to continue from, when there is more. */
  next?: string;
}

export const isPosition = (value: string) => POSITION_PATTERN.test(value);
export const positionOf = (record: Pick<SubmissionRecord, 'createdAt' | 'reference'>) =>
  orderKey(record.createdAt, record.reference);

interface PartitionRead {
  matches: SubmissionRecord[];
  /** Read up to here (inclusive) in iteration order; undefined when read to the end. */
  frontier?: string;
}

export function createQueueStore(client: DynamoDBDocumentClient, tableName: string, counts: StatusCountStore) {
  function partitions(scope: CountScope, statuses: readonly SubmissionStatus[]) {
    if (scope === 'donors') return [{ index: 'byRoute', pk: 'gsi2pk', sk: 'gsi2sk', value: DONORS_ROUTE }];
    return statuses.map((status) => ({
      index: 'byStatus',
      pk: 'gsi1pk',
      sk: 'gsi1sk',
      value: statusPartition(status),
    }));
  }

  function filterExpression(request: QueueRequest) {
    const parts: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const f = request.filters ?? {};
    if (request.scope === 'donors' && request.statuses.length < SUBMISSION_STATUSES.length) {
      names['#status'] = 'status';
      const keys = request.statuses.map((status, i) => {
        values[`:status${i}`] = status;
        return `:status${i}`;
      });
      parts.push(keys.length ? `#status IN (${keys.join(', ')})` : 'attribute_not_exists(pk)');
    }
    if (f.addressee) {
      names['#addressee'] = 'addressee';
      values[':addressee'] = f.addressee;
      parts.push('#addressee = :addressee');
    }
    if (f.topic) {
      names['#topics'] = 'topics';
      values[':topic'] = f.topic;
      parts.push('contains(#topics, :topic)');
    }
    if (f.region) {
      names['#region'] = 'region';
      if (f.region === NOT_GIVEN) parts.push('attribute_not_exists(#region)');
      else {
        values[':region'] = f.region;
        parts.push('#region = :region');
      }
    }
    if (f.language) {
      names['#language'] = 'language';
      values[':language'] = f.language;
      parts.push('#language = :language');
    }
    if (f.urgent !== undefined) {
      names['#urgent'] = 'urgent';
      values[':urgent'] = f.urgent;
      parts.push('#urgent = :urgent');
    }
    return { expression: parts.join(' AND '), names, values };
  }

  async function readPartition(
    partition: ReturnType<typeof partitions>[number],
    request: QueueRequest,
    filter: ReturnType<typeof filterExpression>,
  ): Promise<PartitionRead> {
    const want = request.pageSize + 1;
    const budget = request.readBudget ?? 2000;
    const fields = FIELDS[request.fields ?? 'row'];
    const names: Record<string, string> = { '#pk': partition.pk, ...filter.names };
    fields.forEach((field, i) => {
      names[`#f${i}`] = field;
    });
    const values: Record<string, unknown> = { ':pk': partition.value, ...filter.values };
    let keyCondition = '#pk = :pk';
    if (request.after) {
      keyCondition += request.order === 'newest' ? ' AND #sk < :after' : ' AND #sk > :after';
      names['#sk'] = partition.sk;
      values[':after'] = request.after;
    }
    const matches: SubmissionRecord[] = [];
    let read = 0;
    let start: Record<string, unknown> | undefined;
    for (;;) {
      const input: QueryCommandInput = {
        TableName: tableName,
        IndexName: partition.index,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ProjectionExpression: fields.map((_, i) => `#f${i}`).join(', '),
        ScanIndexForward: request.order === 'oldest',
        // Unfiltered, one more than a page tells "more" from "exactly a page" in one read.
        Limit: filter.expression ? Math.min(Math.max(want, 100), budget) : want,
        ExclusiveStartKey: start,
      };
      if (filter.expression) input.FilterExpression = filter.expression;
      const page = await client.send(new QueryCommand(input));
      matches.push(...((page.Items ?? []) as SubmissionRecord[]));
      read += page.ScannedCount ?? 0;
      start = page.LastEvaluatedKey;
      if (matches.length >= want) {
        matches.length = want;
        return { matches, frontier: positionOf(matches[want - 1]!) };
      }
      if (!start) return { matches };
      if (read >= budget) return { matches, frontier: String(start[partition.sk]) };
    }
  }

  async function listQueue(request: QueueRequest): Promise<QueuePage> {
    if (request.after !== undefined && !isPosition(request.after)) throw new TypeError('Invalid queue position');
    const filter = filterExpression(request);
    const reads = await Promise.all(
      partitions(request.scope, request.statuses).map((partition) => readPartition(partition, request, filter)),
    );
    // `a` comes before `b` in the order rows are shown.
    const before = (a: string, b: string) => (request.order === 'newest' ? a > b : a < b);
    const open = reads.map((r) => r.frontier).filter((frontier): frontier is string => frontier !== undefined);
    // Rows are certain up to the least advanced partition; anything past it may have gaps.
    const limit = open.reduce<string | undefined>(
      (least, f) => (least === undefined || before(f, least) ? f : least),
      undefined,
    );
    const candidates = reads
      .flatMap((r) => r.matches)
      .map((record) => ({ record, position: positionOf(record) }))
      .filter(({ position }) => limit === undefined || !before(limit, position))
      .sort((a, b) => (before(a.position, b.position) ? -1 : 1));
    const shown = candidates.slice(0, request.pageSize);
    const page: QueuePage = { items: shown.map(({ record }) => record) };
    const more = candidates.length > shown.length || open.length > 0;
    if (more) {
      const last = shown.at(-1)?.position;
      // A short page (filters, read budget) continues from where every partition was read to.
      page.next = shown.length === request.pageSize || limit === undefined ? last : limit;
      if (page.next === undefined) delete page.next;
    }
    return page;
  }

  /** Every row matching a request, page after page, up to `max` (exports, statistics). */
  async function* eachInQueue(request: Omit<QueueRequest, 'pageSize' | 'after'>, max = Number.POSITIVE_INFINITY) {
    let after: string | undefined;
    let yielded = 0;
    do {
      const page = await listQueue({ ...request, after, pageSize: 500, readBudget: 5000 });
      for (const item of page.items) {
        if (yielded >= max) return;
        yielded += 1;
        yield item;
      }
      after = page.next;
    } while (after);
  }

  /**
   * Rebuilds the running totals from the indexes: a Query per partition (COUNT where
   * possible), no Scan. For repairing drift, not for every request.
   */
  async function recount(): Promise<Record<CountScope, StatusCounts>> {
    const result = { all: counts.empty(), donors: counts.empty() };
    for (const status of SUBMISSION_STATUSES) {
      for await (const item of eachInQueue({ scope: 'all', statuses: [status], order: 'oldest' })) {
        if (item.routing !== 'routed') continue;
        result.all[status] += 1;
        if (status === 'new' && item.urgent) result.all.urgentNew += 1;
      }
    }
    for await (const item of eachInQueue({ scope: 'donors', statuses: SUBMISSION_STATUSES, order: 'oldest' })) {
      result.donors[item.status] += 1;
      if (item.status === 'new' && item.urgent) result.donors.urgentNew += 1;
    }
    await counts.replace('all', result.all);
    await counts.replace('donors', result.donors);
    return result;
  }

  return { listQueue, eachInQueue, recount, counts: (scope: CountScope) => counts.read(scope) };
}

export type QueueStore = ReturnType<typeof createQueueStore>;
