import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { newOutcomeId, type OutcomeContent, type OutcomeNote, type OutcomeVersion, SUBMISSION_STATUSES } from '#core';
import { queryAll } from './client.ts';
import { isConditionFailure, recordOf, statusPartition } from './keys.ts';

/**
 * Outcome notes ("you said, we did") in the one table. Per note:
 *
 *   pk OUTCOME#<id>  sk NOTE              the head: latest draft and public version, listed by index
 *   pk OUTCOME#<id>  sk VERSION#000001…   every saved version, immutable but for its publish stamp
 *
 * The head sits in the byStatus index under `OUTCOMES#published` (sort key
 * `<last month>#<first published>#<id>`, so a Query newest-first lists the public page) or
 * `OUTCOMES#draft` until first published. No Scan anywhere; no transactions (dynalite has
 * none): the head is claimed first with a condition on `latestVersion`, then the version
 * item is written, so a crash in between loses at most one history entry, never the draft.
 */
const PUBLISHED = 'OUTCOMES#published';
const DRAFTS = 'OUTCOMES#draft';
const headKey = (id: string) => ({ pk: `OUTCOME#${id}`, sk: 'NOTE' });
const versionSk = (version: number) => `VERSION#${String(version).padStart(6, '0')}`;
const versionKey = (id: string, version: number) => ({ pk: `OUTCOME#${id}`, sk: versionSk(version) });

export type SaveResult = { ok: true; note: OutcomeNote } | { ok: false; reason: 'conflict' | 'not-found' };
export type PublishResult = { ok: true; note: OutcomeNote } | { ok: false; reason: 'stale' | 'not-found' };
export type PublishedNote = Required<Pick<OutcomeNote, 'published'>> & OutcomeNote;

export interface OutcomeStore {
  create(content: OutcomeContent, by: string): Promise<OutcomeNote>;
  /** A new draft version, if nobody saved one since `expectedLatest`. */
  saveVersion(id: string, content: OutcomeContent, by: string, expectedLatest: number): Promise<SaveResult>;
  /** Makes draft `version` the public one, with the count of input for its topic and period. */
  publish(id: string, version: number, by: string, count: number): Promise<PublishResult>;
  get(id: string): Promise<OutcomeNote | undefined>;
  /** Every version, oldest first. */
  versions(id: string): Promise<OutcomeVersion[]>;
  version(id: string, version: number): Promise<OutcomeVersion | undefined>;
  /** Published notes, newest period first. */
  listPublished(limit?: number): Promise<PublishedNote[]>;
  /** Every note for admins: drafts never published first, then published ones. */
  listAll(limit?: number): Promise<OutcomeNote[]>;
  /**
   * Input received on `topic` from `from` up to (not including) `until`, spam excluded:
   * one counting Query per status partition of the byStatus index, filtered on the topic,
   * so the work is O(submissions in the period) and no submission leaves the store.
   */
  countTopic(topic: string, from: string, until: string): Promise<number>;
}

export function createOutcomeStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => Date = () => new Date(),
): OutcomeStore {
  async function get(id: string) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: headKey(id), ConsistentRead: true }),
    );
    return Item ? recordOf<OutcomeNote>(Item) : undefined;
  }

  const putVersion = (version: OutcomeVersion) =>
    client.send(
      new PutCommand({ TableName: tableName, Item: { ...versionKey(version.id, version.version), ...version } }),
    );

  const listPartition = (partition: string, limit: number) =>
    queryAll(
      client,
      {
        TableName: tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
      },
      limit,
    ).then((items) => items.map((item) => recordOf<OutcomeNote>(item)));

  return {
    async create(content, by) {
      const at = now().toISOString();
      const id = newOutcomeId();
      const draft: OutcomeVersion = { ...content, id, version: 1, savedAt: at, savedBy: by };
      const note: OutcomeNote = { id, createdAt: at, latestVersion: 1, draft };
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...headKey(id), gsi1pk: DRAFTS, gsi1sk: `${at}#${id}`, ...note },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await putVersion(draft);
      return note;
    },

    async saveVersion(id, content, by, expectedLatest) {
      const current = await get(id);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.latestVersion !== expectedLatest) return { ok: false, reason: 'conflict' };
      const at = now().toISOString();
      const draft: OutcomeVersion = { ...content, id, version: expectedLatest + 1, savedAt: at, savedBy: by };
      const unpublished = !current.published;
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: headKey(id),
            UpdateExpression: `SET latestVersion = :next, draft = :draft${unpublished ? ', gsi1sk = :sort' : ''}`,
            ConditionExpression: 'latestVersion = :expected',
            ExpressionAttributeValues: {
              ':next': draft.version,
              ':draft': draft,
              ':expected': expectedLatest,
              ...(unpublished ? { ':sort': `${at}#${id}` } : {}),
            },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return { ok: false, reason: 'conflict' };
        throw error;
      }
      await putVersion(draft);
      return { ok: true, note: { ...current, latestVersion: draft.version, draft } };
    },

    async publish(id, version, by, count) {
      const current = await get(id);
      if (!current) return { ok: false, reason: 'not-found' };
      const draft = current.draft;
      if (!draft || draft.version !== version || current.latestVersion !== version)
        return { ok: false, reason: 'stale' };
      const at = now().toISOString();
      const firstPublishedAt = current.published?.firstPublishedAt ?? at;
      const published = { ...draft, publishedAt: at, publishedBy: by, count, firstPublishedAt };
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: headKey(id),
            UpdateExpression: 'SET published = :published, gsi1pk = :partition, gsi1sk = :sort REMOVE draft',
            ConditionExpression: 'draft.version = :version AND latestVersion = :version',
            ExpressionAttributeValues: {
              ':published': published,
              ':partition': PUBLISHED,
              ':sort': `${draft.periodEnd}#${firstPublishedAt}#${id}`,
              ':version': version,
            },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return { ok: false, reason: 'stale' };
        throw error;
      }
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: versionKey(id, version),
          UpdateExpression: 'SET publishedAt = :at, publishedBy = :by, #count = :count',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':at': at, ':by': by, ':count': count },
        }),
      );
      const { draft: _published, ...rest } = current;
      return { ok: true, note: { ...rest, published } };
    },

    get,

    async versions(id) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': headKey(id).pk, ':prefix': 'VERSION#' },
          ConsistentRead: true,
        },
        10_000,
      );
      return items.map((item) => recordOf<OutcomeVersion>(item));
    },

    async version(id, version) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: versionKey(id, version), ConsistentRead: true }),
      );
      return Item ? recordOf<OutcomeVersion>(Item) : undefined;
    },

    listPublished: (limit = 200) => listPartition(PUBLISHED, limit) as Promise<PublishedNote[]>,

    async listAll(limit = 500) {
      const [drafts, published] = await Promise.all([listPartition(DRAFTS, limit), listPartition(PUBLISHED, limit)]);
      return [...drafts, ...published];
    },

    async countTopic(topic, from, until) {
      const counts = await Promise.all(
        SUBMISSION_STATUSES.filter((status) => status !== 'spam').map(async (status) => {
          let count = 0;
          let start: Record<string, unknown> | undefined;
          do {
            const page = await client.send(
              new QueryCommand({
                TableName: tableName,
                IndexName: 'byStatus',
                KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :until',
                FilterExpression: 'contains(topics, :topic)',
                ExpressionAttributeValues: {
                  ':p': statusPartition(status),
                  ':from': from,
                  ':until': until,
                  ':topic': topic,
                },
                Select: 'COUNT',
                ExclusiveStartKey: start,
              }),
            );
            count += page.Count ?? 0;
            start = page.LastEvaluatedKey;
          } while (start);
          return count;
        }),
      );
      return counts.reduce((sum, n) => sum + n, 0);
    },
  };
}
