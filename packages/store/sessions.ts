import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, sessionKey, signInKey } from './keys.ts';

/**
 * Single-use sign-in links and staff sessions, each stored under the SHA-256 of its secret,
 * so the table never holds anything that would sign someone in. Both expire by TTL
 * (`expiresAt`, epoch seconds); AWS deletes lazily and dynalite not at all, so every read
 * checks the time itself.
 */
export interface SignInTokenStore {
  issue(tokenHash: string, email: string, expiresAt: number): Promise<void>;
  /** The address a live, unused link is for, without using it up (the confirmation page). */
  peek(tokenHash: string): Promise<string | undefined>;
  /** Uses the link up: at most one caller ever gets the address back. */
  consume(tokenHash: string): Promise<string | undefined>;
}

export interface SessionRecord {
  email: string;
  generation: number;
  createdAt: number;
  expiresAt: number;
}

export interface SessionStore {
  create(idHash: string, session: SessionRecord): Promise<void>;
  get(idHash: string): Promise<SessionRecord | undefined>;
  revoke(idHash: string): Promise<void>;
}

const nowSeconds = (now: () => number) => Math.floor(now() / 1000);

export function createSignInTokenStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => number = Date.now,
): SignInTokenStore {
  return {
    async issue(tokenHash, email, expiresAt) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...signInKey(tokenHash), email, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async peek(tokenHash) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: signInKey(tokenHash), ConsistentRead: true }),
      );
      if (!Item || Item.usedAt !== undefined || Number(Item.expiresAt) <= nowSeconds(now)) return undefined;
      return String(Item.email);
    },
    async consume(tokenHash) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: signInKey(tokenHash),
            UpdateExpression: 'SET usedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :now',
            ExpressionAttributeValues: { ':now': nowSeconds(now) },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? String(Attributes.email) : undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
  };
}

export function createSessionStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => number = Date.now,
): SessionStore {
  return {
    async create(idHash, session) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...sessionKey(idHash), ...session },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(idHash) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: sessionKey(idHash), ConsistentRead: true }),
      );
      if (!Item || Item.revokedAt !== undefined || Number(Item.expiresAt) <= nowSeconds(now)) return undefined;
      return {
        email: String(Item.email),
        generation: Number(Item.generation),
        createdAt: Number(Item.createdAt),
        expiresAt: Number(Item.expiresAt),
      };
    },
    async revoke(idHash) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sessionKey(idHash),
            UpdateExpression: 'SET revokedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':now': nowSeconds(now) },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
