/**
 * Statements from the staff pages (issue 14): the recount before them, and their wording in
 * Arabic and English.
 *
 * A vote is two writes (the vote item, then the point's counters by ADD), and DynamoDB Local
 * has no transactions: a Lambda that dies between them leaves the vote recorded but not
 * counted. The recount rebuilds the counters from the vote items. These tests lose the
 * second write on purpose (a client that fails the counters' ADD after the vote item is
 * written), then show the recount — the staff action, and the first step of composing a
 * statement — puts the figures and the consensus right.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Consultation,
  DEFAULT_RULES,
  type Declaration,
  emptyVoteTally,
  newConsultationId,
  newParticipantId,
  newPointId,
  type Point,
  type VoteChoice,
} from '#core';
import { type ConsultationStore, createConsultationStore, createSessionStore, createStaffStore } from '#store';
import { createConsultationsStaff } from '../../web/staff/consultations/app.tsx';
import { testTable } from '../support/dynamo.ts';
import { signedInStaff } from '../support/staff-session.ts';

let table: Awaited<ReturnType<typeof testTable>>;
let store: ConsultationStore;
/** The same store on a client that loses the next counters' write, as a crash between the two writes would. */
let lossy: ConsultationStore;
let loseNextCount = false;

beforeAll(async () => {
  table = await testTable();
  store = createConsultationStore(table.client, table.tableName);
  const client = new Proxy(table.client, {
    get(target, name, receiver) {
      if (name !== 'send') return Reflect.get(target, name, receiver);
      return (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        const input = command.input as { Key?: { sk?: string }; UpdateExpression?: string };
        if (
          loseNextCount &&
          command instanceof UpdateCommand &&
          String(input.Key?.sk).startsWith('POINT#') &&
          input.UpdateExpression?.startsWith('ADD')
        ) {
          loseNextCount = false;
          return Promise.reject(Object.assign(new Error('Task timed out (injected)'), { name: 'TimeoutError' }));
        }
        return target.send(command as never);
      };
    },
  });
  lossy = createConsultationStore(client, table.tableName);
});
afterAll(() => table.stop());

function consultation(schedule: Partial<Consultation['schedule']> = {}): Consultation {
  return {
    id: newConsultationId(),
    title: { ar: 'مشاورة', en: 'Consultation' },
    description: { ar: '', en: '' },
    themes: [{ id: 'detainees', label: { ar: 'المعتقلون', en: 'Detainees' }, addressee: 'ose' }],
    addressees: ['ose'],
    schedule: {
      opensAt: '2020-01-01T00:00:00.000Z',
      round1ClosesAt: '2020-01-05T00:00:00.000Z',
      round2ClosesAt: '2020-01-08T00:00:00.000Z',
      ...schedule,
    },
    access: 'open',
    rules: { ...DEFAULT_RULES, minVoters: 3, groupBy: ['gender'] },
    codeBatches: [],
    createdAt: new Date().toISOString(),
    createdBy: 'facilitator@ose.example',
    version: 1,
  };
}

async function withPoint(c: Consultation, text = 'الإفراج عن المعتقلين') {
  await store.create(c);
  const point: Point = {
    id: newPointId(),
    consultationId: c.id,
    theme: 'detainees',
    round: 1,
    text,
    status: 'approved',
    createdAt: new Date().toISOString(),
    counts: { all: emptyVoteTally(), groups: {} },
    version: 1,
  };
  await store.addPoint(point);
  return point;
}

async function participant(c: Consultation, declaration: Declaration) {
  return (
    await store.join({
      consultationId: c.id,
      id: newParticipantId(),
      via: 'open',
      declaration,
      joinedAt: new Date().toISOString(),
    })
  ).participant;
}

/** Votes through the lossy client with the counters' write lost: the vote item is there, uncounted. */
async function voteLosingTheCount(
  person: Awaited<ReturnType<typeof participant>>,
  pointId: string,
  choice: VoteChoice,
) {
  loseNextCount = true;
  await expect(lossy.vote(person, pointId, choice)).rejects.toThrow('Task timed out');
  expect(loseNextCount).toBe(false);
  expect((await store.votesOf(person.consultationId, person.id)).get(pointId)).toBe(choice);
}

describe('recounting votes whose counter write was lost', () => {
  it('rebuilds the overall and group counters from the vote items, and leaves right ones alone', async () => {
    const c = consultation();
    const point = await withPoint(c);
    const woman = await participant(c, { gender: 'woman', location: 'inside' });
    const man = await participant(c, { gender: 'man' });
    const changer = await participant(c, { gender: 'woman' });
    await store.vote(woman, point.id, 'agree');
    await voteLosingTheCount(man, point.id, 'disagree');
    await store.vote(changer, point.id, 'agree');
    // A changed vote whose move was lost: the item says pass, the counters still say agree.
    await voteLosingTheCount(changer, point.id, 'pass');

    const before = (await store.getPoint(c.id, point.id))!.counts;
    expect(before.all).toEqual({ agree: 2, disagree: 0, pass: 0 });

    expect(await store.recount(c.id, () => true)).toEqual([point.id]);
    expect((await store.getPoint(c.id, point.id))!.counts).toEqual({
      all: { agree: 1, disagree: 1, pass: 1 },
      groups: {
        'gender:woman': { agree: 1, disagree: 0, pass: 1 },
        'gender:man': { agree: 0, disagree: 1, pass: 0 },
        'location:inside': { agree: 1, disagree: 0, pass: 0 },
      },
    });
    // Counted right now: a second recount finds nothing to repair, and votes move as before.
    expect(await store.recount(c.id, () => true)).toEqual([]);
    await store.vote(man, point.id, 'agree');
    expect((await store.getPoint(c.id, point.id))!.counts.all).toEqual({ agree: 2, disagree: 0, pass: 1 });
  });

  it('touches only the points whose voting is over', async () => {
    const c = consultation();
    const point = await withPoint(c);
    await voteLosingTheCount(await participant(c, {}), point.id, 'agree');
    expect(await store.recount(c.id, () => false)).toEqual([]);
    expect((await store.getPoint(c.id, point.id))!.counts.all).toEqual({ agree: 0, disagree: 0, pass: 0 });
  });
});

describe('the recount in the staff pages', () => {
  const secret = 'recount-staff-secret';
  let app: ReturnType<typeof createConsultationsStaff>;
  let facilitator: Awaited<ReturnType<typeof signedInStaff>>;

  beforeAll(async () => {
    const sessions = createSessionStore(table.client, table.tableName);
    const staff = createStaffStore(table.client, table.tableName);
    app = createConsultationsStaff({ store, sessions, staff, secret });
    facilitator = await signedInStaff({ sessions, staff, secret }, 'facilitator@ose.example', 'facilitator');
  });

  const post = (path: string) =>
    app.request(path, {
      method: 'POST',
      body: new URLSearchParams({ csrf: facilitator.csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: facilitator.cookie },
    });

  /** Three women agree once voting is over; the third vote's count is lost, so the point looks short of voters. */
  async function closedWithALostVote() {
    const c = consultation();
    const point = await withPoint(c, 'كشف مصير المغيبين قسرياً');
    await store.vote(await participant(c, { gender: 'woman' }), point.id, 'agree');
    await store.vote(await participant(c, { gender: 'woman' }), point.id, 'agree');
    await voteLosingTheCount(await participant(c, { gender: 'woman' }), point.id, 'agree');
    return { c, point };
  }

  it('composes the statement from recounted votes, so a lost count does not drop a point with consensus', async () => {
    const { c, point } = await closedWithALostVote();
    const composed = await post(`/en/staff/consultations/${c.id}/statements/ose/compose`);
    expect(composed.status).toBe(303);
    const statement = await store.getStatement(c.id, 'ose');
    expect(statement?.sections.flatMap((section) => section.points.map((p) => [p.text, p.voters]))).toEqual([
      [point.text, 3],
    ]);
  });

  it('recounts on the staff action and says so in each language', async () => {
    const { c, point } = await closedWithALostVote();
    const done = await post(`/staff/consultations/${c.id}/recount`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/staff/consultations/${c.id}/results?done=recounted`);
    expect((await store.getPoint(c.id, point.id))!.counts.all.agree).toBe(3);
    for (const [path, text] of [
      [`/staff/consultations/${c.id}/results?done=recounted`, 'أُعيد عدّ الأصوات'],
      [`/en/staff/consultations/${c.id}/results?done=recounted`, 'The votes were recounted'],
    ] as const) {
      const page = await app.request(path, { headers: { cookie: facilitator.cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(text);
    }
  });

  it('says a round was closed (a notice whose name has a digit), and shows nothing for a notice it does not know', async () => {
    const { c } = await closedWithALostVote();
    for (const [path, text] of [
      [`/staff/consultations/${c.id}?done=closed1`, 'أُغلقت الجولة الأولى'],
      [`/en/staff/consultations/${c.id}?done=closed2`, 'Round 2 is closed.'],
    ] as const) {
      const page = await app.request(path, { headers: { cookie: facilitator.cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(text);
    }
    for (const done of ['nope', 'toString', '__proto__', 'closed3', '%00', 'a'.repeat(5000), 'point-approve%0a']) {
      const page = await app.request(`/en/staff/consultations/${c.id}?done=${done}`, {
        headers: { cookie: facilitator.cookie },
      });
      expect(page.status, done).toBe(200);
      expect(await page.text()).not.toContain('role="status"');
    }
  });

  it('refuses the recount without the anti-forgery token, and for a liaison', async () => {
    const { c, point } = await closedWithALostVote();
    const forged = await app.request(`/en/staff/consultations/${c.id}/recount`, {
      method: 'POST',
      body: new URLSearchParams({ csrf: 'forged' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: facilitator.cookie },
    });
    expect(forged.status).toBe(403);
    const liaison = await signedInStaff(
      {
        sessions: createSessionStore(table.client, table.tableName),
        staff: createStaffStore(table.client, table.tableName),
        secret,
      },
      'liaison@donors.example',
      'liaison',
    );
    const refused = await app.request(`/en/staff/consultations/${c.id}/recount`, {
      method: 'POST',
      body: new URLSearchParams({ csrf: liaison.csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: liaison.cookie },
    });
    // A role without consultations is told there is no such page, as for every staff page it may not see.
    expect(refused.status).toBe(404);
    expect((await store.getPoint(c.id, point.id))!.counts.all.agree).toBe(2);
  });
});

describe('a statement’s wording in Arabic and English', () => {
  const secret = 'wording-staff-secret';
  let app: ReturnType<typeof createConsultationsStaff>;
  let facilitator: Awaited<ReturnType<typeof signedInStaff>>;

  beforeAll(async () => {
    const sessions = createSessionStore(table.client, table.tableName);
    const staff = createStaffStore(table.client, table.tableName);
    app = createConsultationsStaff({ store, sessions, staff, secret });
    facilitator = await signedInStaff({ sessions, staff, secret }, 'facilitator@ose.example', 'facilitator');
  });

  const post = (path: string, fields: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      body: new URLSearchParams({ csrf: facilitator.csrf, ...fields }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: facilitator.cookie },
    });

  async function composed() {
    const c = consultation();
    const point = await withPoint(c, 'كشف مصير المغيبين قسرياً');
    for (let i = 0; i < 3; i++) await store.vote(await participant(c, { gender: 'woman' }), point.id, 'agree');
    expect((await post(`/staff/consultations/${c.id}/statements/ose/compose`)).status).toBe(303);
    return c;
  }

  it('refuses to publish until every point has both wordings, then sends what was given', async () => {
    const c = await composed();
    const draft = (await store.getStatement(c.id, 'ose'))!;
    const early = await post(`/en/staff/consultations/${c.id}/statements/ose/publish`, {
      version: String(draft.version),
    });
    expect(early.headers.get('location')).toContain('done=wording-missing');
    expect((await store.getStatement(c.id, 'ose'))?.status).toBe('draft');
    const notice = await app.request(`/en/staff/consultations/${c.id}/statements?done=wording-missing`, {
      headers: { cookie: facilitator.cookie },
    });
    expect(await notice.text()).toContain('give every point its Arabic and English wording first');

    const saved = await post(`/en/staff/consultations/${c.id}/statements/ose/wording`, {
      version: String(draft.version),
      'en-0': 'Reveal the fate of the forcibly disappeared',
    });
    expect(saved.headers.get('location')).toContain('done=wording');
    const worded = (await store.getStatement(c.id, 'ose'))!;
    expect(worded.sections[0]?.points[0]?.wording).toEqual({
      ar: 'كشف مصير المغيبين قسرياً',
      en: 'Reveal the fate of the forcibly disappeared',
    });
    const published = await post(`/en/staff/consultations/${c.id}/statements/ose/publish`, {
      version: String(worded.version),
    });
    expect(published.headers.get('location')).toContain('done=published');
  });

  it('explains an over-long wording in each language, keeps what was typed, and saves nothing', async () => {
    const c = await composed();
    const draft = (await store.getStatement(c.id, 'ose'))!;
    for (const [prefix, message] of [
      ['/en', 'The wording must be 600 characters or fewer'],
      ['', 'يجب ألا تتجاوز الصياغة ٦٠٠ حرف'],
    ] as const) {
      const response = await post(`${prefix}/staff/consultations/${c.id}/statements/ose/wording`, {
        version: String(draft.version),
        'en-0': 'x'.repeat(601),
      });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain(message);
      expect(html).toContain('href="#wording-ose-en-0"');
      expect(html).toContain('x'.repeat(601));
    }
    expect(await store.getStatement(c.id, 'ose')).toEqual(draft);
  });
});
