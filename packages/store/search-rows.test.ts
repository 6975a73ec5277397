import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createSearchIndex } from './search.ts';

/**
 * How the search index reads rows (a search page's, a group's): BatchGetItem, a hundred keys
 * at most, and the keys DynamoDB leaves unprocessed asked for again. A table answering in
 * memory stands in for DynamoDB, so the unprocessed keys can be made to happen.
 */
const TABLE = 'rows-test';
const reference = (i: number) => `R${String(i).padStart(11, '0')}`;

function tableOf(members: number, leaveUnprocessed: (attempt: number, keys: unknown[]) => unknown[]) {
  const batches: number[] = [];
  let attempt = 0;
  const client = {
    async send(command: unknown) {
      if (command instanceof QueryCommand) {
        return {
          Items: Array.from({ length: members }, (_, i) => ({ reference: reference(i) })),
        };
      }
      if (command instanceof BatchGetCommand) {
        const { Keys } = command.input.RequestItems![TABLE]!;
        batches.push(Keys!.length);
        const unprocessed = leaveUnprocessed(attempt++, Keys!);
        const answered = Keys!.filter((key) => !unprocessed.includes(key));
        return {
          Responses: {
            [TABLE]: answered.map((key) => ({ reference: String((key as { pk: string }).pk).slice(4), status: 'new' })),
          },
          ...(unprocessed.length > 0 ? { UnprocessedKeys: { [TABLE]: { Keys: unprocessed } } } : {}),
        };
      }
      throw new Error(`unexpected command ${(command as object).constructor.name}`);
    },
  } as unknown as DynamoDBDocumentClient;
  return { index: createSearchIndex(client, TABLE), batches };
}

describe('reading rows in batches', () => {
  it('reads 250 rows in batches of at most 100 keys, and asks again for the keys left unprocessed', async () => {
    // The first answer leaves half its keys unprocessed, as a throttled table does.
    const { index, batches } = tableOf(250, (attempt, keys) => (attempt === 0 ? keys.slice(50) : []));
    const members = await index.groupMembers('G1', 500);
    expect(members.map((member) => member.reference)).toEqual(Array.from({ length: 250 }, (_, i) => reference(i)));
    expect(batches).toEqual([100, 50, 100, 50]);
  });

  it('gives up, with an error, when keys stay unprocessed', async () => {
    const { index, batches } = tableOf(3, (_attempt, keys) => keys);
    await expect(index.groupMembers('G1')).rejects.toThrow('3 rows left unread after 5 attempts');
    expect(batches).toEqual([3, 3, 3, 3, 3]);
  });
});
