import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, CampaignRule, SubmissionRecord, SubmissionStatus } from '#core';
import { createStatusCounts } from './counts.ts';
import { isConditionFailure, recordOf, statusPartition, submissionKey } from './keys.ts';
import { createSearchIndex } from './search.ts';

/**
 * Retention's access to submissions: index Queries on the byStatus GSI (never a Scan) and
 * single-item conditional writes. Kept apart from submissions.ts so the purge sweep's role
 * needs only what is here (key shapes from keys.ts).
 */
export interface RetentionPage {
  items: SubmissionRecord[];
  /** Pass back to read the next page; absent on the last one. */
  cursor?: Record<string, NativeAttributeValue>;
}

export interface RetentionStore {
  /** Closed submissions created before `before` (ISO) that still hold contact details or a recording. */
  listClosedWithContact(before: string, cursor?: RetentionPage['cursor'], limit?: number): Promise<RetentionPage>;
  /** Submissions marked spam that were created before `before` (ISO). */
  listSpam(before: string, cursor?: RetentionPage['cursor'], limit?: number): Promise<RetentionPage>;
  /**
   * Removes the contact ciphertext and the recording's reference (the purge has deleted the
   * object itself first), sets hasEmail=false and appends a `contact-erased` audit
   * event, in one conditional update. False when the submission changed since it was read
   * (reopened, edited): the next sweep looks again.
   */
  eraseContact(record: SubmissionRecord, event: AuditEvent): Promise<boolean>;
  /** Deletes a spam submission unless it changed since it was read, and takes it out of the status totals. */
  deleteSpam(record: SubmissionRecord): Promise<boolean>;
}

const fromItem = (item: Record<string, unknown>) => recordOf<SubmissionRecord>(item);

export function createRetentionStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  { campaign }: { campaign?: CampaignRule } = {},
): RetentionStore {
  const counts = createStatusCounts(client, tableName);
  const search = createSearchIndex(client, tableName, campaign ? { campaign } : {});
  async function byStatus(
    status: SubmissionStatus,
    before: string,
    cursor: RetentionPage['cursor'],
    limit: number,
    filter?: string,
  ): Promise<RetentionPage> {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
        ...(filter ? { FilterExpression: filter } : {}),
        ExpressionAttributeValues: { ':pk': statusPartition(status), ':before': before },
        ScanIndexForward: true,
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    return { items: Items.map(fromItem), ...(LastEvaluatedKey ? { cursor: LastEvaluatedKey } : {}) };
  }

  return {
    listClosedWithContact: (before, cursor, limit = 100) =>
      byStatus('closed', before, cursor, limit, 'attribute_exists(contactCiphertext) OR attribute_exists(voice)'),
    listSpam: (before, cursor, limit = 100) => byStatus('spam', before, cursor, limit),

    async eraseContact(record, event) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: submissionKey(record.reference),
            UpdateExpression:
              'REMOVE contactCiphertext, voice SET hasEmail = :false, version = version + :one, audit = list_append(if_not_exists(audit, :none), :event)',
            ConditionExpression:
              '#status = :closed AND (attribute_exists(contactCiphertext) OR attribute_exists(voice)) AND version = :version',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':false': false,
              ':one': 1,
              ':none': [],
              ':event': [event],
              ':closed': 'closed',
              ':version': record.version,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async deleteSpam(record) {
      // Out of search first: a crash after this leaves a spam submission unfindable, never an
      // erased message findable. The delete is still conditional; if it is refused (someone
      // changed the submission meanwhile), it goes back into the index as it is now.
      await search.erase(record.reference);
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: submissionKey(record.reference),
            ConditionExpression: '#status = :spam AND version = :version',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':spam': 'spam', ':version': record.version },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await client.send(
          new GetCommand({ TableName: tableName, Key: submissionKey(record.reference), ConsistentRead: true }),
        );
        if (Item) await search.indexSubmission(fromItem(Item));
        return false;
      }
      // After the delete, as the totals are kept elsewhere; a crash between the two is what recount fixes.
      await counts.adjust(record, undefined);
      return true;
    },
  };
}
