/**
 * A local table kept from before the urgent-first indexes (under .data/) is upgraded at
 * start: every item kept (and saved to a backup file first), the new indexes made, and
 * urgent submissions put on them, so the queue lists them first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backfillUrgentIndexes,
  createDocumentClient,
  createQueueStore,
  createStatusCounts,
  createSubmissionStore,
  createTableInput,
} from '#store';
import { submissionItems } from '#store/seed.ts';
import { ensureTable, startDynalite } from '../../dev/dynamo.ts';
import { testTable } from '../support/dynamo.ts';
import { submissionRecord } from '../support/staff.ts';

const region = 'eu-central-1';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The table as an earlier version made it: only the byStatus and byRoute indexes. */
function oldTableInput(tableName: string) {
  const input = createTableInput(tableName);
  const indexes = input.GlobalSecondaryIndexes.filter((i) => i.IndexName === 'byStatus' || i.IndexName === 'byRoute');
  const used = new Set(['pk', 'sk', ...indexes.flatMap((i) => i.KeySchema.map((k) => k.AttributeName))]);
  return {
    ...input,
    GlobalSecondaryIndexes: indexes,
    AttributeDefinitions: input.AttributeDefinitions.filter((d) => used.has(d.AttributeName)),
  };
}

/** Items as the earlier version wrote them: no urgent-index keys. */
const withoutUrgentKeys = (item: Record<string, unknown>) => {
  const { gsi3pk: _3, gsi3sk: _3s, gsi4pk: _4, gsi4sk: _4s, ...rest } = item;
  return rest;
};

describe('upgrading a local table', () => {
  it('adds the missing indexes, keeps every item, saves a backup and backfills urgent work', async () => {
    const dynamo = await startDynalite();
    cleanups.push(() => dynamo.stop());
    const backupDir = mkdtempSync(join(tmpdir(), 'mashura-upgrade-'));
    cleanups.push(() => rmSync(backupDir, { recursive: true, force: true }));
    const raw = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    cleanups.push(() => raw.destroy());
    const client = createDocumentClient({ region, endpoint: dynamo.endpoint });
    cleanups.push(() => client.destroy());

    // A table of the old shape, with data in it.
    const records = Array.from({ length: 30 }, (_, i) =>
      submissionRecord({ createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), urgent: i % 4 === 0 }),
    );
    const items = (await submissionItems(records)).map(withoutUrgentKeys);
    const oldName = 'old-shape';
    await raw.send(new CreateTableCommand(oldTableInput(oldName)));
    for (let i = 0; i < items.length; i += 25)
      await client.send(
        new BatchWriteCommand({
          RequestItems: {
            [oldName]: items.slice(i, i + 25).map((Item: Record<string, unknown>) => ({ PutRequest: { Item } })),
          },
        }),
      );

    const events: string[] = [];
    await ensureTable(dynamo.endpoint, region, oldName, { backupDir, log: (event) => events.push(event) });
    expect(events).toEqual(['local.table-backup', 'local.table-upgraded']);

    const described = await raw.send(new DescribeTableCommand({ TableName: oldName }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      'byRoute',
      'byStatus',
      'urgentByRoute',
      'urgentByStatus',
    ]);
    const store = createSubmissionStore(client, oldName);
    for (const record of records) expect(await store.get(record.reference)).toMatchObject(record);

    const [backup] = readdirSync(backupDir);
    expect(backup).toMatch(/^old-shape-before-upgrade-\d+\.json$/);
    expect(JSON.parse(readFileSync(join(backupDir, backup as string), 'utf8'))).toHaveLength(30);

    const queue = createQueueStore(client, oldName, createStatusCounts(client, oldName));
    const page = await queue.listQueue({
      scope: 'all',
      statuses: ['new'],
      order: 'newest',
      pageSize: 30,
      urgentFirst: true,
    });
    const newestFirst = [...records].reverse();
    expect(page.items.map((r) => r.reference)).toEqual([
      ...newestFirst.filter((r) => r.urgent).map((r) => r.reference),
      ...newestFirst.filter((r) => !r.urgent).map((r) => r.reference),
    ]);

    // Idempotent: nothing left to backfill, and a second start changes nothing.
    expect(await backfillUrgentIndexes(client, oldName)).toBe(0);
    await ensureTable(dynamo.endpoint, region, oldName, { backupDir, log: (event) => events.push(event) });
    expect(events).toHaveLength(2);
    expect(readdirSync(backupDir)).toHaveLength(1);
  });

  it('backfills a deployed table with the documented script (npx tsx scripts/backfill-urgent.ts)', async () => {
    const db = await testTable();
    cleanups.push(() => db.stop());
    const records = [submissionRecord({ urgent: true }), submissionRecord({ urgent: false })];
    for (const Item of (await submissionItems(records)).map(withoutUrgentKeys))
      await db.client.send(new PutCommand({ TableName: db.tableName, Item }));
    const run = () =>
      promisify(execFile)(
        join(ROOT, 'node_modules/.bin/tsx'),
        ['scripts/backfill-urgent.ts', '--table', db.tableName, '--endpoint', db.endpoint],
        { cwd: ROOT, env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } },
      );
    expect((await run()).stdout.trim()).toBe(`1 urgent submission(s) put on the urgent indexes in ${db.tableName}`);
    expect((await run()).stdout.trim()).toBe(`0 urgent submission(s) put on the urgent indexes in ${db.tableName}`);
    const queue = createQueueStore(db.client, db.tableName, createStatusCounts(db.client, db.tableName));
    const urgent = await queue.listQueue({
      scope: 'all',
      statuses: ['new'],
      order: 'newest',
      pageSize: 5,
      filters: { urgent: true },
    });
    expect(urgent.items.map((r) => r.reference)).toEqual([records[0]!.reference]);
  }, 60_000);
});
