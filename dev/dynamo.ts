import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { backfillUrgentIndexes, createTableInput, TABLE_INDEXES } from '#store';

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/** dynalite in this process, persisted under `path` (in memory when omitted). */
export async function startDynalite(path?: string): Promise<LocalDynamo> {
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      // dynalite's close also closes LevelDB gracefully, so the data is on disk after this.
      new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Creates the table if it does not exist yet (idempotent, safe on every start), and waits
 * until it is ACTIVE: dynalite flips a new table from CREATING on a timer, and a write to a
 * CREATING table fails with ResourceNotFoundException.
 *
 * A table kept from an earlier version (under .data/) that lacks an index of
 * TABLE_INDEXES is upgraded: dynalite cannot add an index to a table, so every item is read,
 * saved to `backupDir` (when given) as DynamoDB JSON, the table is made again with all its
 * indexes and the items are written back; then the urgent indexes are backfilled.
 */
export async function ensureTable(
  endpoint: string,
  region: string,
  tableName: string,
  {
    backupDir,
    log = () => {},
  }: { backupDir?: string; log?: (event: string, detail?: Record<string, unknown>) => void } = {},
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const describe = async () => {
    try {
      return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };
  const create = async () => {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Another process created it first: fine, wait for it below.
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    }
    await until(async () => (await describe())?.TableStatus === 'ACTIVE', `Table ${tableName} did not become ACTIVE`);
  };
  try {
    const table = await describe();
    // Missing, or being created (by us or another process): create() waits until it is ACTIVE.
    if (table?.TableStatus !== 'ACTIVE') return await create();
    const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const missing = Object.keys(TABLE_INDEXES).filter((name) => !present.has(name));
    if (missing.length === 0) return;

    const items = await scanAll(client, tableName);
    if (backupDir) {
      const file = join(backupDir, `${tableName}-before-upgrade-${Date.now()}.json`);
      writeFileSync(file, JSON.stringify(items, toWireJson), { mode: 0o600 });
      log('local.table-backup', { file, items: items.length });
    }
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    await until(async () => (await describe()) === undefined, `Table ${tableName} was not deleted`);
    await create();
    await writeAll(client, tableName, items);
    const backfilled = await backfillUrgentIndexes(DynamoDBDocumentClient.from(client), tableName);
    log('local.table-upgraded', { added: missing, items: items.length, backfilled });
  } finally {
    client.destroy();
  }
}

/** Polls every 25 ms (dynalite flips table states on timers) for about five seconds. */
async function until(done: () => Promise<boolean>, failure: string) {
  for (let attempt = 0; !(await done()); attempt++) {
    if (attempt > 200) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type Item = Record<string, AttributeValue>;

async function scanAll(client: DynamoDBClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function writeAll(client: DynamoDBClient, tableName: string, items: Item[]) {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 20) throw new Error('Could not write the items back to the upgraded table');
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}

/** DynamoDB JSON as on the wire: binary values as base64. */
function toWireJson(_key: string, value: unknown) {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}
