import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CreateOutcome, SubmissionRecord, SubmissionRepository } from '#core';

const SUBMISSION_SK = 'SUBMISSION';
const keyOf = (reference: string) => ({ pk: `SUB#${reference}`, sk: SUBMISSION_SK });

function toItem(record: SubmissionRecord) {
  return {
    ...keyOf(record.reference),
    gsi1pk: `STATUS#${record.status}`,
    gsi1sk: `${record.createdAt}#${record.reference}`,
    ...record,
  };
}

function fromItem(item: Record<string, unknown>): SubmissionRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...record } = item;
  return record as unknown as SubmissionRecord;
}

/** Submissions in the one table. Only this module knows their key shapes. */
export function createSubmissionStore(client: DynamoDBDocumentClient, tableName: string): SubmissionRepository {
  async function get(reference: string): Promise<SubmissionRecord | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keyOf(reference), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async function create(record: SubmissionRecord): Promise<CreateOutcome> {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      // Same reference: a retry of the same form (same token) or, vanishingly rarely,
      // another form whose token hashed to the same reference.
      const existing = await get(record.reference);
      return existing?.tokenHash === record.tokenHash ? 'duplicate' : 'collision';
    }
  }

  return { create, get };
}
