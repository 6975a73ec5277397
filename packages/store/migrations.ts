import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './keys.ts';

/**
 * One-off maintenance over a whole table (never on a request path, so a Scan is fine here).
 *
 * `backfillUrgentIndexes`: submissions stored before the urgent-first indexes existed get
 * their keys on them. Each item is one conditional UpdateItem that copies the item's own
 * current byStatus/byRoute keys (`SET gsi3pk = gsi1pk, …`), so a triage decision racing
 * with it can never leave an item in a stale partition: either the decision sees the keys
 * and moves them too, or the copy happens after it. Safe to run again: it only touches
 * urgent submissions that lack the keys.
 */
export async function backfillUrgentIndexes(client: DynamoDBDocumentClient, tableName: string): Promise<number> {
  let updated = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :sub) AND urgent = :true AND attribute_not_exists(gsi3pk)',
        ExpressionAttributeValues: { ':sub': 'SUB#', ':true': true },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: start,
      }),
    );
    for (const key of page.Items ?? []) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: key.pk, sk: key.sk },
            UpdateExpression: 'SET gsi3pk = gsi1pk, gsi3sk = gsi1sk, gsi4pk = gsi2pk, gsi4sk = gsi2sk',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi3pk) AND urgent = :true',
            ExpressionAttributeValues: { ':true': true },
          }),
        );
        updated += 1;
      } catch (error) {
        // Deleted (spam purge) or already done by a concurrent run: nothing to do.
        if (!isConditionFailure(error)) throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return updated;
}
