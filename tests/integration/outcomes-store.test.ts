import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutcomeContent, periodBounds, receiptHash, type SubmissionRecord } from '#core';
import { createOutcomeStore, createSubmissionStore, type OutcomeStore } from '#store';
import { testTable } from '../support/dynamo.ts';

let table: Awaited<ReturnType<typeof testTable>>;
let outcomes: OutcomeStore;
let clock = new Date('2026-10-05T10:00:00.000Z');

beforeAll(async () => {
  table = await testTable();
  outcomes = createOutcomeStore(table.client, table.tableName, () => clock);
});
afterAll(() => table.stop());

const content = (extra: Partial<OutcomeContent> = {}): OutcomeContent => ({
  topic: 'detainees',
  periodStart: '2026-07',
  periodEnd: '2026-09',
  actor: 'ose',
  said: { ar: 'طالب الناس بالكشف عن مصير المعتقلات والمعتقلين.', en: 'People asked about the detainees.' },
  did: { ar: 'أثار المبعوث الخاص المسألة.', en: 'The Special Envoy raised it.' },
  ...extra,
});

const tick = () => {
  clock = new Date(clock.getTime() + 60_000);
};

describe('outcome notes in the store', () => {
  it('draft → publish → edit → publish keeps every version, and the public list shows the latest published', async () => {
    const note = await outcomes.create(content(), 'admin@ose.example');
    expect(note.draft?.version).toBe(1);
    expect(await outcomes.listPublished()).not.toContainEqual(expect.objectContaining({ id: note.id }));

    tick();
    const published = await outcomes.publish(note.id, 1, 'admin@ose.example', 12);
    expect(published.ok).toBe(true);
    const first = (await outcomes.listPublished()).find((n) => n.id === note.id);
    expect(first?.published).toMatchObject({ version: 1, count: 12, publishedBy: 'admin@ose.example' });

    tick();
    const edited = await outcomes.saveVersion(
      note.id,
      content({ did: { ar: 'نسخة ٢', en: 'Version 2' } }),
      'a2@ose.example',
      1,
    );
    expect(edited.ok).toBe(true);
    // The public still sees version 1 until version 2 is published.
    expect((await outcomes.get(note.id))?.published?.did.en).toBe('The Special Envoy raised it.');
    expect((await outcomes.listPublished()).find((n) => n.id === note.id)?.published.version).toBe(1);

    tick();
    expect((await outcomes.publish(note.id, 2, 'a2@ose.example', 13)).ok).toBe(true);
    const after = await outcomes.get(note.id);
    expect(after?.published).toMatchObject({ version: 2, count: 13, did: { en: 'Version 2' } });
    expect(after?.published?.firstPublishedAt).toBe(first?.published.publishedAt);
    expect(after?.draft).toBeUndefined();

    const history = await outcomes.versions(note.id);
    expect(history.map((v) => [v.version, v.savedBy, v.publishedBy, v.count])).toEqual([
      [1, 'admin@ose.example', 'admin@ose.example', 12],
      [2, 'a2@ose.example', 'a2@ose.example', 13],
    ]);
    expect((await outcomes.version(note.id, 1))?.did.en).toBe('The Special Envoy raised it.');
  });

  it('refuses a save based on an old version, and a publish of a version that is not the latest draft', async () => {
    const note = await outcomes.create(content(), 'admin@ose.example');
    expect((await outcomes.saveVersion(note.id, content(), 'a@ose.example', 1)).ok).toBe(true);
    expect(await outcomes.saveVersion(note.id, content(), 'b@ose.example', 1)).toEqual({
      ok: false,
      reason: 'conflict',
    });
    expect(await outcomes.publish(note.id, 1, 'a@ose.example', 0)).toEqual({ ok: false, reason: 'stale' });
    expect(await outcomes.publish('no-such-note', 1, 'a@ose.example', 0)).toEqual({ ok: false, reason: 'not-found' });
    expect((await outcomes.versions(note.id)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('lists published notes newest period first, with drafts only in the admin list', async () => {
    const older = await outcomes.create(content({ periodStart: '2026-01', periodEnd: '2026-03' }), 'a@ose.example');
    const newer = await outcomes.create(content({ periodStart: '2026-10', periodEnd: '2026-12' }), 'a@ose.example');
    const draft = await outcomes.create(content(), 'a@ose.example');
    await outcomes.publish(older.id, 1, 'a@ose.example', 5);
    await outcomes.publish(newer.id, 1, 'a@ose.example', 5);
    const ids = (await outcomes.listPublished()).map((n) => n.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(ids).not.toContain(draft.id);
    expect((await outcomes.listAll()).map((n) => n.id)).toEqual(expect.arrayContaining([older.id, newer.id, draft.id]));
  });
});

describe('counting input per topic and period', () => {
  it('counts submissions on the topic created in the period, in every status but spam', async () => {
    const submissions = createSubmissionStore(table.client, table.tableName);
    let n = 0;
    const put = (createdAt: string, topics: string[], status: SubmissionRecord['status'] = 'new') =>
      submissions.create({
        reference: `CNT${String(n++).padStart(9, '0')}`,
        tokenHash: `t${n}`,
        receiptHash: receiptHash('X'),
        language: 'ar',
        addressee: 'ose',
        topics,
        urgent: false,
        message: 'm',
        hasEmail: false,
        status,
        createdAt,
        version: 1,
      });
    await put('2026-04-30T23:59:59.999Z', ['sanctions']); // before
    await put('2026-05-01T00:00:00.000Z', ['sanctions']);
    await put('2026-05-15T12:00:00.000Z', ['sanctions', 'education'], 'answered');
    await put('2026-06-30T23:59:59.999Z', ['sanctions'], 'closed');
    await put('2026-06-10T00:00:00.000Z', ['sanctions'], 'spam');
    await put('2026-06-10T00:00:00.000Z', ['education']);
    await put('2026-07-01T00:00:00.000Z', ['sanctions']); // after
    const { from, until } = periodBounds('2026-05', '2026-06');
    expect(await outcomes.countTopic('sanctions', from, until)).toBe(3);
    expect(await outcomes.countTopic('education', from, until)).toBe(2);
    expect(await outcomes.countTopic('detainees', from, until)).toBe(0);
  });
});
