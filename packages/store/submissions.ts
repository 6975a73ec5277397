import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CampaignRule, CreateOutcome, SubmissionRecord, SubmissionRepository } from '#core';
import { createStatusCounts } from './counts.ts';
import {
  isConditionFailure,
  orderKey,
  ROUTING_PENDING,
  recordOf,
  routePartition,
  statusPartition,
  submissionKey,
} from './keys.ts';
import { createSearchIndex } from './search.ts';
import { TABLE_KEYS } from './table.ts';

const keyOf = submissionKey;

/** The stored item of a new submission: its keys and indexes, as `create` writes it. */
export function toItem(record: SubmissionRecord) {
  const keys = {
    gsi1pk: statusPartition(record.status),
    gsi1sk: orderKey(record.createdAt, record.reference),
    // Until routed, the submission sits in the "pending" partition the redrive sweep reads.
    gsi2pk: ROUTING_PENDING,
    gsi2sk: orderKey(record.createdAt, record.reference),
  };
  return {
    ...keyOf(record.reference),
    ...keys,
    ...(record.urgent ? { gsi3pk: keys.gsi1pk, gsi3sk: keys.gsi1sk, gsi4pk: keys.gsi2pk, gsi4sk: keys.gsi2sk } : {}),
    routing: 'pending',
    deliveries: {},
    deliveryFailures: {},
    ...record,
  };
}

export const fromItem = (item: Record<string, unknown>) => recordOf<SubmissionRecord>(item);

export type ClaimOutcome = 'claimed' | 'sent' | 'busy';

export interface SubmissionStore extends SubmissionRepository {
  /** Takes back the post just written for `record` (refused by the rate limit); false if it is not that post. */
  withdraw(record: SubmissionRecord): Promise<boolean>;
  /** Takes the right to send one email, unless it was sent or another execution holds a live claim. */
  claimDelivery(reference: string, key: string, by: string, leaseMs: number): Promise<ClaimOutcome>;
  completeDelivery(reference: string, key: string, by: string, messageId: string): Promise<void>;
  /** Gives up a claim after a failed send, so a retry or a redrive may try again at once. */
  releaseDelivery(reference: string, key: string, by: string): Promise<void>;
  recordDeliveryFailure(reference: string, key: string, error: string): Promise<void>;
  markRouted(reference: string, inboxes: string[]): Promise<void>;
  /** Submissions still waiting to be routed that were created before `before` (ISO time). */
  listUnrouted(before: string, limit?: number): Promise<SubmissionRecord[]>;
  /** New, untriaged submissions created before `before`, oldest first. */
  listUntriaged(before: string, limit?: number): Promise<SubmissionRecord[]>;
  /** Records a reminder unless another sweep already did since `previous`. */
  recordReminder(reference: string, at: string, previous: string | undefined): Promise<boolean>;
  /** The person's own change to their consent to be quoted (issue 16), with its audit event. */
  setQuoteConsent(reference: string, consent: boolean): Promise<boolean>;
}

/** Submissions in the one table. Only this module knows their key shapes. */
export interface SubmissionStoreOptions {
  /** The campaign rule the index records campaigns by (the deployment's, from its settings). */
  campaign?: CampaignRule;
}

export function createSubmissionStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  { campaign }: SubmissionStoreOptions = {},
): SubmissionStore {
  const counts = createStatusCounts(client, tableName);
  const search = createSearchIndex(client, tableName, campaign ? { campaign } : {});
  async function get(reference: string): Promise<SubmissionRecord | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keyOf(reference), ConsistentRead: true }),
    );
    // A withdrawn post (refused by the rate limit after its write) is no submission.
    return Item && Item.withdrawn === undefined ? fromItem(Item) : undefined;
  }

  async function create(record: SubmissionRecord): Promise<CreateOutcome> {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(record),
          // A withdrawn post's key is free again: the same form sent later is a new submission.
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(withdrawn)',
        }),
      );
      return 'created';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Same reference: a retry of the same form (same token) or, vanishingly rarely,
      // another form whose token hashed to the same reference.
      const existing = await get(record.reference);
      return existing?.tokenHash === record.tokenHash ? 'duplicate' : 'collision';
    }
  }

  /**
   * Takes back a post the rate limit refused after it was written beside the counter
   * (web/app.tsx): only the one just written (same token, version 1, not yet routed, so no
   * workflow has it). Without DeleteItem (the public function has none): every attribute
   * but the keys goes, and the empty item expires by TTL. False when it is not that post.
   */
  async function withdraw(record: SubmissionRecord): Promise<boolean> {
    const keep = new Set(['pk', 'sk']);
    const attributes = Object.keys(toItem(record)).filter((name) => !keep.has(name));
    const names = Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name]));
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(record.reference),
          UpdateExpression: `SET withdrawn = :now, #ttl = :expires REMOVE ${Object.keys(names).join(', ')}`,
          ConditionExpression: '#token = :token AND #routing = :pending AND #version = :one',
          ExpressionAttributeNames: {
            ...names,
            '#ttl': TABLE_KEYS.ttl,
            '#token': 'tokenHash',
            '#routing': 'routing',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ':now': new Date().toISOString(),
            ':expires': Math.floor(Date.now() / 1000) + 3600,
            ':token': record.tokenHash,
            ':pending': 'pending',
            ':one': 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  async function claimDelivery(reference: string, key: string, by: string, leaseMs: number): Promise<ClaimOutcome> {
    const now = new Date();
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(reference),
          UpdateExpression: 'SET deliveries.#key = :claim',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(deliveries.#key) OR (deliveries.#key.#state = :sending AND (deliveries.#key.#by = :by OR deliveries.#key.#at < :stale)))',
          ExpressionAttributeNames: { '#key': key, '#state': 'state', '#by': 'by', '#at': 'at' },
          ExpressionAttributeValues: {
            ':claim': { state: 'sending', at: now.toISOString(), by },
            ':sending': 'sending',
            ':by': by,
            ':stale': new Date(now.getTime() - leaseMs).toISOString(),
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = (await get(reference))?.deliveries?.[key];
      if (!current) throw new Error(`Submission ${reference} does not exist`);
      return current.state === 'sent' ? 'sent' : 'busy';
    }
  }

  async function completeDelivery(reference: string, key: string, by: string, messageId: string) {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(reference),
        UpdateExpression: 'SET deliveries.#key = :sent REMOVE deliveryFailures.#key',
        ExpressionAttributeNames: { '#key': key },
        ExpressionAttributeValues: { ':sent': { state: 'sent', at: new Date().toISOString(), by, messageId } },
      }),
    );
  }

  async function releaseDelivery(reference: string, key: string, by: string) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(reference),
          UpdateExpression: 'REMOVE deliveries.#key',
          ConditionExpression: 'deliveries.#key.#state = :sending AND deliveries.#key.#by = :by',
          ExpressionAttributeNames: { '#key': key, '#state': 'state', '#by': 'by' },
          ExpressionAttributeValues: { ':sending': 'sending', ':by': by },
        }),
      );
    } catch (error) {
      // Someone else's claim, or already sent: nothing of ours to release.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async function recordDeliveryFailure(reference: string, key: string, error: string) {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(reference),
        UpdateExpression: 'SET deliveryFailures.#key = :failure',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#key': key },
        ExpressionAttributeValues: { ':failure': { at: new Date().toISOString(), error: error.slice(0, 200) } },
      }),
    );
  }

  async function markRouted(reference: string, inboxes: string[]) {
    const record = await get(reference);
    if (!record || record.routing === 'routed') return;
    // Searchable and grouped before it is routed: a routed submission is always in the index.
    await search.indexSubmission(record);
    const at = new Date().toISOString();
    const route = [...inboxes].sort().join('+');
    let routed: SubmissionRecord;
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(reference),
          // An urgent submission moves on the sparse urgent index too (urgency never changes).
          UpdateExpression: `SET routing = :routed, routedTo = :inboxes, routedAt = :now, gsi2pk = :route${
            record.urgent ? ', gsi4pk = :route' : ''
          }, audit = list_append(if_not_exists(audit, :none), :events)`,
          // Conditional, so two executions racing here count the submission once.
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(routing) OR routing <> :routed)',
          ExpressionAttributeValues: {
            ':routed': 'routed',
            ':inboxes': inboxes,
            ':now': at,
            // Donor-routed work (alone or with OSE) shares one partition: a liaison's queue.
            ':route': routePartition(inboxes),
            ':none': [],
            ':events': [{ at, by: 'system', action: 'routed', detail: { to: route } }],
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      routed = fromItem(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw error;
    }
    // Routing is where a submission enters the queue totals; a failure here is drift that
    // `recount` repairs, and must not fail (and so repeat) the routing itself.
    await counts.adjust(undefined, routed).catch(() => {});
  }

  async function queryIndex(index: 'byStatus' | 'byRoute', partition: string, before: string, limit: number) {
    const [pk, sk] = index === 'byStatus' ? ['gsi1pk', 'gsi1sk'] : ['gsi2pk', 'gsi2sk'];
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: { ':pk': partition, ':before': before },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return Items.map(fromItem);
  }

  return {
    create,
    get,
    withdraw,
    claimDelivery,
    completeDelivery,
    releaseDelivery,
    recordDeliveryFailure,
    markRouted,
    listUnrouted: (before, limit = 100) => queryIndex('byRoute', ROUTING_PENDING, before, limit),
    listUntriaged: (before, limit = 100) => queryIndex('byStatus', 'STATUS#new', before, limit),
    async setQuoteConsent(reference, consent) {
      const at = new Date().toISOString();
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(reference),
            // Not the optimistic `version`: this changes no triage state, and a staff
            // decision racing it must not fail because of it.
            UpdateExpression: 'SET quoteConsent = :consent, audit = list_append(if_not_exists(audit, :none), :events)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':consent': consent,
              ':none': [],
              ':events': [{ at, by: 'submitter', action: 'quote-consent', detail: { to: consent ? 'yes' : 'no' } }],
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async recordReminder(reference, at, previous) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(reference),
            UpdateExpression: 'SET lastReminderAt = :at',
            ConditionExpression: previous
              ? 'lastReminderAt = :previous'
              : 'attribute_exists(pk) AND attribute_not_exists(lastReminderAt)',
            ExpressionAttributeValues: previous ? { ':at': at, ':previous': previous } : { ':at': at },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
