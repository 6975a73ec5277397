import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, statusViewKey } from './keys.ts';

/**
 * One-time handles for a /status result (issue 12, finding 5): the lookup POST stores one
 * under the SHA-256 of a random value it puts in a session cookie, and redirects; the result
 * page takes it once. A reload, the back button or a restored session finds it used, so the
 * browser never holds a page or a request that shows the result again. The item names the
 * reference only (never the receipt) and expires by TTL; every read checks the time itself.
 */
export interface StatusViewStore {
  issue(handleHash: string, reference: string, expiresAt: number): Promise<void>;
  /** The reference, at most once, while the handle is live. */
  take(handleHash: string): Promise<string | undefined>;
}

export function createStatusViewStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => number = Date.now,
): StatusViewStore {
  return {
    async issue(handleHash, reference, expiresAt) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...statusViewKey(handleHash), reference, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async take(handleHash) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: statusViewKey(handleHash),
            // The reference goes with the use: the item keeps nothing but its expiry.
            UpdateExpression: 'SET usedAt = :now REMOVE #reference',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :now',
            ExpressionAttributeNames: { '#reference': 'reference' },
            ExpressionAttributeValues: { ':now': Math.floor(now() / 1000) },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return typeof Attributes?.reference === 'string' ? Attributes.reference : undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
  };
}
