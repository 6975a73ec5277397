import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from '#store';

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
 */
export async function ensureTable(endpoint: string, region: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const status = async () => {
    try {
      return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };
  try {
    if ((await status()) === undefined) {
      try {
        await client.send(new CreateTableCommand(createTableInput(tableName)));
      } catch (error) {
        // Another process created it first: fine, wait for it below.
        if ((error as Error).name !== 'ResourceInUseException') throw error;
      }
    }
    for (let attempt = 0; (await status()) !== 'ACTIVE'; attempt++) {
      if (attempt > 200) throw new Error(`Table ${tableName} did not become ACTIVE`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    client.destroy();
  }
}
