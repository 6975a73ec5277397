import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Brief,
  type BriefAuditEvent,
  type BriefContent,
  type BriefFields,
  type BriefVersion,
  type NoneMissing,
  newBriefId,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
} from '#core';
import { queryAll as readAll } from './client.ts';
import { isConditionFailure, recordOf, statusPartition } from './keys.ts';

/**
 * Briefs (issue 16) in the one table, shaped like outcome notes:
 *
 *   pk BRIEF#<id>  sk BRIEF            the head: latest version, published version, audit trail
 *   pk BRIEF#<id>  sk VERSION#000001…  every saved version with its figures, immutable but for
 *                                      its publish stamp and its send markers
 *
 * Heads sit in the byStatus index under `BRIEFS` (sort key `<createdAt>#<id>`), so the list
 * is one Query. The scheduled monthly draft's id is derived from its month and addressee and
 * created with a condition, so a repeated run makes nothing new. Sending is idempotent per
 * version and inbox: a marker on the version item, claimed with a condition.
 */
const LIST = 'BRIEFS';
const headKey = (id: string) => ({ pk: `BRIEF#${id}`, sk: 'BRIEF' });
const versionKey = (id: string, version: number) => ({
  pk: `BRIEF#${id}`,
  sk: `VERSION#${String(version).padStart(6, '0')}`,
});

export type BriefSaveResult =
  | { ok: true; brief: Brief; version: BriefVersion }
  | { ok: false; reason: 'conflict' | 'not-found' };
export type BriefPublishResult =
  | { ok: true; brief: Brief }
  | { ok: false; reason: 'stale' | 'not-found' | 'unreviewed' };

/** The fields a brief counts, and what its send needs, read by Query per status partition. */
const FIELDS = [
  'createdAt',
  'topics',
  'region',
  'gender',
  'disability',
  'status',
  'routing',
  'routedTo',
  'group',
] as const satisfies readonly (keyof BriefFields | 'routing')[];
// A field the figures read but the projection leaves out would read as "not given": fail to compile instead.
type _EveryBriefFieldRead = NoneMissing<Exclude<keyof BriefFields, (typeof FIELDS)[number]>>;
// Several are DynamoDB reserved words (region, status): every one goes by a placeholder.
const PROJECTION = {
  ProjectionExpression: FIELDS.map((_, i) => `#f${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(FIELDS.map((field, i) => [`#f${i}`, field])),
};

export function createBriefStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => Date = () => new Date(),
) {
  async function get(id: string): Promise<Brief | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: headKey(id), ConsistentRead: true }),
    );
    return Item ? recordOf<Brief>(Item) : undefined;
  }

  async function version(id: string, n: number): Promise<BriefVersion | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: versionKey(id, n), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { sends: _sends, ...rest } = recordOf<BriefVersion & { sends?: unknown }>(Item);
    return rest;
  }

  const putVersion = (v: BriefVersion) =>
    client.send(new PutCommand({ TableName: tableName, Item: { ...versionKey(v.id, v.version), ...v } }));

  /** Every page (a brief's figures need the whole period), or the first `limit` items. */
  const queryAll = (input: QueryCommandInput, limit?: number) => readAll(client, input, limit);

  async function create(
    content: BriefContent,
    figures: BriefVersion['figures'],
    by: string,
    options: { id?: string; scheduledFor?: string } = {},
  ): Promise<{ created: boolean; brief: Brief }> {
    const at = now().toISOString();
    const id = options.id ?? newBriefId();
    const first: BriefVersion = { ...content, id, version: 1, savedAt: at, savedBy: by, figures };
    const brief: Brief = {
      id,
      createdAt: at,
      addressee: content.addressee,
      latestVersion: 1,
      ...(options.scheduledFor ? { scheduledFor: options.scheduledFor } : {}),
      audit: [{ at, by, action: options.scheduledFor ? 'drafted' : 'saved', version: 1 }],
    };
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...headKey(id), gsi1pk: LIST, gsi1sk: `${at}#${id}`, ...brief },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { created: false, brief: (await get(id))! };
    }
    await putVersion(first);
    return { created: true, brief };
  }

  async function appendAudit(id: string, event: BriefAuditEvent, extra = '', values: Record<string, unknown> = {}) {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: headKey(id),
        UpdateExpression: `SET audit = list_append(if_not_exists(audit, :none), :event)${extra}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':none': [], ':event': [event], ...values },
      }),
    );
  }

  return {
    get,
    version,
    create,

    async saveVersion(
      id: string,
      content: BriefContent,
      figures: BriefVersion['figures'],
      by: string,
      expectedLatest: number,
    ): Promise<BriefSaveResult> {
      const current = await get(id);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.latestVersion !== expectedLatest) return { ok: false, reason: 'conflict' };
      const at = now().toISOString();
      const next: BriefVersion = { ...content, id, version: expectedLatest + 1, savedAt: at, savedBy: by, figures };
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: headKey(id),
            UpdateExpression:
              'SET latestVersion = :next, addressee = :addressee, audit = list_append(if_not_exists(audit, :none), :event)',
            ConditionExpression: 'latestVersion = :expected',
            ExpressionAttributeValues: {
              ':next': next.version,
              ':addressee': content.addressee,
              ':expected': expectedLatest,
              ':none': [],
              ':event': [{ at, by, action: 'saved', version: next.version }],
            },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return { ok: false, reason: 'conflict' };
        throw error;
      }
      await putVersion(next);
      return {
        ok: true,
        brief: { ...current, latestVersion: next.version, addressee: content.addressee },
        version: next,
      };
    },

    /** Publishes the latest version; a version the schedule saved must be saved by a person first. */
    async publish(id: string, n: number, by: string, breakdownForLiaison: boolean): Promise<BriefPublishResult> {
      const current = await get(id);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.latestVersion !== n) return { ok: false, reason: 'stale' };
      const saved = await version(id, n);
      if (!saved) return { ok: false, reason: 'not-found' };
      if (saved.savedBy === 'system') return { ok: false, reason: 'unreviewed' };
      const at = now().toISOString();
      try {
        await appendAudit(
          id,
          {
            at,
            by,
            action: 'published',
            version: n,
            ...(breakdownForLiaison ? { detail: 'breakdown-for-liaison' } : {}),
          },
          ', published = :published',
          { ':published': { version: n, at, by } },
        );
      } catch (error) {
        if (isConditionFailure(error)) return { ok: false, reason: 'not-found' };
        throw error;
      }
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: versionKey(id, n),
          UpdateExpression: 'SET publishedAt = :at, publishedBy = :by, breakdownForLiaison = :b',
          ExpressionAttributeValues: { ':at': at, ':by': by, ':b': breakdownForLiaison },
        }),
      );
      return { ok: true, brief: { ...current, published: { version: n, at, by } } };
    },

    versions: async (id: string) =>
      (
        await queryAll({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': headKey(id).pk, ':prefix': 'VERSION#' },
          ConsistentRead: true,
        })
      ).map((item) => {
        const { sends: _sends, ...rest } = recordOf<BriefVersion & { sends?: unknown }>(item);
        return rest;
      }),

    list: async (limit = 200) =>
      (
        await queryAll(
          {
            TableName: tableName,
            IndexName: 'byStatus',
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': LIST },
            ScanIndexForward: false,
          },
          limit,
        )
      ).map((item) => recordOf<Brief>(item)),

    /** An export or a send request, in the brief's audit trail. */
    record: (id: string, event: BriefAuditEvent) => appendAudit(id, event),

    /** Notes that the workflow was asked to send a version; false when it already was. */
    async requestSend(id: string, n: number, by: string): Promise<boolean> {
      const at = now().toISOString();
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: headKey(id),
            UpdateExpression:
              'SET sendRequested = list_append(if_not_exists(sendRequested, :none), :n), audit = list_append(if_not_exists(audit, :none), :event)',
            ConditionExpression: 'published.version = :v AND NOT contains(sendRequested, :v)',
            ExpressionAttributeValues: {
              ':none': [],
              ':n': [n],
              ':v': n,
              ':event': [{ at, by, action: 'send-requested', version: n }],
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /**
     * Claims the right to email one version to one inbox: 'claimed' once, 'sent' after
     * `completeSend`, 'busy' while another execution holds a fresh claim.
     */
    async claimSend(id: string, n: number, inbox: string, by: string, leaseMs: number) {
      const at = now();
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: versionKey(id, n),
            UpdateExpression: 'SET sends = if_not_exists(sends, :empty)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':empty': {} },
          }),
        );
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: versionKey(id, n),
            UpdateExpression: 'SET sends.#inbox = :claim',
            ConditionExpression:
              'attribute_not_exists(sends.#inbox) OR (sends.#inbox.#state = :sending AND (sends.#inbox.#by = :by OR sends.#inbox.#at < :stale))',
            ExpressionAttributeNames: { '#inbox': inbox, '#state': 'state', '#by': 'by', '#at': 'at' },
            ExpressionAttributeValues: {
              ':claim': { state: 'sending', at: at.toISOString(), by },
              ':sending': 'sending',
              ':by': by,
              ':stale': new Date(at.getTime() - leaseMs).toISOString(),
            },
          }),
        );
        return 'claimed' as const;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await client.send(
          new GetCommand({ TableName: tableName, Key: versionKey(id, n), ConsistentRead: true }),
        );
        if (!Item) throw new Error(`No version ${n} of brief ${id}`);
        return (Item.sends as Record<string, { state: string }>)?.[inbox]?.state === 'sent'
          ? ('sent' as const)
          : ('busy' as const);
      }
    },

    async completeSend(id: string, n: number, inbox: string, by: string, messageId: string) {
      const at = now().toISOString();
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: versionKey(id, n),
          UpdateExpression: 'SET sends.#inbox = :sent',
          ExpressionAttributeNames: { '#inbox': inbox },
          ExpressionAttributeValues: { ':sent': { state: 'sent', at, by, messageId } },
        }),
      );
      await appendAudit(id, { at, by: 'system', action: 'sent', version: n, detail: inbox });
    },

    async releaseSend(id: string, n: number, inbox: string, by: string) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: versionKey(id, n),
            UpdateExpression: 'REMOVE sends.#inbox',
            ConditionExpression: 'sends.#inbox.#state = :sending AND sends.#inbox.#by = :by',
            ExpressionAttributeNames: { '#inbox': inbox, '#state': 'state', '#by': 'by' },
            ExpressionAttributeValues: { ':sending': 'sending', ':by': by },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    /**
     * The counted fields of every submission created from `from` up to (not including)
     * `until`, spam left out: one Query per status partition of the byStatus index,
     * projected to what a brief counts, so the work is O(submissions in the period).
     */
    async periodFields(from: string, until: string): Promise<(BriefFields & Pick<SubmissionRecord, 'routing'>)[]> {
      const parts = await Promise.all(
        SUBMISSION_STATUSES.filter((status) => status !== 'spam').map((status) =>
          queryAll({
            TableName: tableName,
            IndexName: 'byStatus',
            KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :until',
            ExpressionAttributeValues: { ':p': statusPartition(status), ':from': from, ':until': until },
            ...PROJECTION,
          }),
        ),
      );
      return parts.flat() as (BriefFields & Pick<SubmissionRecord, 'routing'>)[];
    },
  };
}

export type BriefStore = ReturnType<typeof createBriefStore>;
