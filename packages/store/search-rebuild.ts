import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SUBMISSION_STATUSES, type SubmissionRecord } from '#core';
import { createStatusCounts } from './counts.ts';
import { recordOf, submissionKey } from './keys.ts';
import { createQueueStore } from './queue.ts';
import { createSearchIndex } from './search.ts';

/**
 * Rebuilds staff search and near-duplicate groups from the table (issue 15): every
 * submission, oldest first (index Queries), is taken out of the index and put back from its
 * current text, so stale postings go and groups form again in arrival order. Then a Scan
 * for SEARCH items whose submission no longer exists (an erasure interrupted between its
 * steps) erases them. An operator's maintenance run, never a request path: the Scan is why
 * it is a script with the operator's credentials and not a function of the app.
 */
export async function rebuildSearch(
  client: DynamoDBDocumentClient,
  tableName: string,
  log: (line: string) => void = () => {},
): Promise<{ indexed: number; orphans: number }> {
  const search = createSearchIndex(client, tableName);
  const queue = createQueueStore(client, tableName, createStatusCounts(client, tableName));
  let indexed = 0;
  const rows = queue.eachInQueue({ scope: 'all', statuses: SUBMISSION_STATUSES, order: 'oldest', fields: 'count' });
  for await (const row of rows) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: submissionKey(row.reference), ConsistentRead: true }),
    );
    if (!Item) continue;
    const record = recordOf<SubmissionRecord>(Item);
    await search.erase(record.reference);
    if (record.routing === 'routed') {
      await search.indexSubmission(record);
      indexed += 1;
    }
    if (indexed % 500 === 0 && indexed > 0) log(`${indexed} indexed`);
  }
  let orphans = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :search',
        ExpressionAttributeValues: { ':search': 'SEARCH' },
        ProjectionExpression: 'pk',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const reference = String(item.pk).replace(/^SUB#/, '');
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: submissionKey(reference) }));
      if (Item) continue;
      await search.erase(reference);
      orphans += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { indexed, orphans };
}
