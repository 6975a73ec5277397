import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Consultation,
  countsFromCounters,
  type Declaration,
  type GroupKey,
  groupsOf,
  isCounterName,
  isVoteChoice,
  type Point,
  type Statement,
  type VoteChoice,
  voteDeltas,
} from '#core';
import {
  CONSULTATIONS_PARTITION,
  consultationKey,
  consultationPartition,
  consultationTotalsKey,
  isConditionFailure,
  POINT_PREFIX,
  participantCodeKey,
  participantKey,
  pointKey,
  recordOf,
  statementKey,
  voteKey,
  votesPartition,
} from './keys.ts';

/**
 * Consultations in the one table (key shapes: keys.ts). Every write is a single-item
 * conditional write (dynalite has no transactions):
 *
 * - a vote is its own item per participant and point, written on condition that it is new
 *   or still holds the choice we read, then the point's counters move by ADD. Two writes,
 *   not atomic: a crash between them leaves one vote uncounted, which `recount` repairs by
 *   rebuilding the counters from the vote items once voting on the point is over;
 * - moderation and round 2 are conditional on the point's `version`;
 * - a participant code is claimed once; the participant it makes is the code's own.
 */
export interface Participant {
  consultationId: string;
  id: string;
  via: 'code' | 'open';
  group?: string | undefined;
  declaration: Declaration;
  groups: GroupKey[];
  joinedAt: string;
}

export interface ConsultationTotals {
  participants: number;
  groups: Partial<Record<GroupKey, number>>;
  /** Participants per named code group. */
  codeGroups: Record<string, number>;
}

export interface CodeRecord {
  consultationId: string;
  group: string;
  createdAt: string;
}

export type VoteOutcome = 'counted' | 'unchanged';

const POINT_FIELDS = [
  'id',
  'consultationId',
  'theme',
  'round',
  'text',
  'originalText',
  'status',
  'rejectReason',
  'mergedInto',
  'carriedFrom',
  'carriedTo',
  'authorHash',
  'createdAt',
  'version',
] as const;

function pointOf(item: Record<string, unknown>): Point {
  const record = recordOf<Record<string, unknown>>(item);
  const point = Object.fromEntries(POINT_FIELDS.filter((f) => record[f] !== undefined).map((f) => [f, record[f]]));
  return { ...(point as Omit<Point, 'counts'>), counts: countsFromCounters(record) };
}

export function createConsultationStore(client: DynamoDBDocumentClient, tableName: string) {
  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>) {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey }));
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  const getItem = async (Key: Record<string, string>) =>
    (await client.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item;

  async function conditional(command: UpdateCommand | PutCommand): Promise<boolean> {
    try {
      await client.send(command as UpdateCommand);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  // ---- consultations --------------------------------------------------------------------

  async function create(consultation: Consultation): Promise<boolean> {
    return conditional(
      new PutCommand({
        TableName: tableName,
        Item: { ...consultation, ...consultationKey(consultation.id) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async function get(id: string): Promise<Consultation | undefined> {
    const item = await getItem(consultationKey(id));
    return item ? recordOf<Consultation>(item) : undefined;
  }

  async function list(): Promise<Consultation[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CONSULTATIONS_PARTITION },
    });
    return items.map((item) => recordOf<Consultation>(item)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Replaces a consultation's settings if nobody changed it since `version`. */
  async function update(consultation: Consultation, expectedVersion: number): Promise<boolean> {
    return conditional(
      new PutCommand({
        TableName: tableName,
        Item: { ...consultation, version: expectedVersion + 1, ...consultationKey(consultation.id) },
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': expectedVersion },
      }),
    );
  }

  // ---- participant codes ------------------------------------------------------------------

  /** Stores the hashes of a new batch of codes (never the codes) and names the batch on the consultation. */
  async function addCodes(consultationId: string, group: string, hashes: string[], at: string): Promise<void> {
    for (const hash of hashes) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { consultationId, group, createdAt: at, ...participantCodeKey(hash) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    }
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: consultationKey(consultationId),
        UpdateExpression: 'SET codeBatches = list_append(if_not_exists(codeBatches, :none), :batch)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':none': [], ':batch': [{ group, count: hashes.length, createdAt: at }] },
      }),
    );
  }

  async function findCode(hash: string): Promise<CodeRecord | undefined> {
    const item = await getItem(participantCodeKey(hash));
    return item ? recordOf<CodeRecord>(item) : undefined;
  }

  // ---- participants --------------------------------------------------------------------

  async function getParticipant(consultationId: string, id: string): Promise<Participant | undefined> {
    const item = await getItem(participantKey(consultationId, id));
    return item ? recordOf<Participant>(item) : undefined;
  }

  /**
   * Joins once: a second join with the same id (the same code again) finds the participant
   * already there and keeps their first declaration. The totals count each participant once.
   */
  async function join(
    participant: Omit<Participant, 'groups'>,
  ): Promise<{ participant: Participant; created: boolean }> {
    const full: Participant = { ...participant, groups: groupsOf(participant.declaration) };
    const created = await conditional(
      new PutCommand({
        TableName: tableName,
        Item: { ...full, ...participantKey(full.consultationId, full.id) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    if (!created) {
      const existing = await getParticipant(full.consultationId, full.id);
      if (!existing) throw new Error('Participant vanished while joining');
      return { participant: existing, created: false };
    }
    const adds: [string, number][] = [
      ['participants', 1],
      ...full.groups.map((key): [string, number] => [`g:${key}`, 1]),
      ...(full.group ? [[`codeGroup:${full.group}`, 1] as [string, number]] : []),
    ];
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: consultationTotalsKey(full.consultationId),
        UpdateExpression: `ADD ${adds.map((_, i) => `#k${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(adds.map(([key], i) => [`#k${i}`, key])),
        ExpressionAttributeValues: Object.fromEntries(adds.map(([, value], i) => [`:v${i}`, value])),
      }),
    );
    return { participant: full, created: true };
  }

  async function totals(consultationId: string): Promise<ConsultationTotals> {
    const item = (await getItem(consultationTotalsKey(consultationId))) ?? {};
    const result: ConsultationTotals = { participants: 0, groups: {}, codeGroups: {} };
    for (const [key, value] of Object.entries(item)) {
      if (typeof value !== 'number') continue;
      if (key === 'participants') result.participants = Math.max(0, value);
      else if (key.startsWith('g:')) result.groups[key.slice(2) as GroupKey] = Math.max(0, value);
      else if (key.startsWith('codeGroup:')) result.codeGroups[key.slice('codeGroup:'.length)] = Math.max(0, value);
    }
    return result;
  }

  // ---- points ----------------------------------------------------------------------------

  async function addPoint(point: Point): Promise<boolean> {
    const { counts: _counts, ...fields } = point;
    return conditional(
      new PutCommand({
        TableName: tableName,
        Item: { ...fields, ...pointKey(point.consultationId, point.id) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async function getPoint(consultationId: string, pointId: string): Promise<Point | undefined> {
    const item = await getItem(pointKey(consultationId, pointId));
    return item ? pointOf(item) : undefined;
  }

  /** Every point of a consultation with its counts: one Query of its partition, whatever the number of votes. */
  async function listPoints(consultationId: string): Promise<Point[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': consultationPartition(consultationId), ':prefix': POINT_PREFIX },
    });
    return items.map(pointOf).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Writes a point's moderated fields (never its counters) if it is still at `expectedVersion`. */
  async function savePoint(point: Point, expectedVersion: number): Promise<boolean> {
    const editable = ['text', 'originalText', 'status', 'rejectReason', 'mergedInto', 'carriedTo'] as const;
    const set = editable.filter((field) => point[field] !== undefined);
    const remove = editable.filter((field) => point[field] === undefined);
    return conditional(
      new UpdateCommand({
        TableName: tableName,
        Key: pointKey(point.consultationId, point.id),
        UpdateExpression: [
          `SET ${[...set.map((f) => `#${f} = :${f}`), 'version = :next'].join(', ')}`,
          remove.length > 0 ? `REMOVE ${remove.map((f) => `#${f}`).join(', ')}` : '',
        ].join(' '),
        ConditionExpression: 'attribute_exists(pk) AND version = :v',
        ExpressionAttributeNames: Object.fromEntries(editable.map((f) => [`#${f}`, f])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(set.map((f) => [`:${f}`, point[f]])),
          ':v': expectedVersion,
          ':next': expectedVersion + 1,
        },
      }),
    );
  }

  // ---- votes -----------------------------------------------------------------------------

  /**
   * One vote per participant per point. The vote item is written first, on condition that
   * it still holds what we read, so two tabs voting at once cannot both count; then the
   * point's counters move by exactly the difference.
   */
  async function vote(participant: Participant, pointId: string, choice: VoteChoice): Promise<VoteOutcome> {
    const key = voteKey(participant.consultationId, participant.id, pointId);
    for (let attempt = 0; attempt < 4; attempt++) {
      const existing = await getItem(key);
      const before = existing?.choice as VoteChoice | undefined;
      if (before === choice) return 'unchanged';
      // The groups a vote counts in are fixed at its first write, so moving it undoes exactly what it added.
      const groups = (existing?.groups as GroupKey[] | undefined) ?? participant.groups;
      const written = await conditional(
        new PutCommand({
          TableName: tableName,
          Item: { ...key, pointId, choice, groups, at: new Date().toISOString() },
          ...(existing
            ? { ConditionExpression: 'choice = :before', ExpressionAttributeValues: { ':before': before } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      if (!written) continue;
      const deltas = Object.entries(voteDeltas(groups, before, choice));
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: pointKey(participant.consultationId, pointId),
          UpdateExpression: `ADD ${deltas.map((_, i) => `#c${i} :d${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(deltas.map(([name], i) => [`#c${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(deltas.map(([, value], i) => [`:d${i}`, value])),
        }),
      );
      return 'counted';
    }
    throw new Error('Vote kept changing under us');
  }

  /**
   * Adds already-counted votes to a point's counters in one ADD, exactly as `vote` moves
   * them (names from voteDeltas). For imports and the benchmark; never on a request path.
   */
  async function addCounts(consultationId: string, pointId: string, counters: Record<string, number>) {
    const entries = Object.entries(counters).filter(([, value]) => value !== 0);
    if (entries.length === 0) return;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: pointKey(consultationId, pointId),
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :d${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:d${i}`, value])),
      }),
    );
  }

  /**
   * Rebuilds the counters of a consultation's points from the vote items, for a vote whose
   * second write (the counters' ADD) was lost: the vote item is the record, the counters a
   * sum of it. One Query of the participants, then one per participant's votes: a staff
   * action and a step before composing a statement, never a page view.
   *
   * Only points for which `settled` says voting is over are rewritten, so no vote is between
   * its two writes while we sum (a vote still in flight would be counted twice). Each point is
   * written on condition that its counters still hold what we read, and read again if not.
   * Returns the points whose counters were wrong.
   */
  async function recount(consultationId: string, settled: (point: Point) => boolean): Promise<string[]> {
    const participants = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': consultationPartition(consultationId), ':prefix': 'PART#' },
      ProjectionExpression: 'sk',
    });
    const tallies = new Map<string, Record<string, number>>();
    for (const participant of participants) {
      const participantId = String(participant.sk).slice('PART#'.length);
      const votes = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': votesPartition(consultationId, participantId) },
      });
      for (const item of votes) {
        const choice = item.choice;
        if (typeof item.pointId !== 'string' || !isVoteChoice(choice)) continue;
        const tally = tallies.get(item.pointId) ?? {};
        for (const [name, value] of Object.entries(voteDeltas((item.groups as GroupKey[]) ?? [], undefined, choice))) {
          tally[name] = (tally[name] ?? 0) + value;
        }
        tallies.set(item.pointId, tally);
      }
    }
    const repaired: string[] = [];
    const points = (await listPoints(consultationId)).filter(settled);
    for (const { id: pointId } of points) {
      for (let attempt = 0; ; attempt++) {
        const item = await getItem(pointKey(consultationId, pointId));
        if (!item) break;
        const held = Object.fromEntries(Object.entries(item).filter(([name]) => isCounterName(name))) as Record<
          string,
          number
        >;
        const wanted = tallies.get(pointId) ?? {};
        const names = [...new Set([...Object.keys(held), ...Object.keys(wanted)])];
        if (names.every((name) => (held[name] ?? 0) === (wanted[name] ?? 0))) break;
        if (attempt === 4) throw new Error('Counters kept changing under the recount');
        const written = await conditional(
          new UpdateCommand({
            TableName: tableName,
            Key: pointKey(consultationId, pointId),
            UpdateExpression: `SET ${names.map((_, i) => `#c${i} = :w${i}`).join(', ')}`,
            ConditionExpression: names
              .map((name, i) => (name in held ? `#c${i} = :h${i}` : `attribute_not_exists(#c${i})`))
              .join(' AND '),
            ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
            ExpressionAttributeValues: Object.fromEntries(
              names.flatMap((name, i) => [
                [`:w${i}`, wanted[name] ?? 0],
                ...(name in held ? [[`:h${i}`, held[name]]] : []),
              ]),
            ),
          }),
        );
        if (written) {
          repaired.push(pointId);
          break;
        }
      }
    }
    return repaired;
  }

  /** A participant's own votes, point id → choice (shown only to them). */
  async function votesOf(consultationId: string, participantId: string): Promise<Map<string, VoteChoice>> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': votesPartition(consultationId, participantId) },
    });
    return new Map(items.map((item) => [item.pointId as string, item.choice as VoteChoice]));
  }

  // ---- statements ------------------------------------------------------------------------

  async function getStatement(consultationId: string, addressee: string): Promise<Statement | undefined> {
    const item = await getItem(statementKey(consultationId, addressee));
    return item ? recordOf<Statement>(item) : undefined;
  }

  async function listStatements(consultationId: string): Promise<Statement[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': consultationPartition(consultationId), ':prefix': 'STATEMENT#' },
    });
    return items.map((item) => recordOf<Statement>(item));
  }

  /** Saves a draft; a published statement is never overwritten. */
  async function saveDraft(statement: Statement): Promise<boolean> {
    return conditional(
      new PutCommand({
        TableName: tableName,
        Item: { ...statement, status: 'draft', ...statementKey(statement.consultationId, statement.addressee) },
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :draft',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':draft': 'draft' },
      }),
    );
  }

  /** Publishes the draft as it stands at `version` and names a send attempt; false if it changed or was already published. */
  async function publish(consultationId: string, addressee: string, version: number, at: string): Promise<boolean> {
    return conditional(
      new UpdateCommand({
        TableName: tableName,
        Key: statementKey(consultationId, addressee),
        UpdateExpression: 'SET #status = :published, publishedAt = :at, sendAttempt = :one, version = :next',
        ConditionExpression: '#status = :draft AND version = :v',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':published': 'published',
          ':draft': 'draft',
          ':at': at,
          ':one': 1,
          ':v': version,
          ':next': version + 1,
        },
      }),
    );
  }

  /** After a failed send: a new attempt number (a new execution); the delivery marker still stops a second email. */
  async function nextSendAttempt(consultationId: string, addressee: string): Promise<number> {
    const result = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: statementKey(consultationId, addressee),
        UpdateExpression: 'ADD sendAttempt :one REMOVE deliveryFailure',
        ConditionExpression: '#status = :published AND attribute_not_exists(sentAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.sendAttempt ?? 1);
  }

  /** Claims the statement's one email, as SubmissionStore.claimDelivery does for inbox emails. */
  async function claimSend(
    consultationId: string,
    addressee: string,
    by: string,
    leaseMs: number,
  ): Promise<'claimed' | 'sent' | 'busy'> {
    const now = new Date();
    const claimed = await conditional(
      new UpdateCommand({
        TableName: tableName,
        Key: statementKey(consultationId, addressee),
        UpdateExpression: 'SET delivery = :claim',
        ConditionExpression:
          '#status = :published AND (attribute_not_exists(delivery) OR (delivery.#state = :sending AND (delivery.#by = :by OR delivery.#at < :stale)))',
        ExpressionAttributeNames: { '#status': 'status', '#state': 'state', '#by': 'by', '#at': 'at' },
        ExpressionAttributeValues: {
          ':published': 'published',
          ':claim': { state: 'sending', at: now.toISOString(), by },
          ':sending': 'sending',
          ':by': by,
          ':stale': new Date(now.getTime() - leaseMs).toISOString(),
        },
      }),
    );
    if (claimed) return 'claimed';
    const current = await getItem(statementKey(consultationId, addressee));
    if (current?.status !== 'published') throw new Error(`Statement ${consultationId}/${addressee} is not published`);
    return (current.delivery as { state?: string } | undefined)?.state === 'sent' ? 'sent' : 'busy';
  }

  async function completeSend(consultationId: string, addressee: string, by: string, messageId: string) {
    const at = new Date().toISOString();
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: statementKey(consultationId, addressee),
        UpdateExpression: 'SET delivery = :sent, sentAt = :at REMOVE deliveryFailure',
        ExpressionAttributeValues: { ':sent': { state: 'sent', at, by, messageId }, ':at': at },
      }),
    );
  }

  async function releaseSend(consultationId: string, addressee: string, by: string) {
    await conditional(
      new UpdateCommand({
        TableName: tableName,
        Key: statementKey(consultationId, addressee),
        UpdateExpression: 'REMOVE delivery',
        ConditionExpression: 'delivery.#state = :sending AND delivery.#by = :by',
        ExpressionAttributeNames: { '#state': 'state', '#by': 'by' },
        ExpressionAttributeValues: { ':sending': 'sending', ':by': by },
      }),
    );
  }

  async function recordSendFailure(consultationId: string, addressee: string, error: string) {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: statementKey(consultationId, addressee),
        UpdateExpression: 'SET deliveryFailure = :failure',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':failure': { at: new Date().toISOString(), error: error.slice(0, 200) } },
      }),
    );
  }

  return {
    create,
    get,
    list,
    update,
    addCodes,
    findCode,
    getParticipant,
    join,
    totals,
    addPoint,
    getPoint,
    listPoints,
    savePoint,
    vote,
    addCounts,
    recount,
    votesOf,
    getStatement,
    listStatements,
    saveDraft,
    publish,
    nextSendAttempt,
    claimSend,
    completeSend,
    releaseSend,
    recordSendFailure,
  };
}

export type ConsultationStore = ReturnType<typeof createConsultationStore>;
