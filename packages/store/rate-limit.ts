import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Fixed-window counters in the one table, one item per bucket, key and window, expiring
 * by TTL. `key` must already be anonymous (a keyed hash, never an address or an email).
 */
export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(bucket: string, key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /**
   * Several limits of one key and window on one item, in one UpdateItem: every named count
   * goes up by one if each is under its limit; otherwise none does, and the hit is refused.
   */
  hitAll(
    bucket: string,
    key: string,
    limits: readonly { name: string; limit: number }[],
    windowSeconds: number,
  ): Promise<RateLimitResult>;
}

/**
 * Each condition reads "not at the limit yet" as `NOT count >= :limit`: a comparison with a
 * count the item does not have yet is false, so its NOT holds, as
 * `attribute_not_exists(count) OR count < :limit` does, in one comparison instead of two.
 * DynamoDB charges the same for either; the embedded dynalite parses and evaluates a
 * condition on every call, and this form takes it from 4.3 to 2.8 ms a hit for two limits
 * (docs/performance.md). tests/integration/store.test.ts holds both emulators to it.
 */

/** Counter attribute names: a letter or digit, or a hyphen. */
const COUNT_NAME = /^[a-z0-9-]{1,32}$/;

export function createRateLimiter(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => number = Date.now,
): RateLimiter {
  return {
    async hit(bucket, key, limit, windowSeconds) {
      const nowSeconds = Math.floor(now() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      const windowEnd = windowStart + windowSeconds;
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: `RATE#${bucket}#${key}#${windowStart}`, sk: 'RATE' },
            UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
            ConditionExpression: 'NOT hits >= :limit',
            ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowEnd + 60 },
          }),
        );
        return { allowed: true, retryAfterSeconds: 0 };
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        return { allowed: false, retryAfterSeconds: windowEnd - nowSeconds };
      }
    },

    async hitAll(bucket, key, limits, windowSeconds) {
      if (limits.length === 0 || limits.some(({ name }) => !COUNT_NAME.test(name)))
        throw new TypeError('hitAll needs one or more limits with plain names');
      const nowSeconds = Math.floor(now() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      const windowEnd = windowStart + windowSeconds;
      const names = Object.fromEntries(limits.map(({ name }, i) => [`#c${i}`, `hits-${name}`]));
      const values: Record<string, number> = { ':one': 1, ':expires': windowEnd + 60 };
      limits.forEach(({ limit }, i) => {
        values[`:l${i}`] = limit;
      });
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: `RATE#${bucket}#${key}#${windowStart}`, sk: 'RATE' },
            UpdateExpression: `ADD ${limits.map((_, i) => `#c${i} :one`).join(', ')} SET expiresAt = :expires`,
            ConditionExpression: `NOT (${limits.map((_, i) => `#c${i} >= :l${i}`).join(' OR ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return { allowed: true, retryAfterSeconds: 0 };
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        return { allowed: false, retryAfterSeconds: windowEnd - nowSeconds };
      }
    },
  };
}
