import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTable } from '../../tests/support/dynamo.ts';
import { submissionRecord } from '../../tests/support/staff.ts';
import { createBriefStore } from './briefs.ts';
import { toItem } from './submissions.ts';

describe('brief store (dynalite)', () => {
  let db: Awaited<ReturnType<typeof testTable>>;
  beforeAll(async () => {
    db = await testTable();
  });
  afterAll(async () => {
    await db?.stop();
  });

  // A brief's figures read every submission of the period: it once stopped at 10,000 a
  // status and counted half of a 100,000-submission month (issue 16).
  it('reads every submission of the period, past 10,000 in one status, and none outside it', async () => {
    const briefs = createBriefStore(db.client, db.tableName);
    const start = Date.parse('2026-10-01T00:00:00.000Z');
    const inside = 10_020;
    const at = (i: number) => new Date(start + i * 60_000).toISOString();
    const records = [
      ...Array.from({ length: inside }, (_, i) => submissionRecord({ createdAt: at(i) })),
      // Just before and just after the period.
      submissionRecord({ createdAt: new Date(start - 1000).toISOString() }),
      submissionRecord({ createdAt: '2026-11-01T00:00:00.000Z' }),
    ];
    // Written as create writes them, 25 to a batch (the store's create is one conditional put each).
    const batches = Array.from({ length: Math.ceil(records.length / 25) }, (_, i) =>
      records.slice(i * 25, i * 25 + 25),
    );
    for (let i = 0; i < batches.length; i += 8) {
      await Promise.all(
        batches.slice(i, i + 8).map((batch) =>
          db.client.send(
            new BatchWriteCommand({
              RequestItems: { [db.tableName]: batch.map((record) => ({ PutRequest: { Item: toItem(record) } })) },
            }),
          ),
        ),
      );
    }
    const fields = await briefs.periodFields('2026-10-01T00:00:00.000Z', '2026-10-31T23:59:59.999Z');
    expect(fields).toHaveLength(inside);
    expect(new Set(fields.map((f) => f.createdAt)).size).toBe(inside);
  }, 120_000);
});
