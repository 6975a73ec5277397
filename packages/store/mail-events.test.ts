import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTable } from '../../tests/support/dynamo.ts';
import { createMailEventStore, MAIL_EVENT_RETENTION_DAYS, type MailEvent, mailEventKey } from './mail-events.ts';

describe('mail event store (dynalite)', () => {
  let db: Awaited<ReturnType<typeof testTable>>;
  beforeAll(async () => {
    db = await testTable();
  });
  afterAll(async () => {
    await db?.stop();
  });

  /** A fixed "now" in the middle of the events below. */
  const clock = () => Date.parse('2026-04-15T00:00:00.000Z');

  const event = (overrides: Partial<MailEvent> = {}): MailEvent => ({
    type: 'bounce',
    at: '2026-03-01T10:00:05.000Z',
    messageId: 'm-1',
    eventId: 'f-1',
    detail: 'Permanent/General',
    recipients: ['ose-inbox'],
    ...overrides,
  });

  it('records an event once; a redelivery is a duplicate', async () => {
    const store = createMailEventStore(db.client, db.tableName, clock);
    expect(await store.record(event())).toBe('recorded');
    expect(await store.record(event())).toBe('duplicate');
    expect(await store.listMonth('2026-03')).toEqual([event()]);
  });

  it('keeps it for a bounded time (TTL) and stores no address', async () => {
    const { Item } = await db.client.send(new GetCommand({ TableName: db.tableName, Key: mailEventKey(event()) }));
    expect(Item?.expiresAt).toBe(Date.parse('2026-03-01T10:00:05.000Z') / 1000 + MAIL_EVENT_RETENTION_DAYS * 86_400);
    expect(JSON.stringify(Item)).not.toMatch(/@/);
  });

  it('lists a month in time order, without other months or expired events', async () => {
    const store = createMailEventStore(db.client, db.tableName, clock);
    await store.record(event({ at: '2026-03-02T00:00:00.000Z', eventId: 'f-2', type: 'complaint', detail: 'abuse' }));
    await store.record(event({ at: '2026-04-01T00:00:00.000Z', eventId: 'f-3' }));
    // Expired long ago (TTL passed): AWS may not have deleted it yet, so reads skip it.
    await store.record(event({ at: '2020-03-01T00:00:00.000Z', eventId: 'f-old' }));
    expect((await store.listMonth('2026-03')).map((e) => e.eventId)).toEqual(['f-1', 'f-2']);
    expect((await store.listMonth('2026-04')).map((e) => e.eventId)).toEqual(['f-3']);
    expect(await store.listMonth('2020-03')).toEqual([]);
  });

  it('refuses a malformed month or time', async () => {
    const store = createMailEventStore(db.client, db.tableName, clock);
    await expect(store.listMonth('2026-3')).rejects.toThrow();
    await expect(store.record(event({ at: 'yesterday' }))).rejects.toThrow();
  });
});
