/**
 * The staff side's storage against dynalite: sign-in links and sessions, accounts,
 * one-UpdateItem triage decisions with optimistic versions, running totals, and the
 * queue's index-cursor pagination (no gaps, no repeats, only what a role may see).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToTally,
  applyChange,
  emptyTally,
  planDecision,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
  type SubmissionStatus,
} from '#core';
import {
  createQueueStore,
  createSessionStore,
  createSignInTokenStore,
  createStaffStore,
  createStatusCounts,
  createSubmissionStore,
  createTriageStore,
  type QueueRequest,
} from '#store';
import { testTable } from '../support/dynamo.ts';
import { seedMany, seedSubmission } from '../support/staff.ts';

let table: Awaited<ReturnType<typeof testTable>>;
beforeAll(async () => {
  table = await testTable();
});
afterAll(() => table.stop());

const triager = { email: 'triage@ose.example', role: 'triager' } as const;
const refs = (records: Pick<SubmissionRecord, 'reference'>[]) => records.map((r) => r.reference);

describe('sign-in links', () => {
  it('work once, and never after they expire', async () => {
    let now = 1_700_000_000_000;
    const links = createSignInTokenStore(table.client, table.tableName, () => now);
    await links.issue('hash-once', 'a@ose.example', now / 1000 + 900);
    expect(await links.peek('hash-once')).toBe('a@ose.example');
    const [first, second] = await Promise.all([links.consume('hash-once'), links.consume('hash-once')]);
    expect([first, second].filter(Boolean)).toEqual(['a@ose.example']);
    expect(await links.peek('hash-once')).toBeUndefined();

    await links.issue('hash-late', 'a@ose.example', now / 1000 + 900);
    now += 901_000;
    expect(await links.peek('hash-late')).toBeUndefined();
    expect(await links.consume('hash-late')).toBeUndefined();
    expect(await links.consume('never-issued')).toBeUndefined();
  });
});

describe('sessions', () => {
  it('end at their expiry or when revoked', async () => {
    let now = 1_700_000_000_000;
    const sessions = createSessionStore(table.client, table.tableName, () => now);
    const session = { email: 'a@ose.example', generation: 1, createdAt: now / 1000, expiresAt: now / 1000 + 60 };
    await sessions.create('s1', session);
    await sessions.create('s2', session);
    expect(await sessions.get('s1')).toEqual(session);
    await sessions.revoke('s1');
    expect(await sessions.get('s1')).toBeUndefined();
    now += 61_000;
    expect(await sessions.get('s2')).toBeUndefined();
  });
});

describe('staff accounts', () => {
  it('add, list, change role, sign out everywhere and remove, without reviving old sessions', async () => {
    const staff = createStaffStore(table.client, table.tableName);
    expect(await staff.add('x@ose.example', 'triager', 'admin@ose.example')).toBe('added');
    expect(await staff.add('x@ose.example', 'admin', 'admin@ose.example')).toBe('exists');
    expect(await staff.get('x@ose.example')).toMatchObject({ role: 'triager', generation: 1 });
    expect(await staff.setRole('x@ose.example', 'liaison')).toBe(true);
    expect(await staff.bumpGeneration('x@ose.example')).toBe(true);
    expect(await staff.get('x@ose.example')).toMatchObject({ role: 'liaison', generation: 2 });
    expect((await staff.list()).map((m) => m.email)).toContain('x@ose.example');

    expect(await staff.remove('x@ose.example')).toBe(true);
    expect(await staff.get('x@ose.example')).toBeUndefined();
    expect((await staff.list()).map((m) => m.email)).not.toContain('x@ose.example');
    expect(await staff.setRole('x@ose.example', 'admin')).toBe(false);
    // Seeding never brings back a removed account; an admin adding it again does, newer than any old session.
    expect(await staff.seed('x@ose.example', 'triager')).toBe(false);
    expect(await staff.add('x@ose.example', 'triager', 'admin@ose.example')).toBe('added');
    expect((await staff.get('x@ose.example'))?.generation).toBeGreaterThan(2);
  });
});

/** A table of its own, for tests that count or list everything in it. */
async function withFreshTable(
  test: (stores: {
    store: ReturnType<typeof createSubmissionStore>;
    counts: ReturnType<typeof createStatusCounts>;
    triage: ReturnType<typeof createTriageStore>;
    queue: ReturnType<typeof createQueueStore>;
  }) => Promise<void>,
) {
  const fresh = await testTable();
  try {
    const store = createSubmissionStore(fresh.client, fresh.tableName);
    const counts = createStatusCounts(fresh.client, fresh.tableName);
    const triage = createTriageStore(fresh.client, fresh.tableName, counts, store.get);
    await test({ store, counts, triage, queue: createQueueStore(fresh.client, fresh.tableName, counts) });
  } finally {
    await fresh.stop();
  }
}

describe('triage decisions', () => {
  const setup = () => {
    const store = createSubmissionStore(table.client, table.tableName);
    const counts = createStatusCounts(table.client, table.tableName);
    return { store, counts, triage: createTriageStore(table.client, table.tableName, counts, store.get) };
  };

  it('apply as one conditional update: version bumped, audit appended, status index moved', async () => {
    const { store, triage } = setup();
    const record = await seedSubmission(store, {}, { routeTo: ['ose'] });
    const plan = planDecision(triager, record, { action: 'status', to: 'in-review' }, new Date().toISOString());
    if (!plan.ok) throw new Error(plan.reason);
    const result = await triage.applyTriageChange(record.reference, plan.change);
    expect(result).toMatchObject({ ok: true, before: { version: 1, status: 'new' } });
    const stored = await store.get(record.reference);
    expect(stored).toMatchObject({ status: 'in-review', version: 2 });
    expect(stored?.audit?.map((e) => e.action)).toEqual(['routed', 'status']);
    expect(stored).toEqual(applyChange(record, plan.change));
    const queue = createQueueStore(table.client, table.tableName, createStatusCounts(table.client, table.tableName));
    const inReview = await queue.listQueue({ scope: 'all', statuses: ['in-review'], order: 'newest', pageSize: 500 });
    expect(inReview.items.map((r) => r.reference)).toContain(record.reference);
  });

  it('move an urgent submission on the urgent indexes with its status and route, in the same write', async () => {
    await withFreshTable(async ({ store, triage, queue }) => {
      const urgent = await seedSubmission(store, { urgent: true }, { routeTo: ['ose'] });
      const calm = await seedSubmission(store, {}, { routeTo: ['ose'] });
      const list = async (scope: 'all' | 'donors', statuses: readonly SubmissionStatus[]) =>
        refs(
          (await queue.listQueue({ scope, statuses, order: 'newest', pageSize: 10, filters: { urgent: true } })).items,
        );
      expect(await list('all', ['new'])).toEqual([urgent.reference]);
      expect(await list('donors', SUBMISSION_STATUSES)).toEqual([]);

      const reroute = planDecision(triager, urgent, { action: 'reroute', to: 'both' }, new Date().toISOString());
      if (!reroute.ok) throw new Error(reroute.reason);
      expect((await triage.applyTriageChange(urgent.reference, reroute.change)).ok).toBe(true);
      expect(await list('donors', SUBMISSION_STATUSES)).toEqual([urgent.reference]);

      const rerouted = (await store.get(urgent.reference))!;
      const review = planDecision(triager, rerouted, { action: 'status', to: 'in-review' }, new Date().toISOString());
      if (!review.ok) throw new Error(review.reason);
      expect((await triage.applyTriageChange(urgent.reference, review.change)).ok).toBe(true);
      expect(await list('all', ['new'])).toEqual([]);
      expect(await list('all', ['in-review'])).toEqual([urgent.reference]);

      // A change planned with the wrong urgency is refused, so the indexes never disagree.
      const wrong = planDecision(triager, calm, { action: 'status', to: 'in-review' }, new Date().toISOString());
      if (!wrong.ok) throw new Error(wrong.reason);
      const before = await store.get(calm.reference);
      expect(await triage.applyTriageChange(calm.reference, { ...wrong.change, urgent: true })).toEqual({
        ok: false,
        reason: 'conflict',
      });
      expect(await store.get(calm.reference)).toEqual(before);
      expect(await list('all', ['in-review'])).toEqual([urgent.reference]);
    });
  });

  it('refuse a stale version and change nothing at all', async () => {
    const { store, triage } = setup();
    const record = await seedSubmission(store, {}, { routeTo: ['ose'] });
    const first = planDecision(triager, record, { action: 'note', text: 'first' }, new Date().toISOString());
    const second = planDecision(triager, record, { action: 'status', to: 'spam' }, new Date().toISOString());
    if (!first.ok || !second.ok) throw new Error('plans');
    expect((await triage.applyTriageChange(record.reference, first.change)).ok).toBe(true);
    const before = await store.get(record.reference);
    expect(await triage.applyTriageChange(record.reference, second.change)).toEqual({ ok: false, reason: 'conflict' });
    expect(await store.get(record.reference)).toEqual(before);
    expect(await triage.applyTriageChange('ZZZZZZZZZZZZ', second.change)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('keep running totals per status for everyone and for the donors, and rebuild them exactly', async () => {
    await withFreshTable(async ({ store, counts, triage, queue }) => {
      const ose = await seedSubmission(store, { urgent: true }, { routeTo: ['ose'] });
      await seedSubmission(store, {}, { routeTo: ['donors', 'ose'] });
      await seedSubmission(store, {}); // not routed yet: not counted
      expect(await counts.read('all')).toMatchObject({ new: 2, urgentNew: 1 });
      expect(await counts.read('donors')).toMatchObject({ new: 1, urgentNew: 0 });

      // Reroute to the donors, then into review: both totals follow.
      const reroute = planDecision(triager, ose, { action: 'reroute', to: 'both' }, new Date().toISOString());
      if (!reroute.ok) throw new Error(reroute.reason);
      await triage.applyTriageChange(ose.reference, reroute.change);
      const rerouted = (await store.get(ose.reference))!;
      const review = planDecision(triager, rerouted, { action: 'status', to: 'in-review' }, new Date().toISOString());
      if (!review.ok) throw new Error(review.reason);
      await triage.applyTriageChange(ose.reference, review.change);
      const expected = {
        all: { new: 1, 'in-review': 1, urgentNew: 0 },
        donors: { new: 1, 'in-review': 1, urgentNew: 0 },
      };
      expect(await counts.read('all')).toMatchObject(expected.all);
      expect(await counts.read('donors')).toMatchObject(expected.donors);

      // Drift (a lost ADD) is repaired by a recount from the indexes.
      await counts.replace('all', { ...(await counts.read('all')), new: 40 });
      const rebuilt = await queue.recount();
      expect(rebuilt.all).toMatchObject(expected.all);
      expect(await counts.read('all')).toMatchObject(expected.all);
      expect(await counts.read('donors')).toMatchObject(expected.donors);
    });
  });

  it('keep the statistics as running totals that match counting every submission, and rebuild them', async () => {
    await withFreshTable(async ({ store, counts, triage, queue }) => {
      // The old way, as the oracle: read every routed submission that is not spam and tally it.
      const counted = async (scope: 'all' | 'donors') => {
        const tally = emptyTally();
        let total = 0;
        const statuses = SUBMISSION_STATUSES.filter((s) => s !== 'spam');
        for await (const row of queue.eachInQueue({ scope, statuses, order: 'oldest', fields: 'count' })) {
          if (row.routing !== 'routed') continue;
          addToTally(tally, row);
          total += 1;
        }
        for (const [month, n] of tally.month) if (n === 0) tally.month.delete(month);
        return { total, tally };
      };
      const records: SubmissionRecord[] = [];
      for (let i = 0; i < 14; i++) {
        const createdAt = new Date(Date.UTC(2025, i % 3, 1 + i)).toISOString();
        const fields = {
          createdAt,
          topics: i % 2 ? ['detainees', 'education'] : ['education', 'education'],
          region: i % 4 === 0 ? undefined : 'idlib',
          gender: i % 3 === 0 ? ('woman' as const) : undefined,
          language: i % 5 === 0 ? ('en' as const) : ('ar' as const),
        };
        const routeTo = i % 7 === 6 ? undefined : i % 3 === 0 ? (['donors'] as const) : (['ose'] as const);
        records.push(await seedSubmission(store, fields, routeTo ? { routeTo: [...routeTo] } : {}));
      }
      expect(await queue.statistics('all')).toEqual(await counted('all'));
      expect(await queue.statistics('donors')).toEqual(await counted('donors'));
      expect((await queue.statistics('all')).total).toBe(12);

      // Spam leaves the statistics; a reroute to the donors enters theirs; other moves change nothing.
      const decide = async (record: SubmissionRecord, decision: Parameters<typeof planDecision>[2]) => {
        const current = (await store.get(record.reference))!;
        const plan = planDecision(triager, current, decision, new Date().toISOString());
        if (!plan.ok) throw new Error(plan.reason);
        expect((await triage.applyTriageChange(record.reference, plan.change)).ok).toBe(true);
      };
      await decide(records[1]!, { action: 'status', to: 'spam' });
      await decide(records[2]!, { action: 'reroute', to: 'both' });
      await decide(records[4]!, { action: 'status', to: 'in-review' });
      expect(await queue.statistics('all')).toEqual(await counted('all'));
      expect(await queue.statistics('donors')).toEqual(await counted('donors'));
      expect((await queue.statistics('all')).total).toBe(11);

      // Drift (statistics lost altogether) is repaired by a recount.
      await counts.replace('all', { ...(await counts.read('all')) });
      expect((await queue.statistics('all')).total).toBe(0);
      await queue.recount();
      expect(await queue.statistics('all')).toEqual(await counted('all'));
      expect(await queue.statistics('donors')).toEqual(await counted('donors'));
    });
  });

  it('route a submission once: a second markRouted neither moves it nor counts it again', async () => {
    await withFreshTable(async ({ store, counts }) => {
      const record = await seedSubmission(store, {});
      await Promise.all([store.markRouted(record.reference, ['ose']), store.markRouted(record.reference, ['ose'])]);
      await store.markRouted(record.reference, ['donors']);
      expect((await counts.read('all')).new).toBe(1);
      const stored = await store.get(record.reference);
      expect(stored?.routedTo).toEqual(['ose']);
      expect(stored?.audit?.filter((e) => e.action === 'routed')).toHaveLength(1);
    });
  });
});

describe('the queue', () => {
  let fresh: Awaited<ReturnType<typeof testTable>>;
  let queue: ReturnType<typeof createQueueStore>;
  let seeded: SubmissionRecord[];
  const start = new Date('2025-01-01T00:00:00.000Z');

  beforeAll(async () => {
    fresh = await testTable();
    const store = createSubmissionStore(fresh.client, fresh.tableName);
    queue = createQueueStore(fresh.client, fresh.tableName, createStatusCounts(fresh.client, fresh.tableName));
    // 55 new submissions: every third routed to the donors too, every fifth urgent, every seventh in English.
    seeded = await seedMany(
      store,
      55,
      start,
      (i) => ({ urgent: i % 5 === 0, language: i % 7 === 0 ? 'en' : 'ar', addressee: i % 3 === 0 ? 'both' : 'ose' }),
      {},
    );
    for (const [i, record] of seeded.entries())
      await store.markRouted(record.reference, i % 3 === 0 ? ['ose', 'donors'] : ['ose']);
    // Five more in other statuses, written directly in those states.
    for (const [i, status] of (['in-review', 'answered', 'closed', 'spam', 'forwarded'] as const).entries()) {
      const createdAt = new Date(start.getTime() + (100 + i) * 1000).toISOString();
      seeded.push(await seedSubmission(store, { createdAt, status }, { routeTo: ['ose'] }));
    }
  });
  afterAll(() => fresh.stop());

  async function walk(request: Omit<QueueRequest, 'after'>) {
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = await queue.listQueue({ ...request, after });
      pages.push(page.items.map((r) => r.reference));
      after = page.next;
      if (pages.length > 50) throw new Error('does not end');
    } while (after);
    return pages;
  }
  const newOnes = () => seeded.filter((r) => r.status === 'new');

  it('pages through 55 new submissions by 20, newest first, with no gap and no repeat', async () => {
    const pages = await walk({ scope: 'all', statuses: ['new'], order: 'newest', pageSize: 20 });
    expect(pages.map((p) => p.length)).toEqual([20, 20, 15]);
    expect(pages.flat()).toEqual(refs(newOnes()).reverse());
  });

  it('pages oldest first just as well, and a page that ends exactly has no empty next page', async () => {
    const pages = await walk({ scope: 'all', statuses: ['new'], order: 'oldest', pageSize: 11 });
    expect(pages.map((p) => p.length)).toEqual([11, 11, 11, 11, 11]);
    expect(pages.flat()).toEqual(refs(newOnes()));
  });

  it('merges every status partition in time order for "all statuses"', async () => {
    const pages = await walk({ scope: 'all', statuses: SUBMISSION_STATUSES, order: 'newest', pageSize: 20 });
    expect(pages.flat()).toEqual(refs(seeded).reverse());
  });

  it('filters without losing rows across pages, even when the read budget cuts a page short', async () => {
    const urgent = await walk({
      scope: 'all',
      statuses: ['new'],
      order: 'newest',
      pageSize: 3,
      filters: { urgent: true },
    });
    expect(urgent.flat()).toEqual(refs(newOnes().filter((r) => r.urgent)).reverse());
    const budgeted = await walk({
      scope: 'all',
      statuses: ['new'],
      order: 'oldest',
      pageSize: 4,
      readBudget: 5,
      filters: { language: 'en' },
    });
    // 8 matches by 4 would be 2 pages; reading 5 rows per request makes short pages that still add up.
    expect(budgeted.length).toBeGreaterThan(2);
    expect(budgeted.some((page) => page.length < 4)).toBe(true);
    expect(budgeted.flat()).toEqual(refs(newOnes().filter((r) => r.language === 'en')));
  });

  it('gives the donors scope only what was routed to the donors', async () => {
    const pages = await walk({ scope: 'donors', statuses: SUBMISSION_STATUSES, order: 'newest', pageSize: 7 });
    const expected = seeded.filter((_, i) => i < 55 && i % 3 === 0);
    expect(pages.flat()).toEqual(refs(expected).reverse());
    const onlyNew = await walk({ scope: 'donors', statuses: ['in-review'], order: 'newest', pageSize: 7 });
    expect(onlyNew.flat()).toEqual([]);
  });

  describe('urgent first', () => {
    const urgentThenRest = (records: SubmissionRecord[], order: 'newest' | 'oldest') => {
      const inOrder = order === 'newest' ? [...records].reverse() : records;
      return [...refs(inOrder.filter((r) => r.urgent)), ...refs(inOrder.filter((r) => !r.urgent))];
    };

    it('lists urgent submissions before the rest, each run newest first, across pages', async () => {
      const pages = await walk({ scope: 'all', statuses: ['new'], order: 'newest', pageSize: 4, urgentFirst: true });
      expect(pages.flat()).toEqual(urgentThenRest(newOnes(), 'newest'));
      expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
      expect(pages.at(-1)?.length).toBeGreaterThan(0);
    });

    it('oldest first too; a page filled exactly by the urgent run continues with the rest', async () => {
      const urgentCount = newOnes().filter((r) => r.urgent).length; // 11
      const pages = await walk({
        scope: 'all',
        statuses: ['new'],
        order: 'oldest',
        pageSize: urgentCount,
        urgentFirst: true,
      });
      expect(pages[0]).toEqual(refs(newOnes().filter((r) => r.urgent)));
      expect(pages.flat()).toEqual(urgentThenRest(newOnes(), 'oldest'));
      expect(pages.every((page) => page.length > 0)).toBe(true);
    });

    it('merges every status, and keeps the donors scope to what was routed to the donors', async () => {
      const all = await walk({
        scope: 'all',
        statuses: SUBMISSION_STATUSES,
        order: 'newest',
        pageSize: 7,
        urgentFirst: true,
      });
      expect(all.flat()).toEqual(urgentThenRest(seeded, 'newest'));
      const donors = await walk({
        scope: 'donors',
        statuses: SUBMISSION_STATUSES,
        order: 'newest',
        pageSize: 3,
        urgentFirst: true,
      });
      const routedToDonors = seeded.filter((_, i) => i < 55 && i % 3 === 0);
      expect(donors.flat()).toEqual(urgentThenRest(routedToDonors, 'newest'));
      expect(donors[0]).toEqual(refs(routedToDonors.filter((r) => r.urgent).reverse()).slice(0, 3));
    });

    it('applies the other filters to both runs, short pages included', async () => {
      const pages = await walk({
        scope: 'all',
        statuses: ['new'],
        order: 'oldest',
        pageSize: 2,
        readBudget: 5,
        urgentFirst: true,
        filters: { language: 'en' },
      });
      expect(pages.flat()).toEqual(
        urgentThenRest(
          newOnes().filter((r) => r.language === 'en'),
          'oldest',
        ),
      );
    });

    it('reads the urgent-only filter from the urgent index alone, and "not urgent" leaves them out', async () => {
      const urgent = await walk({
        scope: 'all',
        statuses: ['new'],
        order: 'newest',
        pageSize: 5,
        urgentFirst: true,
        filters: { urgent: true },
      });
      expect(urgent.flat()).toEqual(refs(newOnes().filter((r) => r.urgent)).reverse());
      const rest = await walk({
        scope: 'all',
        statuses: ['new'],
        order: 'newest',
        pageSize: 50,
        filters: { urgent: false },
      });
      expect(rest.flat()).toEqual(refs(newOnes().filter((r) => !r.urgent)).reverse());
    });

    it('treats a position from one run as a bound in the other without failing', async () => {
      const first = await queue.listQueue({
        scope: 'all',
        statuses: ['new'],
        order: 'newest',
        pageSize: 3,
        urgentFirst: true,
      });
      expect(first.next).toMatch(/^U#/);
      const filtered = await queue.listQueue({
        scope: 'all',
        statuses: ['new'],
        order: 'newest',
        pageSize: 3,
        after: first.next,
        filters: { urgent: true },
      });
      expect(filtered.items.every((r) => r.urgent)).toBe(true);
      await expect(
        queue.listQueue({
          scope: 'all',
          statuses: ['new'],
          order: 'newest',
          pageSize: 3,
          after: 'U#nonsense',
          urgentFirst: true,
        }),
      ).rejects.toThrow(/position/);
    });
  });

  it('never reads contact ciphertext, notes or the audit trail for a queue row', async () => {
    const page = await queue.listQueue({ scope: 'all', statuses: ['new'], order: 'newest', pageSize: 5 });
    for (const row of page.items) {
      expect(Object.keys(row).sort()).not.toEqual(expect.arrayContaining(['audit']));
      expect(row).not.toHaveProperty('contactCiphertext');
      expect(row).not.toHaveProperty('message');
    }
  });

  it('refuses a position that is not one (no raw keys from outside)', async () => {
    await expect(
      queue.listQueue({ scope: 'all', statuses: ['new'], order: 'newest', pageSize: 5, after: '{"pk":"SUB#X"}' }),
    ).rejects.toThrow(/position/);
  });
});
