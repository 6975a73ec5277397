import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  bandKeys,
  type CampaignRule,
  DEFAULT_CAMPAIGN,
  indexKeys,
  isDonorRouted,
  lookupKeys,
  matchTexts,
  minhash,
  NOT_GIVEN,
  type Passage,
  packSignature,
  type SearchQuery,
  type SearchText,
  SIMILARITY_THRESHOLD,
  type SubmissionRecord,
  similarity,
  unpackSignature,
} from '#core';
import { queryAll } from './client.ts';
import { isConditionFailure, orderKey, POSITION_PATTERN, submissionKey } from './keys.ts';
import { QUEUE_ROW_FIELDS, type QueueFilters, type QueueRequest } from './queue.ts';

/**
 * Staff search and near-duplicate groups (issue 15), in the one table, maintained at write
 * time. Item shapes (this module alone knows them):
 *
 *   pk TERM#<key>          sk <createdAt>#<ref>      a posting: this submission has a word with this key
 *   pk SUB#<ref>           sk SEARCH                 what was indexed: keys (a string set, so
 *                                                    erasure finds every posting), signature, group
 *   pk BAND#<band key>     sk <createdAt>#<ref>      LSH band of the MinHash signature
 *   pk GROUP#<id>          sk HEAD                   a group of near-duplicates: members (ADD)
 *   pk GROUP#<id>          sk MEMBER#<createdAt>#<ref>
 *
 * The posting sort key is the queue position, so a word's postings are read newest (or
 * oldest) first and a page costs the same whatever the number of submissions: a word in
 * every submission is one partition read a page at a time. Several words are intersected
 * by a zig-zag join over their partitions, each read forward from the furthest position any
 * other has reached. Postings are candidates only: every candidate is checked against its
 * current text (phrases, and words a replaced reply no longer has), its role visibility and
 * the queue's filters before it is shown.
 *
 * No transactions (dynalite has none): the keys are recorded on the SEARCH item before the
 * postings are written, so erasure can always find every posting; erasure deletes the
 * postings first and the SEARCH item last, so an interrupted erasure is finished by running
 * it again (the purge sweep does on its next run; scripts/rebuild-search.ts too).
 */
const postingPk = (key: string) => `TERM#${key}`;
const searchKey = (reference: string) => ({ pk: submissionKey(reference).pk, sk: 'SEARCH' });
const bandPk = (band: string) => `BAND#${band}`;
const groupPk = (id: string) => `GROUP#${id}`;
const GROUP_HEAD = 'HEAD';
const memberSk = (position: string) => `MEMBER#${position}`;
/** Every group that ever became a campaign, one item each (the statistics page lists them). */
const CAMPAIGNS_PK = 'CAMPAIGNS';
const campaignSk = (groupId: string) => `GROUP#${groupId}`;
const referenceOf = (position: string) => position.slice(position.lastIndexOf('#') + 1);

const WRITES_IN_FLIGHT = 8;
/** DynamoDB's most keys in one BatchGetItem. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 5;
const BATCH_GET_PAUSE_MS = 50;

/** What a search result shows and checks: the queue row, and the texts it may match. */
const RESULT_FIELDS = [
  ...QUEUE_ROW_FIELDS,
  'message',
  'notes',
  'publicReply',
  'transcript',
  'voice',
] as const satisfies readonly (keyof SubmissionRecord)[];

export interface SearchRequest extends Pick<QueueRequest, 'scope' | 'statuses' | 'filters' | 'order' | 'pageSize'> {
  query: SearchQuery;
  /** Position of the last row already shown. */
  after?: string | undefined;
  /** Postings and candidates read per request, at most; a page may end early at this. */
  readBudget?: number;
}

export interface SearchHit {
  record: SubmissionRecord;
  passage: Passage;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Position to continue from, when there is more. */
  next?: string;
  /** Postings and candidates read: what the page cost. */
  read: number;
}

export interface GroupSummary {
  id: string;
  size: number;
  /** Grew by at least the campaign rule's size within its window. */
  campaign: boolean;
}

/** A search position: a bare `<createdAt>#<ref>` (never a queue run marker). */
export const isSearchPosition = (value: string) => POSITION_PATTERN.test(value);

/** The searchable texts of a record: message, staff transcript, public reply, notes. Never contact details. */
export function searchTexts(
  record: Pick<SubmissionRecord, 'message' | 'publicReply' | 'notes' | 'transcript'>,
): SearchText[] {
  const texts: SearchText[] = [{ field: 'message', text: record.message ?? '' }];
  if (record.transcript) texts.push({ field: 'transcript', text: record.transcript.text });
  if (record.publicReply) texts.push({ field: 'reply', text: record.publicReply.text });
  for (const note of record.notes ?? []) texts.push({ field: 'note', text: note.text });
  return texts;
}

/** The queue's filters and a role's scope, checked on one record. */
export function passesFilters(
  record: SubmissionRecord,
  request: Pick<SearchRequest, 'scope' | 'statuses' | 'filters'>,
): boolean {
  if (request.scope === 'donors' && !isDonorRouted(record)) return false;
  if (!request.statuses.includes(record.status)) return false;
  const f: QueueFilters = request.filters ?? {};
  if (f.addressee && record.addressee !== f.addressee) return false;
  if (f.topic && !(record.topics ?? []).includes(f.topic)) return false;
  if (f.region === NOT_GIVEN ? record.region !== undefined : f.region && record.region !== f.region) return false;
  if (f.language && record.language !== f.language) return false;
  if (f.urgent !== undefined && Boolean(record.urgent) !== f.urgent) return false;
  return true;
}

export interface SearchIndexOptions {
  campaign?: CampaignRule;
  now?: () => Date;
}

export function createSearchIndex(
  client: DynamoDBDocumentClient,
  tableName: string,
  { campaign = DEFAULT_CAMPAIGN, now = () => new Date() }: SearchIndexOptions = {},
) {
  /**
   * Many small writes, a few at a time. Single-item PutItem and DeleteItem rather than
   * BatchWriteItem: the same capacity, and no function needs the right to batch-delete
   * (BatchWriteItem cannot be granted for puts alone).
   */
  async function writeEach(writes: ({ put: Record<string, unknown> } | { remove: Record<string, unknown> })[]) {
    let next = 0;
    async function worker() {
      while (next < writes.length) {
        const write = writes[next++]!;
        if ('put' in write) await client.send(new PutCommand({ TableName: tableName, Item: write.put }));
        else await client.send(new DeleteCommand({ TableName: tableName, Key: write.remove }));
      }
    }
    await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, writes.length) }, worker));
  }

  /**
   * Rows by reference, a hundred keys to a BatchGetItem (a search page's 21 rows are one
   * request, not 21; only the staff function is granted it). Keys the table leaves unprocessed
   * (throttling) are asked for again, a few times with a growing pause, then it gives up.
   */
  async function readRows(references: string[], fields: readonly string[]): Promise<Map<string, SubmissionRecord>> {
    const names = Object.fromEntries(fields.map((field, i) => [`#f${i}`, field]));
    const projection = Object.keys(names).join(', ');
    const rows = new Map<string, SubmissionRecord>();
    const unique = [...new Set(references)];
    for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
      let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_KEYS).map(submissionKey);
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt === BATCH_GET_ATTEMPTS)
          throw new Error(`${keys.length} rows left unread after ${attempt} attempts`);
        if (attempt > 0) await new Promise((go) => setTimeout(go, BATCH_GET_PAUSE_MS * 2 ** (attempt - 1)));
        const answer = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: { Keys: keys, ProjectionExpression: projection, ExpressionAttributeNames: names },
            },
          }),
        );
        for (const row of (answer.Responses?.[tableName] ?? []) as SubmissionRecord[]) {
          if (row?.reference) rows.set(row.reference, row);
        }
        keys = answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return rows;
  }

  /** Adds texts of a submission to the index: keys recorded first, then the postings. */
  async function addTexts(reference: string, createdAt: string, texts: string[]) {
    const keys = new Set<string>();
    for (const text of texts) for (const key of indexKeys(text)) keys.add(key);
    if (keys.size === 0) return;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: searchKey(reference),
        UpdateExpression: 'ADD #keys :keys SET createdAt = if_not_exists(createdAt, :at)',
        ExpressionAttributeNames: { '#keys': 'keys' },
        ExpressionAttributeValues: { ':keys': keys, ':at': createdAt },
      }),
    );
    const sk = orderKey(createdAt, reference);
    await writeEach([...keys].map((key) => ({ put: { pk: postingPk(key), sk } })));
  }

  /** Indexes a whole submission (idempotent: a retry writes the same items) and groups it. */
  async function indexSubmission(record: SubmissionRecord) {
    await addTexts(
      record.reference,
      record.createdAt,
      searchTexts(record).map((t) => t.text),
    );
    await groupSubmission(record);
  }

  // ---------------------------------------------------------------- near-duplicate groups

  async function readSearchItem(reference: string) {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: searchKey(reference) }));
    return Item;
  }

  /** Puts a submission in a group once; the head's size grows only for a new member. */
  async function join(groupId: string, reference: string, createdAt: string) {
    let added = true;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: groupPk(groupId), sk: memberSk(orderKey(createdAt, reference)), reference, createdAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      added = false;
    }
    if (added) {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: groupPk(groupId), sk: GROUP_HEAD },
          UpdateExpression: 'ADD members :one SET createdAt = if_not_exists(createdAt, :at)',
          ExpressionAttributeValues: { ':one': 1, ':at': now().toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const members = typeof Attributes?.members === 'number' ? Attributes.members : 0;
      if (members >= campaign.size && !Attributes?.campaignAt) await recordCampaign(groupId, createdAt);
    }
    await markGroup(reference, groupId);
  }

  /**
   * A group that grew by the campaign rule's size within its window, up to the member that
   * just arrived (its own time, so a redo or a late stream record decides the same), is
   * recorded once as a campaign for the statistics: an item under CAMPAIGNS keyed by the
   * group (so a retry cannot count it twice), then a mark on the head (so later members skip
   * the count). Nobody's input is set aside by it.
   */
  async function recordCampaign(groupId: string, memberCreatedAt: string) {
    const since = new Date(Date.parse(memberCreatedAt) - campaign.hours * 3600_000).toISOString();
    const { Count = 0 } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
        ExpressionAttributeValues: {
          ':pk': groupPk(groupId),
          ':since': memberSk(since),
          ':until': memberSk(`${memberCreatedAt}~`),
        },
        Select: 'COUNT',
      }),
    );
    if (Count < campaign.size) return;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: CAMPAIGNS_PK, sk: campaignSk(groupId), group: groupId, detectedAt: memberCreatedAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: groupPk(groupId), sk: GROUP_HEAD },
        UpdateExpression: 'SET campaignAt = if_not_exists(campaignAt, :at)',
        ExpressionAttributeValues: { ':at': memberCreatedAt },
      }),
    );
  }

  /** Every group recorded as a campaign, newest first, with its size now. */
  async function campaigns(): Promise<{ id: string; detectedAt: string; size: number }[]> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CAMPAIGNS_PK },
    });
    const found = await Promise.all(
      items.map(async (item) => {
        const id = String(item.group);
        const { Item } = await client.send(
          new GetCommand({ TableName: tableName, Key: { pk: groupPk(id), sk: GROUP_HEAD } }),
        );
        return { id, detectedAt: String(item.detectedAt), size: typeof Item?.members === 'number' ? Item.members : 0 };
      }),
    );
    return found.sort((a, b) => b.detectedAt.localeCompare(a.detectedAt));
  }

  /** The group on the submission (for the queue row) and on its SEARCH item. */
  async function markGroup(reference: string, groupId: string) {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: searchKey(reference),
        UpdateExpression: 'SET #group = :group',
        ExpressionAttributeNames: { '#group': 'group' },
        ExpressionAttributeValues: { ':group': groupId },
      }),
    );
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: submissionKey(reference),
          UpdateExpression: 'SET #group = :group',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#group': 'group' },
          ExpressionAttributeValues: { ':group': groupId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Finds the most similar earlier submission through the LSH bands and joins its group (or
   * starts one with it). Bands are written last, so a half-done grouping is simply redone.
   */
  async function groupSubmission(record: SubmissionRecord) {
    const signature = minhash(record.message ?? '');
    const bands = bandKeys(signature);
    const position = orderKey(record.createdAt, record.reference);
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: searchKey(record.reference),
        UpdateExpression: 'SET signature = :signature, createdAt = if_not_exists(createdAt, :at)',
        ExpressionAttributeValues: { ':signature': packSignature(signature), ':at': record.createdAt },
      }),
    );
    const candidates = new Set<string>();
    const reads = await Promise.all(
      bands.map((band) =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': bandPk(band) },
            ScanIndexForward: false,
            // Any member of a group will do: the newest few of each band are enough.
            Limit: 8,
          }),
        ),
      ),
    );
    for (const { Items = [] } of reads)
      for (const item of Items) if (item.sk !== position) candidates.add(referenceOf(item.sk as string));
    let best: { reference: string; group?: string; score: number } | undefined;
    const items = await Promise.all(
      [...candidates].map(async (reference) => ({ reference, item: await readSearchItem(reference) })),
    );
    for (const { reference, item } of items) {
      const other = typeof item?.signature === 'string' ? unpackSignature(item.signature) : undefined;
      if (!other) continue;
      const score = similarity(signature, other);
      if (score >= SIMILARITY_THRESHOLD && (!best || score > best.score)) {
        best = { reference, score, ...(typeof item?.group === 'string' ? { group: item.group } : {}) };
      }
    }
    if (best) {
      const groupId = best.group ?? best.reference;
      if (!best.group) {
        const root = await readSearchItem(best.reference);
        await join(groupId, best.reference, String(root?.createdAt ?? record.createdAt));
      }
      await join(groupId, record.reference, record.createdAt);
    }
    await writeEach(bands.map((band) => ({ put: { pk: bandPk(band), sk: position } })));
  }

  /** Group sizes and campaign flags for the groups on a page. */
  async function groups(ids: string[]): Promise<Map<string, GroupSummary>> {
    const summaries = new Map<string, GroupSummary>();
    const since = new Date(now().getTime() - campaign.hours * 3600_000).toISOString();
    await Promise.all(
      [...new Set(ids)].map(async (id) => {
        const { Item } = await client.send(
          new GetCommand({ TableName: tableName, Key: { pk: groupPk(id), sk: GROUP_HEAD } }),
        );
        const size = typeof Item?.members === 'number' ? Item.members : 0;
        if (size < 2) return;
        let recent = 0;
        if (size >= campaign.size) {
          const { Count = 0 } = await client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk AND sk > :since',
              ExpressionAttributeValues: { ':pk': groupPk(id), ':since': memberSk(since) },
              Select: 'COUNT',
            }),
          );
          recent = Count;
        }
        summaries.set(id, { id, size, campaign: recent >= campaign.size });
      }),
    );
    return summaries;
  }

  /** Members of a group, newest first: queue rows, for the group's page and the submission's "similar". */
  async function groupMembers(id: string, limit = 500): Promise<SubmissionRecord[]> {
    const references: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
          ExpressionAttributeValues: { ':pk': groupPk(id), ':member': 'MEMBER#' },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) references.push(item.reference as string);
      start = page.LastEvaluatedKey;
    } while (start && references.length < limit);
    const rows = await readRows(references.slice(0, limit), RESULT_FIELDS);
    return references.flatMap((reference) => {
      const row = rows.get(reference);
      return row ? [row] : [];
    });
  }

  /**
   * Which member of each group a listing shows (issue 15): the first, in the listing's own
   * order (urgent ones first where the listing puts them first, then newest or oldest
   * first), of the members this listing would show at all: the role's scope, the statuses,
   * the filters, and `accept` (a search's query). So a group appears once, at its newest
   * member's place in the default order, whatever page its other members fall on. Groups
   * read their newest 500 members (as the group page does); a row beyond them is its own lead.
   */
  async function groupLeads(
    ids: string[],
    request: Pick<QueueRequest, 'scope' | 'statuses' | 'filters' | 'order' | 'urgentFirst'>,
    accept: (record: SubmissionRecord) => boolean = () => true,
  ): Promise<Map<string, { lead: string; members: Set<string> }>> {
    const newest = request.order === 'newest';
    const rank = (record: SubmissionRecord) => `${request.urgentFirst && record.urgent ? 0 : 1}`;
    const leads = new Map<string, { lead: string; members: Set<string> }>();
    await Promise.all(
      [...new Set(ids)].map(async (id) => {
        const members = await groupMembers(id);
        const shown = members.filter((member) => passesFilters(member, request) && accept(member));
        shown.sort((a, b) => {
          const byRun = rank(a).localeCompare(rank(b));
          if (byRun !== 0) return byRun;
          const [x, y] = [orderKey(a.createdAt, a.reference), orderKey(b.createdAt, b.reference)];
          return newest ? y.localeCompare(x) : x.localeCompare(y);
        });
        if (shown[0]) leads.set(id, { lead: shown[0].reference, members: new Set(members.map((m) => m.reference)) });
      }),
    );
    return leads;
  }

  // ---------------------------------------------------------------- erasure

  /**
   * Takes a submission out of search and its group: postings, bands, membership, and last
   * the SEARCH item that lists them. Safe to run again after an interruption.
   */
  async function erase(reference: string) {
    const item = await readSearchItem(reference);
    if (!item) return;
    const createdAt = String(item.createdAt ?? '');
    const position = orderKey(createdAt, reference);
    const keys = item.keys instanceof Set ? [...(item.keys as Set<string>)] : [];
    const signature = typeof item.signature === 'string' ? unpackSignature(item.signature) : undefined;
    await writeEach([
      ...keys.map((key) => ({ remove: { pk: postingPk(key), sk: position } })),
      ...(signature ? bandKeys(signature) : []).map((band) => ({ remove: { pk: bandPk(band), sk: position } })),
    ]);
    if (typeof item.group === 'string') {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: groupPk(item.group), sk: memberSk(position) },
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: groupPk(item.group), sk: GROUP_HEAD },
            UpdateExpression: 'ADD members :minus',
            ExpressionAttributeValues: { ':minus': -1 },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    await client.send(new DeleteCommand({ TableName: tableName, Key: searchKey(reference) }));
  }

  // ---------------------------------------------------------------- search

  async function search(request: SearchRequest): Promise<SearchPage> {
    if (request.after !== undefined && !POSITION_PATTERN.test(request.after))
      throw new TypeError('Invalid search position');
    const budget = request.readBudget ?? 2000;
    const newest = request.order === 'newest';
    /** `a` comes before `b` in the order rows are shown. */
    const before = (a: string, b: string) => (newest ? a > b : a < b);
    let read = 0;

    interface Term {
      key: string;
      buffer: string[];
      end: boolean;
      /** Whether its partition has been read yet. */
      started: boolean;
    }
    const terms: Term[] = lookupKeys(request.query).map((key) => ({ key, buffer: [], end: false, started: false }));
    /**
     * Postings per read. A single word's postings are the candidates themselves, in order: its
     * first read takes just the page (and the one that says there is more); only when filters
     * or a changed text turn candidates away does it read on, a hundred at a time. Several
     * words read a hundred from the start, as the join skips through their partitions.
     */
    const postingsToRead = (term: Term) =>
      terms.length === 1 && !term.started ? Math.min(request.pageSize + 1, 100) : 100;

    /** The first posting of `term` at or past `bound` (past it only, unless `inclusive`). */
    async function head(term: Term, bound: string | undefined, inclusive: boolean): Promise<string | undefined> {
      const passes = (p: string) => bound === undefined || before(bound, p) || (inclusive && p === bound);
      while (term.buffer.length > 0 && !passes(term.buffer[0]!)) term.buffer.shift();
      if (term.buffer.length > 0) return term.buffer[0];
      if (term.end) return undefined;
      const names: Record<string, string> = { '#pk': 'pk' };
      const values: Record<string, unknown> = { ':pk': postingPk(term.key) };
      let condition = '#pk = :pk';
      if (bound !== undefined) {
        names['#sk'] = 'sk';
        values[':bound'] = bound;
        condition += ` AND #sk ${newest ? '<' : '>'}${inclusive ? '=' : ''} :bound`;
      }
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: !newest,
          Limit: postingsToRead(term),
        }),
      );
      term.started = true;
      const positions = (page.Items ?? []).map((item) => item.sk as string);
      read += positions.length;
      term.buffer = positions;
      term.end = !page.LastEvaluatedKey;
      return term.buffer[0];
    }

    /** The furthest position known not to match: where an interrupted page can continue. */
    let ruledOut: string | undefined;
    /** The next position every term has, strictly past `from`. */
    async function nextCandidate(from: string | undefined): Promise<string | undefined> {
      let bound = from;
      let inclusive = false;
      for (;;) {
        const first = await head(terms[0]!, bound, inclusive);
        if (first === undefined) return undefined;
        let agreed = true;
        for (const term of terms.slice(1)) {
          const other = await head(term, first, true);
          if (other === undefined) return undefined;
          if (other !== first) {
            if (ruledOut === undefined || before(ruledOut, first)) ruledOut = first;
            bound = other;
            inclusive = true;
            agreed = false;
            break;
          }
        }
        if (agreed) return first;
        if (read >= budget) return undefined;
      }
    }

    const hits: SearchHit[] = [];
    let position = request.after;
    let exhausted = false;
    while (hits.length <= request.pageSize && read < budget) {
      const batch: string[] = [];
      while (batch.length < request.pageSize + 1 - hits.length && read < budget) {
        const candidate = await nextCandidate(position);
        if (candidate === undefined) {
          exhausted = read < budget;
          break;
        }
        batch.push(candidate);
        position = candidate;
      }
      if (batch.length > 0) {
        const rows = await readRows(batch.map(referenceOf), RESULT_FIELDS);
        read += batch.length;
        for (const candidate of batch) {
          const record = rows.get(referenceOf(candidate));
          // Missing: erased since it was indexed (a posting an interrupted erasure left).
          if (!record || !passesFilters(record, request)) continue;
          const passage = matchTexts(searchTexts(record), request.query);
          if (passage) hits.push({ record, passage });
          if (hits.length > request.pageSize) break;
        }
      }
      if (exhausted || batch.length === 0) break;
    }
    if (hits.length > request.pageSize) {
      hits.length = request.pageSize;
      return { hits, next: orderKey(hits.at(-1)!.record.createdAt, hits.at(-1)!.record.reference), read };
    }
    // Out of budget before the end: continue from the furthest position examined.
    const furthest =
      position === undefined || (ruledOut !== undefined && before(position, ruledOut)) ? ruledOut : position;
    if (!exhausted && furthest !== undefined && furthest !== request.after) return { hits, next: furthest, read };
    return { hits, read };
  }

  /** The indexed keys of a submission (tests and the rebuild script check them). */
  async function indexedKeys(reference: string): Promise<string[]> {
    const item = await readSearchItem(reference);
    return item?.keys instanceof Set ? [...(item.keys as Set<string>)].sort() : [];
  }

  return {
    addTexts,
    indexSubmission,
    erase,
    search,
    groups,
    groupMembers,
    groupLeads,
    campaigns,
    indexedKeys,
    /** The group a submission is in, if any. */
    groupOf: async (reference: string) => {
      const item = await readSearchItem(reference);
      return typeof item?.group === 'string' ? item.group : undefined;
    },
  };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;

/**
 * Bulk postings for benchmarks: the items `addTexts` writes for each record's message, in
 * BatchWriteItem calls (a seeding client with full rights, never the app's roles).
 * Returns how many postings it wrote.
 */
export async function seedSearchPostings(
  client: DynamoDBDocumentClient,
  tableName: string,
  records: readonly Pick<SubmissionRecord, 'reference' | 'createdAt' | 'message'>[],
): Promise<number> {
  const { BatchWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const items = records.flatMap((record) => {
    const sk = orderKey(record.createdAt, record.reference);
    return [...indexKeys(record.message)].map((key) => ({ pk: postingPk(key), sk }));
  });
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  async function worker() {
    while (next < batches.length) {
      let requests = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const { UnprocessedItems } = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  return items.length;
}
