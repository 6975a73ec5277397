import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SubmissionRecord } from '#core';
import { countDeltas, createStatusCounts } from './counts.ts';
import { routePartition, statusPartition } from './keys.ts';
import { createSubmissionStore } from './submissions.ts';

/**
 * Bulk seeding for benchmarks and fixtures: many submissions written with BatchWriteItem,
 * each item exactly as `createSubmissionStore().create` would write it. The item is not
 * rebuilt here: the store's own create runs against a client that only records the put,
 * so a change to the stored shape reaches the seeded data with no second copy to update.
 * The status totals are brought up to date once at the end, not per item.
 */

const BATCH_SIZE = 25; // BatchWriteItem's limit

/** The items the store would put for these records (no I/O). */
export async function submissionItems(records: readonly SubmissionRecord[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const recorder = {
    async send(command: unknown) {
      if (!(command instanceof PutCommand)) throw new Error('seeding expects the store to create with one put');
      items.push(command.input.Item as Record<string, unknown>);
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  const store = createSubmissionStore(recorder, 'seed');
  for (const record of records) await store.create(record);
  return items.map(routedItem);
}

/**
 * A record that says it was routed also leaves the "pending" partition the redrive sweep
 * reads for its route's partition, as `markRouted` does; otherwise a seeded table would
 * look like a stuck backlog.
 */
function routedItem(item: Record<string, unknown>): Record<string, unknown> {
  const routedTo = item.routedTo as string[] | undefined;
  if (item.routing !== 'routed' || !routedTo) return item;
  const route = routePartition(routedTo);
  return { ...item, gsi2pk: route, ...(item.urgent ? { gsi4pk: route } : {}) };
}

/** Adds the seeded records to the running status totals, as markRouted would one by one. */
async function addToCounts(client: DynamoDBDocumentClient, tableName: string, records: readonly SubmissionRecord[]) {
  const counts = createStatusCounts(client, tableName);
  for (const scope of ['all', 'donors'] as const) {
    const totals = await counts.readAll(scope);
    for (const record of records) {
      for (const [key, delta] of Object.entries(countDeltas(undefined, record)[scope])) {
        totals[key] = (totals[key] ?? 0) + delta;
      }
    }
    await counts.replace(scope, totals);
  }
}

export interface SeedOptions {
  /** BatchWriteItem calls in flight at once. */
  parallel?: number;
}

/** Writes the records in batches of 25, retrying whatever DynamoDB leaves unprocessed. */
export async function seedSubmissions(
  client: DynamoDBDocumentClient,
  tableName: string,
  records: readonly SubmissionRecord[],
  { parallel = 4 }: SeedOptions = {},
): Promise<void> {
  const items = await submissionItems(records);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) batches.push(items.slice(i, i + BATCH_SIZE));
  let next = 0;
  async function worker() {
    while (next < batches.length) {
      const batch = batches[next++]!;
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('seeding: items still unprocessed after 8 retries');
        if (attempt > 0) await new Promise((done) => setTimeout(done, 20 * 2 ** attempt));
        const { UnprocessedItems } = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  await addToCounts(client, tableName, records);
}

export interface QueuePage {
  references: string[];
  /** Opaque cursor for the next page; undefined on the last one. */
  cursor?: Record<string, unknown>;
}

/**
 * One page of the triage queue straight from the byStatus index, newest first: what a
 * staff queue page costs in DynamoDB, for benchmarking before (or beside) the staff views.
 */
export async function queuePage(
  client: DynamoDBDocumentClient,
  tableName: string,
  status: SubmissionRecord['status'],
  limit: number,
  cursor?: Record<string, unknown>,
): Promise<QueuePage> {
  const { Items = [], LastEvaluatedKey } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :status',
      ExpressionAttributeValues: { ':status': statusPartition(status) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: cursor,
    }),
  );
  return { references: Items.map((item) => item.reference as string), cursor: LastEvaluatedKey };
}
