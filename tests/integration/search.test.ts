import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTriage,
  loadConfig,
  newFormToken,
  parseQuery,
  referenceFromToken,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
  tokenHash,
} from '#core';
import {
  createRetentionStore,
  createSearchIndex,
  createStatusCounts,
  createSubmissionStore,
  createTriageStore,
  type SearchRequest,
} from '#store';
import { rebuildSearch } from '#store/search-rebuild.ts';
import { createPurge } from '../../functions/sweeps/retention.ts';
import { FAMILIES } from '../fixtures/near-duplicates.ts';
import { testTable } from '../support/dynamo.ts';

/**
 * Staff search and near-duplicate groups against a real DynamoDB API (dynalite): the index
 * is written when intake routes a submission, when staff add a note or a reply, and erased
 * by the retention purge; a word in every submission pages like any other.
 */
let table: Awaited<ReturnType<typeof testTable>>;
let store: ReturnType<typeof createSubmissionStore>;
let index: ReturnType<typeof createSearchIndex>;
let clock = Date.parse('2026-03-01T10:00:00.000Z');

beforeAll(async () => {
  table = await testTable();
  store = createSubmissionStore(table.client, table.tableName);
  index = createSearchIndex(table.client, table.tableName, {
    campaign: { size: 3, hours: 24 },
    now: () => new Date(clock),
  });
});
afterAll(async () => table.stop());

async function submit(message: string, extra: Partial<SubmissionRecord> = {}, inboxes = ['ose'], into = store) {
  const formToken = newFormToken();
  const reference = referenceFromToken(formToken);
  clock += 1000;
  const record: SubmissionRecord = {
    reference,
    tokenHash: tokenHash(formToken),
    receiptHash: randomBytes(32).toString('hex'),
    language: 'ar',
    addressee: 'ose',
    topics: ['detainees'],
    urgent: false,
    message,
    hasEmail: false,
    status: 'new',
    createdAt: new Date(clock).toISOString(),
    version: 1,
    ...extra,
  };
  expect(await into.create(record)).toBe('created');
  await into.markRouted(reference, inboxes);
  return reference;
}

const all: Omit<SearchRequest, 'query'> = {
  scope: 'all',
  statuses: SUBMISSION_STATUSES,
  order: 'newest',
  pageSize: 20,
};
const found = async (text: string, request: Partial<SearchRequest> = {}) =>
  (await index.search({ ...all, query: parseQuery(text)!, ...request })).hits.map((hit) => hit.record.reference);

describe('search over the index', () => {
  let spellings: string[];
  let other: string;
  let donors: string;
  beforeAll(async () => {
    spellings = [
      await submit('نطالب بالإفراج عن المعتقلين في إدلب'),
      await submit('اخي من المُعتقَلين منذ ٢٠١٣'),
      await submit('والمعتقلات في السجون بلا محاكمة'),
    ];
    other = await submit('المدرسه في المخيم مغلقة');
    donors = await submit('تمويل مستشفى في المعتقل السابق', { addressee: 'donors' }, ['donors']);
  });

  it('finds every spelling of a word from one of them, newest first', async () => {
    const hits = await found('معتقلين');
    expect(hits).toEqual(expect.arrayContaining(spellings));
    expect(hits).not.toContain(other);
    expect(hits.indexOf(spellings[2]!)).toBeLessThan(hits.indexOf(spellings[0]!));
    expect(await found('2013')).toEqual([spellings[1]]);
    expect(await found('مدرسة')).toEqual([other]);
  });

  it('needs every word, and reads quotes as a phrase', async () => {
    expect(await found('معتقل ادلب')).toEqual([spellings[0]]);
    expect(await found('معتقل مخيم')).toEqual([]);
    expect(await found('"الإفراج عن المعتقلين"')).toEqual([spellings[0]]);
    expect(await found('"المعتقلين عن"')).toEqual([]);
  });

  it('marks the matching words in the passage it returns', async () => {
    const page = await index.search({ ...all, query: parseQuery('ادلب')! });
    const marked = page.hits[0]!.passage.pieces.filter((piece) => piece.mark).map((piece) => piece.text);
    expect(marked).toEqual(['إدلب']);
  });

  it('shows a liaison only donor-routed submissions', async () => {
    const hits = await found('معتقل', { scope: 'donors' });
    expect(hits).toEqual([donors]);
  });

  it('applies the queue filters and statuses', async () => {
    expect(await found('معتقل', { filters: { addressee: 'donors' } })).toEqual([donors]);
    expect(await found('معتقل', { statuses: ['closed'] })).toEqual([]);
  });

  it('finds staff notes and public replies, and forgets a replaced reply', async () => {
    const counts = createStatusCounts(table.client, table.tableName);
    const staff = {
      get: async (email: string) => ({ email, role: 'triager' as const, addedAt: '', addedBy: '', generation: 1 }),
    };
    const triage = createTriage({
      repository: createTriageStore(table.client, table.tableName, counts, store.get),
      staff,
    });
    const me = { email: 'triage@ose.example', role: 'triager' as const };
    expect((await triage.decide(me, other, 1, { action: 'note', text: 'raised with the Geneva team' })).ok).toBe(true);
    expect(await found('geneva')).toEqual([other]);
    expect((await triage.decide(me, other, 2, { action: 'reply', text: 'We shared it with UNICEF' })).ok).toBe(true);
    expect(await found('unicef')).toEqual([other]);
    expect((await triage.decide(me, other, 3, { action: 'reply', text: 'We shared it with the cluster' })).ok).toBe(
      true,
    );
    // The posting for the old reply is still there; the check against the current text drops it.
    expect(await found('unicef')).toEqual([]);
    expect(await found('cluster')).toEqual([other]);
  });
});

describe('a word in every submission', () => {
  it('pages through all of them once each, each page reading about a page', async () => {
    const references = new Set<string>();
    for (let i = 0; i < 25; i++) references.add(await submit(`كلمةعامة رقم ${i} في كل مشاركة`));
    const seen: string[] = [];
    const reads: number[] = [];
    let after: string | undefined;
    do {
      const page = await index.search({ ...all, query: parseQuery('كلمةعامة')!, after, pageSize: 10 });
      seen.push(...page.hits.map((hit) => hit.record.reference));
      reads.push(page.read);
      after = page.next;
    } while (after);
    expect(seen.length).toBe(25);
    expect(new Set(seen)).toEqual(references);
    expect(reads.length).toBe(3);
    // One word: a page of 10 reads 11 postings and their 11 candidates, however many match.
    for (const read of reads) expect(read).toBeLessThanOrEqual(11 + 11);
  }, 60_000);

  it('stops at its read budget and continues from where it stopped', async () => {
    const first = await index.search({ ...all, query: parseQuery('كلمةعامة')!, readBudget: 10, pageSize: 20 });
    expect(first.hits.length).toBeLessThan(20);
    expect(first.next).toBeDefined();
    const second = await index.search({ ...all, query: parseQuery('كلمةعامة')!, after: first.next });
    const overlap = second.hits.filter((hit) => first.hits.some((h) => h.record.reference === hit.record.reference));
    expect(overlap).toEqual([]);
  });
});

describe('near-duplicate groups', () => {
  it('groups the variants of a message and leaves different messages alone', async () => {
    const family = FAMILIES[0]!;
    const original = await submit(family.original);
    const variants = [];
    for (const variant of family.variants) variants.push(await submit(variant.text));
    const alone = await submit(FAMILIES[1]!.original);

    const group = await index.groupOf(original);
    expect(group).toBe(original);
    for (const variant of variants) expect(await index.groupOf(variant)).toBe(group);
    expect(await index.groupOf(alone)).toBeUndefined();
    const members = await index.groupMembers(group!);
    expect(members.map((m) => m.reference).sort()).toEqual([original, ...variants].sort());
    // The queue row carries the group.
    expect((await store.get(variants[0]!))?.group).toBe(group);
    const summary = (await index.groups([group!])).get(group!);
    expect(summary).toEqual({ id: group, size: family.variants.length + 1, campaign: true });
  });

  it('does not count a member twice when intake runs again', async () => {
    const family = FAMILIES[2]!;
    const first = await submit(family.original);
    const second = await submit(family.variants[0]!.text);
    const record = await store.get(second);
    await index.indexSubmission(record!);
    expect((await index.groups([first])).get(first)?.size).toBe(2);
  });
});

describe('campaigns in the statistics', () => {
  // Recorded as messages are grouped (store.markRouted), by the default rule: 20 within 24 h.
  it('records a group once when it grows by 20 within a day, never a slow one, and lists it with its size', async () => {
    const fast = 'نطالب بإطلاق سراح جميع المعتقلين في سجن صيدنايا وكشف مصير المفقودين فوراً';
    const slow = 'نريد إعادة فتح المدارس في ريف حلب الشمالي قبل بداية العام الدراسي القادم';
    const start = Date.parse('2026-05-01T08:00:00.000Z');
    const burst: string[] = [];
    for (let i = 0; i < 20; i++)
      burst.push(await submit(fast, { createdAt: new Date(start + i * 60_000).toISOString() }));
    // Twenty as well, but four hours apart: never twenty within a day.
    for (let i = 0; i < 20; i++) await submit(slow, { createdAt: new Date(start + i * 4 * 3600_000).toISOString() });
    const group = (await index.groupOf(burst[0]!))!;
    expect(await index.campaigns()).toEqual([
      { id: group, detectedAt: new Date(start + 19 * 60_000).toISOString(), size: 20 },
    ]);
    // Grouping the last one again, and a 21st, add no second record; the size follows.
    await index.indexSubmission((await store.get(burst[19]!))!);
    await submit(fast, { createdAt: new Date(start + 20 * 60_000).toISOString() });
    expect(await index.campaigns()).toEqual([
      { id: group, detectedAt: new Date(start + 19 * 60_000).toISOString(), size: 21 },
    ]);
  }, 120_000);

  it('records by the rule the deployment sets (MASHURA_CAMPAIGN_SIZE and _HOURS), the one the queue flags by', async () => {
    // The workflow's store, as functions/workers.ts composes it from the settings.
    const config = loadConfig({ MASHURA_CAMPAIGN_SIZE: '3', MASHURA_CAMPAIGN_HOURS: '1' });
    expect(config.campaign).toEqual({ size: 3, hours: 1 });
    const workflowStore = createSubmissionStore(table.client, table.tableName, { campaign: config.campaign });
    const text = 'أوقفوا قصف المستشفيات في إدلب وافتحوا الممرات الإنسانية للمدنيين المحاصرين الآن';
    const start = Date.parse('2026-06-01T08:00:00.000Z');
    const before = (await index.campaigns()).length;
    // Three within an hour: a campaign by this rule (the default would wait for twenty in a day).
    const three: string[] = [];
    for (let i = 0; i < 3; i++)
      three.push(await submit(text, { createdAt: new Date(start + i * 60_000).toISOString() }, ['ose'], workflowStore));
    const group = (await index.groupOf(three[0]!))!;
    const listed = await index.campaigns();
    expect(listed).toHaveLength(before + 1);
    expect(listed).toContainEqual({ id: group, detectedAt: new Date(start + 2 * 60_000).toISOString(), size: 3 });
    // A bad setting is refused at start-up, not used.
    expect(() => loadConfig({ MASHURA_CAMPAIGN_SIZE: '1' })).toThrow(/MASHURA_CAMPAIGN_SIZE/);
  });
});

describe('erasure', () => {
  it('takes a purged submission out of search and its group', async () => {
    const old = new Date(Date.parse('2025-01-01T00:00:00.000Z')).toISOString();
    const family = FAMILIES[3]!;
    const keep = await submit(family.original);
    const spam = await submit(`${family.variants[0]!.text} كلمةنادرة`, {
      status: 'spam',
      statusChangedAt: old,
    });
    expect(await found('كلمةنادرة')).toEqual([spam]);
    expect((await index.groups([keep])).get(keep)?.size).toBe(2);

    const result = await createPurge({
      retention: createRetentionStore(table.client, table.tableName),
      rules: { contactDays: 90, spamDays: 30 },
      log: () => {},
    }).purge();
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    expect(await store.get(spam)).toBeUndefined();
    expect(await found('كلمةنادرة')).toEqual([]);
    expect(await index.indexedKeys(spam)).toEqual([]);
    expect((await index.groups([keep])).get(keep)).toBeUndefined();
    expect((await index.groupMembers(keep)).map((m) => m.reference)).toEqual([keep]);
  });
});

describe('rebuilding the index', () => {
  it('puts back what was lost and erases what an interrupted erasure left', async () => {
    const kept = await submit('كلمةمفقودة في رسالة باقية');
    // Lost: its index entries are gone (as if written before search existed).
    await index.erase(kept);
    expect(await found('كلمةمفقودة')).toEqual([]);
    // Left over: index entries of a submission that no longer exists.
    await index.addTexts('ZZZZZZZZZZZZ', '2026-01-01T00:00:00.000Z', ['كلمةيتيمة']);
    expect(await index.indexedKeys('ZZZZZZZZZZZZ')).not.toEqual([]);

    const result = await rebuildSearch(table.client, table.tableName);
    expect(result.orphans).toBe(1);
    expect(await found('كلمةمفقودة')).toEqual([kept]);
    expect(await index.indexedKeys('ZZZZZZZZZZZZ')).toEqual([]);
  }, 120_000);
});
