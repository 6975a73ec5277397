import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, newFormToken, receiptHash, type SubmissionRecord, validateSubmission } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createRateLimiter, createSubmissionStore } from '#store';
import { testTable } from '../support/dynamo.ts';

let table: Awaited<ReturnType<typeof testTable>>;
let store: ReturnType<typeof createSubmissionStore>;
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(7) }));

beforeAll(async () => {
  table = await testTable();
  store = createSubmissionStore(table.client, table.tableName);
});
afterAll(() => table.stop());

function input(extra: Record<string, unknown> = {}) {
  const result = validateSubmission({
    formToken: newFormToken(),
    addressee: 'donors',
    topics: ['cssr-ownership', 'detainees'],
    message: 'الملكية السورية للغرفة',
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const scanAll = async () => (await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];

describe('the submission store (DynamoDB)', () => {
  it('creates a submission once and reads it back by reference', async () => {
    const intake = createIntake({ repository: store, sealer: vault, receiptSecret: 'secret' });
    const result = await intake.submit(input(), 'ar');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const stored = await store.get(result.reference);
    expect(stored).toMatchObject({
      reference: result.reference,
      addressee: 'donors',
      topics: ['cssr-ownership', 'detainees'],
      urgent: true,
      status: 'new',
      language: 'ar',
      version: 1,
      hasEmail: false,
    });
    expect(stored?.receiptHash).toBe(receiptHash(result.receipt));
  });

  it('treats a repeated post of the same form as the same submission and writes nothing new', async () => {
    const intake = createIntake({ repository: store, sealer: vault, receiptSecret: 'secret' });
    const form = input();
    const before = (await scanAll()).length;
    const first = await intake.submit(form, 'en');
    const again = await Promise.all([intake.submit(form, 'en'), intake.submit(form, 'en')]);
    expect((await scanAll()).length).toBe(before + 1);
    for (const repeat of again) {
      expect(repeat).toMatchObject({ ok: true, duplicate: true });
      if (repeat.ok && first.ok) {
        expect(repeat.reference).toBe(first.reference);
        expect(repeat.receipt).toBe(first.receipt);
      }
    }
  });

  it('tells a collision (same reference, another form) from a retry and keeps the first', async () => {
    const record = (tokenHash: string): SubmissionRecord => ({
      reference: 'ZZZZ0000ZZZZ',
      tokenHash,
      receiptHash: 'ab',
      language: 'en',
      addressee: 'ose',
      topics: ['other'],
      urgent: false,
      message: 'first',
      hasEmail: false,
      status: 'new',
      createdAt: new Date().toISOString(),
      version: 1,
    });
    expect(await store.create(record('a'.repeat(64)))).toBe('created');
    expect(await store.create(record('a'.repeat(64)))).toBe('duplicate');
    expect(await store.create({ ...record('b'.repeat(64)), message: 'second' })).toBe('collision');
    expect((await store.get('ZZZZ0000ZZZZ'))?.message).toBe('first');
  });

  it('never stores the email or organisation in plain text, and the vault opens them for this submission only', async () => {
    const intake = createIntake({ repository: store, sealer: vault, receiptSecret: 'secret' });
    const result = await intake.submit(input({ email: 'hidden.person@example.org', organisation: 'منظمة سرية' }), 'ar');
    if (!result.ok) throw new Error('not stored');
    const raw = JSON.stringify(await scanAll());
    expect(raw).not.toContain('hidden.person');
    expect(raw).not.toContain('منظمة سرية');
    const stored = await store.get(result.reference);
    expect(stored?.hasEmail).toBe(true);
    expect(await vault.open(stored!.contactCiphertext!, result.reference)).toEqual({
      email: 'hidden.person@example.org',
      organisation: 'منظمة سرية',
    });
    await expect(vault.open(stored!.contactCiphertext!, 'ANOTHERREF00')).rejects.toThrow();
  });

  it('answers undefined for a reference that does not exist', async () => {
    expect(await store.get('0000AAAA0000')).toBeUndefined();
  });
});

describe('workflow markers on a submission', () => {
  async function stored() {
    const intake = createIntake({ repository: store, sealer: vault, receiptSecret: 'secret' });
    const result = await intake.submit(input(), 'en');
    if (!result.ok) throw new Error('not stored');
    return result.reference;
  }

  it('lets one execution claim an email, and says "sent" once it is sent', async () => {
    const reference = await stored();
    expect(await store.claimDelivery(reference, 'inbox-ose', 'exec-1', 60_000)).toBe('claimed');
    expect(await store.claimDelivery(reference, 'inbox-ose', 'exec-2', 60_000)).toBe('busy');
    expect(await store.claimDelivery(reference, 'inbox-ose', 'exec-1', 60_000)).toBe('claimed');
    await store.completeDelivery(reference, 'inbox-ose', 'exec-1', 'msg-1');
    expect(await store.claimDelivery(reference, 'inbox-ose', 'exec-1', 60_000)).toBe('sent');
    expect(await store.claimDelivery(reference, 'inbox-ose', 'exec-3', 0)).toBe('sent');
    expect((await store.get(reference))?.deliveries?.['inbox-ose']).toMatchObject({
      state: 'sent',
      messageId: 'msg-1',
    });
  });

  it('lets another execution take over a claim whose lease has run out', async () => {
    const reference = await stored();
    expect(await store.claimDelivery(reference, 'inbox-donors', 'dead-exec', 60_000)).toBe('claimed');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.claimDelivery(reference, 'inbox-donors', 'redrive', 1)).toBe('claimed');
  });

  it('lists unrouted submissions for redrive until they are marked routed', async () => {
    const reference = await stored();
    const future = new Date(Date.now() + 60_000).toISOString();
    const listed = async () => (await store.listUnrouted(future, 1000)).map((r) => r.reference);
    expect(await listed()).toContain(reference);
    await store.recordDeliveryFailure(reference, 'inbox-ose', 'MailUnavailable');
    expect((await store.get(reference))?.deliveryFailures?.['inbox-ose']?.error).toBe('MailUnavailable');
    await store.markRouted(reference, ['ose']);
    expect(await listed()).not.toContain(reference);
    expect(await store.get(reference)).toMatchObject({ routing: 'routed', routedTo: ['ose'] });
    await store.markRouted(reference, ['donors']);
    expect((await store.get(reference))?.routedTo).toEqual(['ose']);
  });

  it('lists new submissions older than a cutoff for escalation, oldest first', async () => {
    const reference = await stored();
    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    const waiting = await store.listUntriaged(future, 1000);
    expect(waiting.map((r) => r.reference)).toContain(reference);
    const times = waiting.map((r) => r.createdAt);
    expect([...times].sort()).toEqual(times);
    expect((await store.listUntriaged(past, 1000)).map((r) => r.reference)).not.toContain(reference);
  });
});

describe('rate limits', () => {
  it('allows up to the limit in a window, refuses after, and starts again in the next window', async () => {
    let now = 1_000_000_000_000;
    const limiter = createRateLimiter(table.client, table.tableName, () => now);
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await limiter.hit('test', 'client-a', 3, 60)).allowed);
    expect(results).toEqual([true, true, true, false]);
    expect((await limiter.hit('test', 'client-b', 3, 60)).allowed).toBe(true);
    const refused = await limiter.hit('test', 'client-a', 3, 60);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    now += 60_000;
    expect((await limiter.hit('test', 'client-a', 3, 60)).allowed).toBe(true);
  });

  it('counts several limits on one item: each up to its own, and a refused hit counts in none', async () => {
    let now = 1_000_000_000_000;
    const limiter = createRateLimiter(table.client, table.tableName, () => now);
    const both = [
      { name: 'all', limit: 4 },
      { name: 'nopow', limit: 2 },
    ];
    const all = [{ name: 'all', limit: 4 }];
    const allowed = async (limits: typeof both) => (await limiter.hitAll('submit', 'client-c', limits, 60)).allowed;
    // The first hit meets an item without counts; the lower limit stops the third.
    expect([await allowed(both), await allowed(both), await allowed(both), await allowed(both)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    // The refused hits were not counted: the higher limit still has two left.
    expect([await allowed(all), await allowed(all), await allowed(all)]).toEqual([true, true, false]);
    const refused = await limiter.hitAll('submit', 'client-c', all, 60);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await limiter.hitAll('submit', 'client-d', both, 60)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    now += 60_000;
    expect(await allowed(both)).toBe(true);
    await expect(limiter.hitAll('submit', 'client-c', [{ name: 'all) OR (x', limit: 1 }], 60)).rejects.toThrow(
      TypeError,
    );
  });
});
