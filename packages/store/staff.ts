import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffDirectory, StaffMember, StaffRole } from '#core';
import { isConditionFailure, STAFF_PARTITION, staffKey } from './keys.ts';

/**
 * Staff accounts, all in one small partition (a Query lists them; no Scan). Removing an
 * account keeps the item with `removedAt` and a raised generation, so sessions it held
 * stop working and re-adding the address later cannot revive them.
 */
export interface StaffStore extends StaffDirectory {
  list(): Promise<StaffMember[]>;
  /** Adds an account, or brings back a removed one. */
  add(email: string, role: StaffRole, by: string): Promise<'added' | 'exists'>;
  /** Adds an account only if the address never had one (seeding: a removed account stays removed). */
  seed(email: string, role: StaffRole): Promise<boolean>;
  setRole(email: string, role: StaffRole): Promise<boolean>;
  remove(email: string): Promise<boolean>;
  /** Signs the account out everywhere: every session carrying an older generation stops working. */
  bumpGeneration(email: string): Promise<boolean>;
}

function toMember(item: Record<string, unknown>): StaffMember | undefined {
  if (item.removedAt) return undefined;
  const { email, role, addedAt, addedBy, generation } = item as unknown as StaffMember;
  return { email, role, addedAt, addedBy, generation: Number(generation) };
}

export function createStaffStore(client: DynamoDBDocumentClient, tableName: string): StaffStore {
  const update = async (email: string, expression: string, values: Record<string, unknown>, names = {}) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: staffKey(email),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(removedAt)',
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  return {
    async get(email) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: staffKey(email), ConsistentRead: true }),
      );
      return Item ? toMember(Item) : undefined;
    },

    async list() {
      const members: StaffMember[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': STAFF_PARTITION },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const member = toMember(item);
          if (member) members.push(member);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return members;
    },

    async add(email, role, by) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: staffKey(email),
            UpdateExpression:
              'SET email = :email, #role = :role, addedAt = :at, addedBy = :by REMOVE removedAt ADD generation :one',
            ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(removedAt)',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: {
              ':email': email,
              ':role': role,
              ':at': new Date().toISOString(),
              ':by': by,
              ':one': 1,
            },
          }),
        );
        return 'added';
      } catch (error) {
        if (isConditionFailure(error)) return 'exists';
        throw error;
      }
    },

    async seed(email, role) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: staffKey(email),
            UpdateExpression: 'SET email = :email, #role = :role, addedAt = :at, addedBy = :by, generation = :one',
            ConditionExpression: 'attribute_not_exists(pk)',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: {
              ':email': email,
              ':role': role,
              ':at': new Date().toISOString(),
              ':by': 'seed',
              ':one': 1,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    setRole: (email, role) => update(email, 'SET #role = :role', { ':role': role }, { '#role': 'role' }),
    remove: (email) =>
      update(email, 'SET removedAt = :at ADD generation :one', { ':at': new Date().toISOString(), ':one': 1 }),
    bumpGeneration: (email) => update(email, 'ADD generation :one', { ':one': 1 }),
  };
}
