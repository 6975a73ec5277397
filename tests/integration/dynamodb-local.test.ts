/**
 * The store's integration suites again, against AWS's DynamoDB Local instead of dynalite:
 * a second implementation of the DynamoDB API (the one AWS ships), so behaviour the code
 * relies on (conditional writes, list_append, ADD, index Queries, pagination) is checked
 * against more than one emulator. tests/support/dynamo.ts creates each suite's table in
 * DYNAMODB_TEST_ENDPOINT when it is set; the suites themselves are imported unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../support/dynamodb-local.ts';

let local: DynamoDbLocal | undefined;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  process.env.DYNAMODB_TEST_ENDPOINT = local.endpoint;
}, 300_000);

afterAll(async () => {
  delete process.env.DYNAMODB_TEST_ENDPOINT;
  await local?.stop();
});

describe('against DynamoDB Local: the submission store', async () => {
  await import('./store.test.ts');
});

describe('against DynamoDB Local: the intake workflow', async () => {
  await import('./intake-workflow.test.ts');
});

describe('against DynamoDB Local: retention', async () => {
  await import('./retention.test.ts');
});

describe('against DynamoDB Local: the staff store and the urgent-first queue', async () => {
  await import('./staff-store.test.ts');
});

describe('against DynamoDB Local', () => {
  it('ran the suites above in DynamoDB Local, not in dynalite', async () => {
    const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
    const client = new DynamoDBClient({
      endpoint: local!.endpoint,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    client.destroy();
    expect(TableNames.filter((name) => name.startsWith('test-')).length).toBeGreaterThanOrEqual(4);
  });
});
