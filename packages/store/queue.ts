import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type Addressee,
  EXPORTED_FIELDS,
  type Language,
  NOT_GIVEN,
  STAT_FIELDS,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
  type SubmissionStatus,
} from '#core';
import { contributions, type StatusCountStore, type StatusCounts } from './counts.ts';
import { type CountScope, DONORS_ROUTE, orderKey, POSITION_PATTERN, statusPartition } from './keys.ts';
import type { IndexName } from './table.ts';

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
 *
 * Urgent first (`urgentFirst`): the listing is two runs, each in the chosen order: urgent
 * submissions, read from the sparse urgent indexes (only urgent items are there, so this
 * costs what it shows), then the rest, read from the main indexes without the urgent ones.
 * The position then says which run it is in: `U#<key>`, or `N#<key>` (`N#` alone: the
 * start of the second run).
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

/** A queue row: what the list (and a search result, packages/store/search.ts) shows and filters on. */
export const QUEUE_ROW_FIELDS = [
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
  'group',
] as const satisfies readonly (keyof SubmissionRecord)[];

/** Which attributes leave the table: never contact ciphertext, notes, audit or deliveries. */
const FIELDS = {
  row: QUEUE_ROW_FIELDS,
  // The exported answers come from the field table (packages/core/fields.ts).
  export: [
    'reference',
    'routing',
    'createdAt',
    'status',
    'statusChangedAt',
    'urgent',
    'routedTo',
    'language',
    'assignee',
    'publicReply',
    ...EXPORTED_FIELDS,
  ],
  /** What a recount needs: the state that counts, and the fields statistics count. */
  count: ['reference', 'status', 'urgent', 'routing', 'routedTo', ...STAT_FIELDS],
} as const satisfies Record<string, readonly (keyof SubmissionRecord)[]>;
export type QueueFields = keyof typeof FIELDS;

export interface QueueRequest {
  /** `all` for OSE staff; `donors` reads only the donor-routed partition (liaisons). */
  scope: CountScope;
  /** Urgent submissions before the others (the staff queue); otherwise one run in time order. */
  urgentFirst?: boolean;
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

type Run = 'urgent' | 'rest';
const RUN_PREFIX: Record<Run, string> = { urgent: 'U#', rest: 'N#' };

/** A queue position: a key, or a run marker with a key (`U#<key>`, `N#<key>`) or without (`N#`). */
export function isPosition(value: string): boolean {
  if (POSITION_PATTERN.test(value)) return true;
  if (value === RUN_PREFIX.rest) return true;
  const run = value.slice(0, 2);
  return (run === RUN_PREFIX.urgent || run === RUN_PREFIX.rest) && POSITION_PATTERN.test(value.slice(2));
}

/** Which run a position is in, and the key inside that run. A bare key is in the second run. */
function readPosition(value: string | undefined): { run: Run; key?: string } {
  if (value === undefined) return { run: 'urgent' };
  if (value.startsWith(RUN_PREFIX.urgent)) return { run: 'urgent', key: value.slice(2) };
  if (value.startsWith(RUN_PREFIX.rest))
    return value.length > 2 ? { run: 'rest', key: value.slice(2) } : { run: 'rest' };
  return { run: 'rest', key: value };
}

export const positionOf = (record: Pick<SubmissionRecord, 'createdAt' | 'reference'>) =>
  orderKey(record.createdAt, record.reference);

interface Partition {
  index: IndexName;
  pk: string;
  sk: string;
  value: string;
}

interface PartitionRead {
  matches: SubmissionRecord[];
  /** Read up to here (inclusive) in iteration order; undefined when read to the end. */
  frontier?: string;
}

export function createQueueStore(client: DynamoDBDocumentClient, tableName: string, counts: StatusCountStore) {
  /** The partitions a request may read: from the role's scope, never from the client. */
  function partitions(scope: CountScope, statuses: readonly SubmissionStatus[], urgentOnly: boolean): Partition[] {
    if (scope === 'donors') {
      const [index, pk, sk] = urgentOnly
        ? (['urgentByRoute', 'gsi4pk', 'gsi4sk'] as const)
        : (['byRoute', 'gsi2pk', 'gsi2sk'] as const);
      return [{ index, pk, sk, value: DONORS_ROUTE }];
    }
    const [index, pk, sk] = urgentOnly
      ? (['urgentByStatus', 'gsi3pk', 'gsi3sk'] as const)
      : (['byStatus', 'gsi1pk', 'gsi1sk'] as const);
    return statuses.map((status) => ({ index, pk, sk, value: statusPartition(status) }));
  }

  /**
   * The filter for one run. `urgent`: true on the urgent indexes (nothing to filter), false
   * for the second run of an urgent-first listing, else the person's own filter, if any.
   */
  function filterExpression(request: QueueRequest, urgent: boolean | undefined) {
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
    if (urgent === false) {
      names['#urgent'] = 'urgent';
      values[':urgent'] = true;
      parts.push('(attribute_not_exists(#urgent) OR #urgent <> :urgent)');
    }
    return { expression: parts.join(' AND '), names, values };
  }

  async function readPartition(
    partition: Partition,
    request: QueueRequest,
    after: string | undefined,
    pageSize: number,
    filter: ReturnType<typeof filterExpression>,
  ): Promise<PartitionRead> {
    const want = pageSize + 1;
    const budget = request.readBudget ?? 2000;
    const fields = FIELDS[request.fields ?? 'row'];
    const names: Record<string, string> = { '#pk': partition.pk, ...filter.names };
    fields.forEach((field, i) => {
      names[`#f${i}`] = field;
    });
    const values: Record<string, unknown> = { ':pk': partition.value, ...filter.values };
    let keyCondition = '#pk = :pk';
    if (after) {
      keyCondition += request.order === 'newest' ? ' AND #sk < :after' : ' AND #sk > :after';
      names['#sk'] = partition.sk;
      values[':after'] = after;
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

  /**
   * One run: partitions merged by position, `pageSize` rows after `after`. `more` says
   * whether rows remain past the page (`next`, absent when nothing was shown).
   */
  async function listRun(
    request: QueueRequest,
    parts: Partition[],
    filter: ReturnType<typeof filterExpression>,
    after: string | undefined,
    pageSize: number,
  ): Promise<{ items: SubmissionRecord[]; next?: string; more: boolean }> {
    const reads = await Promise.all(
      parts.map((partition) => readPartition(partition, request, after, pageSize, filter)),
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
    const shown = candidates.slice(0, pageSize);
    const items = shown.map(({ record }) => record);
    const more = candidates.length > shown.length || open.length > 0;
    if (!more) return { items, more };
    // A short page (filters, read budget) continues from where every partition was read to.
    const next = shown.length === pageSize || limit === undefined ? shown.at(-1)?.position : limit;
    return next === undefined ? { items, more } : { items, next, more };
  }

  async function listQueue(request: QueueRequest): Promise<QueuePage> {
    if (request.after !== undefined && !isPosition(request.after)) throw new TypeError('Invalid queue position');
    const urgentFilter = request.filters?.urgent;
    const { scope, statuses, pageSize } = request;

    if (!request.urgentFirst || urgentFilter !== undefined) {
      // One run: urgent only (the sparse indexes), not urgent, or everything in time order.
      const after = request.after === undefined ? undefined : readPosition(request.after).key;
      const parts = partitions(scope, statuses, urgentFilter === true);
      const run = await listRun(request, parts, filterExpression(request, urgentFilter), after, pageSize);
      return run.next ? { items: run.items, next: run.next } : { items: run.items };
    }

    const position = readPosition(request.after);
    const items: SubmissionRecord[] = [];
    if (position.run === 'urgent') {
      const urgent = await listRun(
        request,
        partitions(scope, statuses, true),
        filterExpression(request, true),
        position.key,
        pageSize,
      );
      if (urgent.more)
        return urgent.next ? { items: urgent.items, next: RUN_PREFIX.urgent + urgent.next } : { items: urgent.items };
      items.push(...urgent.items);
    }
    const key = position.run === 'rest' ? position.key : undefined;
    const rest = await listRun(
      request,
      partitions(scope, statuses, false),
      filterExpression(request, false),
      key,
      pageSize - items.length,
    );
    items.push(...rest.items);
    // Rows remain but none was shown (a page filled by the urgent run): continue at the same place.
    const next = rest.next ?? (rest.more ? key : undefined);
    if (!rest.more) return { items };
    return { items, next: RUN_PREFIX.rest + (next ?? '') };
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
   * Rebuilds the running totals (statuses and statistics) from the indexes: one pass over
   * every status partition (Query, no Scan), each submission counted the way `adjust`
   * counts it. For repairing drift, not for every request.
   */
  async function recount(): Promise<Record<CountScope, StatusCounts>> {
    const totals: Record<CountScope, Record<string, number>> = {
      all: { ...counts.empty() },
      donors: { ...counts.empty() },
    };
    const rows = eachInQueue({ scope: 'all', statuses: SUBMISSION_STATUSES, order: 'oldest', fields: 'count' });
    for await (const item of rows) {
      const adds = contributions(item);
      for (const scope of ['all', 'donors'] as const)
        for (const key of adds[scope]) totals[scope][key] = (totals[scope][key] ?? 0) + 1;
    }
    await counts.replace('all', totals.all);
    await counts.replace('donors', totals.donors);
    return { all: await counts.read('all'), donors: await counts.read('donors') };
  }

  return {
    listQueue,
    eachInQueue,
    recount,
    counts: (scope: CountScope) => counts.read(scope),
    statistics: (scope: CountScope) => counts.statistics(scope),
  };
}

export type QueueStore = ReturnType<typeof createQueueStore>;
