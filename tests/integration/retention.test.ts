import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFormToken, referenceFromToken, type SubmissionRecord, type SubmissionStatus, tokenHash } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createDocumentClient, createRetentionStore, createSubmissionStore } from '#store';
import { createPurge } from '../../functions/sweeps/retention.ts';
import { testTable } from '../support/dynamo.ts';

/**
 * Retention against a real DynamoDB API (dynalite here; DynamoDB Local in
 * tests/integration/dynamodb-local.test.ts): the purge sweep erases contact details of
 * submissions closed past the retention period and records it, deletes old spam, and
 * touches nothing else, using only index Queries and conditional single-item writes.
 */
const DAY = 24 * 60 * 60 * 1000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(4) }));
const rules = { contactDays: 90, spamDays: 30 };

let table: Awaited<ReturnType<typeof testTable>>;
let store: ReturnType<typeof createSubmissionStore>;
/** A client of its own, recording every command the retention store sends. */
let retentionClient: ReturnType<typeof createDocumentClient>;
const commands: string[] = [];

beforeAll(async () => {
  table = await testTable();
  store = createSubmissionStore(table.client, table.tableName);
  retentionClient = createDocumentClient({ region: 'eu-central-1', endpoint: table.endpoint });
  retentionClient.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});
afterAll(async () => {
  retentionClient.destroy();
  await table.stop();
});

const retention = () => createRetentionStore(retentionClient, table.tableName);
const purge = (extra: Partial<Parameters<typeof createPurge>[0]> = {}) =>
  createPurge({ retention: retention(), rules, log: () => {}, now: () => now, ...extra }).purge();

async function stored(status: SubmissionStatus, since: string, email = 'someone@example.org') {
  const formToken = newFormToken();
  const reference = referenceFromToken(formToken);
  const record: SubmissionRecord = {
    reference,
    tokenHash: tokenHash(formToken),
    receiptHash: randomBytes(32).toString('hex'),
    language: 'ar',
    addressee: 'ose',
    topics: ['other'],
    urgent: false,
    message: 'نص المشاركة',
    hasEmail: true,
    contactCiphertext: await vault.seal({ email, organisation: 'منظمة' }, reference),
    status,
    statusChangedAt: since,
    createdAt: ago(400),
    version: 4,
    audit: [{ at: since, by: 'triage@ose.example', action: 'status', detail: { to: status } }],
  };
  expect(await store.create(record)).toBe('created');
  return reference;
}

describe('the purge sweep (retention)', () => {
  it('erases contact details of submissions closed past the retention period and records that it did', async () => {
    const due = await stored('closed', ago(91));
    const notYet = await stored('closed', ago(89));
    const open = await stored('in-review', ago(300));
    const answered = await stored('answered', ago(300));

    const result = await purge();
    expect(result.erased).toBeGreaterThanOrEqual(1);

    const erased = await store.get(due);
    expect(erased?.contactCiphertext).toBeUndefined();
    expect(erased?.hasEmail).toBe(false);
    expect(erased?.message).toBe('نص المشاركة');
    expect(erased?.version).toBe(5);
    expect(erased?.audit?.at(-1)).toMatchObject({ by: 'system', action: 'contact-erased', at: now.toISOString() });
    expect(JSON.stringify(erased)).not.toContain('someone@example.org');

    for (const kept of [notYet, open, answered]) {
      const record = await store.get(kept);
      expect(record?.contactCiphertext, kept).toBeDefined();
      expect(record?.hasEmail, kept).toBe(true);
      expect(await vault.open(record!.contactCiphertext!, kept)).toEqual({
        email: 'someone@example.org',
        organisation: 'منظمة',
      });
    }
  });

  it('erases once: a second run changes nothing and adds no second audit event', async () => {
    const due = await stored('closed', ago(120));
    await purge();
    const first = await store.get(due);
    const again = await purge();
    expect(again.erased).toBe(0);
    expect(await store.get(due)).toEqual(first);
    expect(first?.audit?.filter((event) => event.action === 'contact-erased')).toHaveLength(1);
  });

  it('deletes spam past its shorter period and keeps newer spam', async () => {
    const oldSpam = await stored('spam', ago(31));
    const newSpam = await stored('spam', ago(29));
    const result = await purge();
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    expect(await store.get(oldSpam)).toBeUndefined();
    expect(await store.get(newSpam)).toBeDefined();
  });

  it('follows the configured periods', async () => {
    const closed = await stored('closed', ago(10));
    const spam = await stored('spam', ago(3));
    await purge({ rules: { contactDays: 7, spamDays: 2 } });
    expect((await store.get(closed))?.contactCiphertext).toBeUndefined();
    expect(await store.get(spam)).toBeUndefined();
  });

  it('leaves a submission alone when it changed between the sweep reading it and writing', async () => {
    const reference = await stored('closed', ago(200));
    const record = (await store.get(reference))!;
    const stale = { ...record, version: record.version - 1 };
    const event = { at: now.toISOString(), by: 'system', action: 'contact-erased' as const };
    expect(await retention().eraseContact(stale, event)).toBe(false);
    expect((await store.get(reference))?.contactCiphertext).toBeDefined();
    expect(await retention().deleteSpam({ ...record, status: 'spam' })).toBe(false);
    expect(await store.get(reference)).toBeDefined();
  });

  it('pages through every due submission with index Queries and single-item writes only (never a Scan)', async () => {
    const due = await Promise.all(Array.from({ length: 7 }, () => stored('closed', ago(100))));
    commands.length = 0;
    await purge({ pageSize: 2 });
    for (const reference of due) expect((await store.get(reference))?.contactCiphertext).toBeUndefined();
    expect([...new Set(commands)].sort()).toEqual(['QueryCommand', 'UpdateItemCommand']);
    expect(commands.filter((name) => name === 'QueryCommand').length).toBeGreaterThan(3);
  });
});
