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
}

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
            ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
            ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowEnd + 60 },
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
