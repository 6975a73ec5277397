import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Consultation,
  DEFAULT_RULES,
  emptyVoteTally,
  judgePoint,
  newConsultationId,
  newParticipantId,
  newPointId,
  type Point,
  participantCodeHash,
  participantIdFromCode,
} from '#core';
import { type ConsultationStore, createConsultationStore } from '#store';
import { testTable } from '../support/dynamo.ts';

let table: Awaited<ReturnType<typeof testTable>>;
let store: ConsultationStore;

beforeAll(async () => {
  table = await testTable();
  store = createConsultationStore(table.client, table.tableName);
});
afterAll(() => table.stop());

function consultation(): Consultation {
  return {
    id: newConsultationId(),
    title: { ar: 'مشاورة', en: 'Consultation' },
    description: { ar: '', en: '' },
    themes: [{ id: 'detainees', label: { ar: 'المعتقلون', en: 'Detainees' }, addressee: 'ose' }],
    addressees: ['ose'],
    schedule: {
      opensAt: '2026-01-01T00:00:00.000Z',
      round1ClosesAt: '2099-01-01T00:00:00.000Z',
      round2ClosesAt: '2099-02-01T00:00:00.000Z',
    },
    access: 'closed',
    rules: { ...DEFAULT_RULES, minVoters: 3, groupBy: ['gender'] },
    codeBatches: [],
    createdAt: new Date().toISOString(),
    createdBy: 'admin@ose.example',
    version: 1,
  };
}

function point(consultationId: string): Point {
  return {
    id: newPointId(),
    consultationId,
    theme: 'detainees',
    round: 1,
    text: 'Release all detainees',
    status: 'approved',
    createdAt: new Date().toISOString(),
    counts: { all: emptyVoteTally(), groups: {} },
    version: 1,
  };
}

describe('consultations in the store', () => {
  it('counts one vote per participant per point, moves it when changed, and keeps group counts', async () => {
    const c = consultation();
    expect(await store.create(c)).toBe(true);
    expect(await store.create(c)).toBe(false);
    const p = point(c.id);
    await store.addPoint(p);
    const { participant: woman } = await store.join({
      consultationId: c.id,
      id: newParticipantId(),
      via: 'open',
      declaration: { gender: 'woman' },
      joinedAt: new Date().toISOString(),
    });
    const { participant: man } = await store.join({
      consultationId: c.id,
      id: newParticipantId(),
      via: 'open',
      declaration: { gender: 'man', location: 'inside' },
      joinedAt: new Date().toISOString(),
    });

    expect(await store.vote(woman, p.id, 'agree')).toBe('counted');
    expect(await store.vote(woman, p.id, 'agree')).toBe('unchanged');
    expect(await store.vote(man, p.id, 'disagree')).toBe('counted');
    expect(await store.vote(man, p.id, 'agree')).toBe('counted');

    const stored = await store.getPoint(c.id, p.id);
    expect(stored?.counts).toEqual({
      all: { agree: 2, disagree: 0, pass: 0 },
      groups: {
        'gender:woman': { agree: 1, disagree: 0, pass: 0 },
        'gender:man': { agree: 1, disagree: 0, pass: 0 },
        'location:inside': { agree: 1, disagree: 0, pass: 0 },
      },
    });
    expect((await store.votesOf(c.id, man.id)).get(p.id)).toBe('agree');
    expect(await store.totals(c.id)).toMatchObject({
      participants: 2,
      groups: { 'gender:woman': 1, 'gender:man': 1, 'location:inside': 1 },
    });
  });

  it('never double-counts votes sent at once from two tabs', async () => {
    const c = consultation();
    await store.create(c);
    const p = point(c.id);
    await store.addPoint(p);
    const { participant } = await store.join({
      consultationId: c.id,
      id: newParticipantId(),
      via: 'open',
      declaration: {},
      joinedAt: new Date().toISOString(),
    });
    await Promise.all([
      store.vote(participant, p.id, 'agree'),
      store.vote(participant, p.id, 'disagree'),
      store.vote(participant, p.id, 'pass'),
      store.vote(participant, p.id, 'agree'),
    ]);
    const counts = (await store.getPoint(c.id, p.id))?.counts.all;
    expect((counts?.agree ?? 0) + (counts?.disagree ?? 0) + (counts?.pass ?? 0)).toBe(1);
    const mine = (await store.votesOf(c.id, participant.id)).get(p.id);
    expect(counts?.[mine!]).toBe(1);
  });

  it('lets a code make one participant only, keeping the first declaration', async () => {
    const c = consultation();
    await store.create(c);
    const hash = participantCodeHash('ABCDEFGH2345');
    await store.addCodes(c.id, 'Turkey group 1', [hash], new Date().toISOString());
    expect(await store.findCode(hash)).toMatchObject({ consultationId: c.id, group: 'Turkey group 1' });
    expect((await store.get(c.id))?.codeBatches).toEqual([
      expect.objectContaining({ group: 'Turkey group 1', count: 1 }),
    ]);
    const base = {
      consultationId: c.id,
      id: participantIdFromCode(hash),
      via: 'code' as const,
      group: 'Turkey group 1',
    };
    const first = await store.join({ ...base, declaration: { gender: 'woman' }, joinedAt: 'a' });
    const second = await store.join({ ...base, declaration: { gender: 'man' }, joinedAt: 'b' });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, participant: { declaration: { gender: 'woman' } } });
    expect(await store.totals(c.id)).toMatchObject({ participants: 1, codeGroups: { 'Turkey group 1': 1 } });
  });

  it('moderates on the version it read, without touching the counters', async () => {
    const c = consultation();
    await store.create(c);
    const p = { ...point(c.id), status: 'pending' as const };
    await store.addPoint(p);
    const { participant } = await store.join({
      consultationId: c.id,
      id: newParticipantId(),
      via: 'open',
      declaration: {},
      joinedAt: 'x',
    });
    await store.vote(participant, p.id, 'agree');
    expect(await store.savePoint({ ...p, status: 'approved', text: 'Edited', originalText: p.text }, 1)).toBe(true);
    expect(await store.savePoint({ ...p, status: 'rejected', rejectReason: 'late' }, 1)).toBe(false);
    const saved = await store.getPoint(c.id, p.id);
    expect(saved).toMatchObject({
      status: 'approved',
      text: 'Edited',
      originalText: 'Release all detainees',
      version: 2,
    });
    expect(saved?.counts.all.agree).toBe(1);
    expect((await store.listPoints(c.id)).map((x) => x.id)).toEqual([p.id]);
  });

  it('publishes a statement once and claims its email once', async () => {
    const c = consultation();
    await store.create(c);
    const statement = {
      consultationId: c.id,
      addressee: 'ose' as const,
      language: 'ar' as const,
      status: 'draft' as const,
      sections: [],
      composedAt: 'now',
      composedBy: 'admin@ose.example',
      sendAttempt: 0,
      version: 1,
    };
    expect(await store.saveDraft(statement)).toBe(true);
    expect(await store.claimSend(c.id, 'ose', 'x', 1000).catch(() => 'refused')).toBe('refused');
    expect(await store.publish(c.id, 'ose', 1, 'now')).toBe(true);
    expect(await store.publish(c.id, 'ose', 1, 'now')).toBe(false);
    expect(await store.saveDraft(statement)).toBe(false);
    expect(await store.claimSend(c.id, 'ose', 'exec-1', 60_000)).toBe('claimed');
    expect(await store.claimSend(c.id, 'ose', 'exec-2', 60_000)).toBe('busy');
    await store.completeSend(c.id, 'ose', 'exec-1', 'm-1');
    expect(await store.claimSend(c.id, 'ose', 'exec-2', 60_000)).toBe('sent');
    expect(await store.getStatement(c.id, 'ose')).toMatchObject({ status: 'published', sentAt: expect.any(String) });
  });

  it('reads the results of many votes with one Query of the consultation', async () => {
    const c = consultation();
    await store.create(c);
    const p = point(c.id);
    await store.addPoint(p);
    for (let i = 0; i < 6; i++) {
      const { participant } = await store.join({
        consultationId: c.id,
        id: newParticipantId(),
        via: 'open',
        declaration: { gender: i < 3 ? 'woman' : 'man' },
        joinedAt: 'x',
      });
      await store.vote(participant, p.id, i === 0 ? 'disagree' : 'agree');
    }
    const [listed] = await store.listPoints(c.id);
    const judgement = judgePoint(listed!.counts, c.rules);
    expect(judgement).toMatchObject({ voters: 6, consensus: true });
    expect(judgement.groups.map((g) => [g.key, g.voters, g.holds])).toEqual([
      ['gender:woman', 3, true],
      ['gender:man', 3, true],
    ]);
  });
});
