import { randomUUID } from 'node:crypto';
import { createDocumentClient } from '#store';
import { ensureTable, startDynalite } from '../../dev/dynamo.ts';

/** A fresh table in an in-memory dynalite, or in DYNAMODB_TEST_ENDPOINT when set. */
export async function testTable() {
  const region = 'eu-central-1';
  const external = process.env.DYNAMODB_TEST_ENDPOINT;
  const dynamo = external ? undefined : await startDynalite();
  const endpoint = external ?? dynamo!.endpoint;
  const tableName = `test-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, region, tableName);
  const client = createDocumentClient({ region, endpoint });
  return {
    endpoint,
    tableName,
    client,
    async stop() {
      client.destroy();
      await dynamo?.stop();
    },
  };
}
