import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Consultation,
  DEFAULT_RULES,
  newConsultationId,
  newParticipantCode,
  newPointId,
  normaliseParticipantCode,
  participantCodeHash,
} from '#core';
import { type ConsultationStore, createConsultationStore, createRateLimiter } from '#store';
import { testTable } from '../../../tests/support/dynamo.ts';
import { cookieClient } from '../../../tests/support/staff.ts';
import { createConsultationRoutes } from './app.tsx';

let table: Awaited<ReturnType<typeof testTable>>;
let store: ConsultationStore;
let app: ReturnType<typeof createConsultationRoutes>;
let consultation: Consultation;
let code: string;
let pointId: string;

beforeAll(async () => {
  table = await testTable();
  store = createConsultationStore(table.client, table.tableName);
  app = createConsultationRoutes({
    store,
    limiter: createRateLimiter(table.client, table.tableName),
    secret: 'test-secret',
    exitUrl: 'https://www.bbc.com/arabic',
    clientAddress: () => '203.0.113.9',
    limits: { codeAttemptsPerHour: 1000 },
  });
  consultation = {
    id: newConsultationId(),
    title: { ar: 'مشاورة', en: 'Consultation' },
    description: { ar: 'وصف', en: 'About it' },
    themes: [{ id: 'detainees', label: { ar: 'المعتقلون', en: 'Detainees' }, addressee: 'ose' }],
    addressees: ['ose'],
    schedule: {
      opensAt: '2020-01-01T00:00:00.000Z',
      round1ClosesAt: '2099-01-01T00:00:00.000Z',
      round2ClosesAt: '2099-02-01T00:00:00.000Z',
    },
    access: 'closed',
    rules: DEFAULT_RULES,
    codeBatches: [],
    createdAt: new Date().toISOString(),
    createdBy: 'admin@ose.example',
    version: 1,
  };
  await store.create(consultation);
  code = newParticipantCode();
  await store.addCodes(consultation.id, 'group', [participantCodeHash(normaliseParticipantCode(code))], 'now');
  pointId = newPointId();
  await store.addPoint({
    id: pointId,
    consultationId: consultation.id,
    theme: 'detainees',
    round: 1,
    text: 'Release all detainees',
    status: 'approved',
    createdAt: new Date().toISOString(),
    counts: { all: { agree: 0, disagree: 0, pass: 0 }, groups: {} },
    version: 1,
  });
});
afterAll(() => table.stop());

async function joined(withCode = code) {
  const person = cookieClient(app);
  const response = await person.post(`/en/consultations/${consultation.id}/join`, { code: withCode, gender: 'woman' });
  expect(response.status).toBe(303);
  return person;
}

describe('the participants’ pages', () => {
  it('answer "not found" in each language for a malformed or unknown consultation, never a 5xx', async () => {
    for (const path of ['/consultations/nope', '/en/consultations/ZZZZZZZZZZ', '/consultations/%00%ff/vote']) {
      const response = await app.request(path);
      expect(response.status).toBe(404);
    }
    const arabic = await (await app.request('/consultations/nope')).text();
    expect(arabic).toContain('lang="ar"');
  });

  it('explain a wrong code in Arabic and English, keep what was typed, and change nothing', async () => {
    const before = await store.totals(consultation.id);
    const ar = await app.request(`/consultations/${consultation.id}/join`, {
      method: 'POST',
      body: new URLSearchParams({ code: 'ABCD-2345-WXYZ', gender: 'man' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ar.status).toBe(400);
    const html = await ar.text();
    expect(html).toContain('<title>خطأ:');
    expect(html).toContain('هذا الرمز ليس من رموز هذه المشاورة');
    expect(html).toContain('value="ABCD-2345-WXYZ"');
    const en = await cookieClient(app).post(`/en/consultations/${consultation.id}/join`, { code: '' });
    expect(en.status).toBe(400);
    expect(en.text).toContain('Enter your participant code');
    expect(await store.totals(consultation.id)).toEqual(before);
  });

  it('limit code guesses per client, then say when to try again', async () => {
    const guesser = createConsultationRoutes({
      store,
      limiter: createRateLimiter(table.client, table.tableName),
      secret: 'other-secret',
      exitUrl: 'https://www.bbc.com/arabic',
      clientAddress: () => '198.51.100.7',
      limits: { codeAttemptsPerHour: 2 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await guesser.request(`/en/consultations/${consultation.id}/join`, {
        method: 'POST',
        body: new URLSearchParams({ code: `AAAA-BBBB-CCC${i}` }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([400, 400, 429, 429]);
  });

  it('send people who have not joined back to the join form', async () => {
    const response = await app.request(`/en/consultations/${consultation.id}/vote`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/en/consultations/${consultation.id}`);
  });

  it('show one fieldset per point whose legend is the point, with radios, and the progress', async () => {
    const person = await joined();
    const page = await person.get(`/en/consultations/${consultation.id}/vote`);
    expect(page.text).toMatch(/<fieldset[^>]*><legend><bdi dir="auto">Release all detainees<\/bdi><\/legend>/);
    expect(page.text.match(/type="radio"/g)).toHaveLength(3);
    expect(page.text).toContain('You have voted on 0 of 1 point.');
  });

  it('refuse a vote that is not agree, disagree or pass with a clear error, and count nothing', async () => {
    const person = await joined();
    const response = await person.post(`/en/consultations/${consultation.id}/vote`, {
      points: pointId,
      [`vote-${pointId}`]: 'maybe',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Choose agree, disagree or pass');
    expect((await store.getPoint(consultation.id, pointId))?.counts.all).toEqual({ agree: 0, disagree: 0, pass: 0 });
  });

  it('never answer hostile votes and proposals with a 5xx, nor count anything that is not a vote', async () => {
    const person = await joined();
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 30 }), fc.oneof(fc.string({ maxLength: 60 }), fc.constant(pointId)), {
          maxKeys: 6,
        }),
        fc.constantFrom('vote', 'propose', 'join'),
        async (fields, where) => {
          const response = await person.post(`/en/consultations/${consultation.id}/${where}`, fields);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 40 },
    );
    const counts = (await store.getPoint(consultation.id, pointId))?.counts.all;
    expect((counts?.agree ?? 0) + (counts?.disagree ?? 0) + (counts?.pass ?? 0)).toBeLessThanOrEqual(2);
  });

  it('answer a post that is not a readable form with a translated 400 and change nothing, joined or not', async () => {
    const boundary = '----mashura';
    const MALFORMED: [string, RequestInit][] = [
      ['JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"vote":{"$ne":1}}' }],
      ['XML', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<x>&e;</x>' }],
      [
        'multipart without a boundary',
        { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'a=b' },
      ],
      [
        'multipart cut off',
        {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: `--${boundary}\r\nContent-Disposition: form-data; name="theme"\r\n\r\nhalf`,
        },
      ],
      ['bytes without a type', { method: 'POST', body: new Uint8Array([0xff, 0xfe, 0x00, 0xc3]) }],
    ];
    const points = (await store.listPoints(consultation.id)).length;
    const counts = (await store.getPoint(consultation.id, pointId))?.counts.all;
    for (const person of [await joined(), cookieClient(app)]) {
      for (const [lang, prefix, title] of [
        ['ar', '', 'تعذّرت قراءة النموذج'],
        ['en', '/en', 'That form could not be read'],
      ] as const) {
        for (const where of ['join', 'vote', 'propose']) {
          for (const [shape, init] of MALFORMED) {
            const response = await person.send(`${prefix}/consultations/${consultation.id}/${where}`, init);
            expect(response.status, `${lang} ${where}: ${shape}`).toBe(400);
            expect(response.text, `${lang} ${where}: ${shape}`).toContain(title);
            expect(response.text).toContain(`lang="${lang}"`);
          }
        }
      }
    }
    expect((await store.listPoints(consultation.id)).length).toBe(points);
    expect((await store.getPoint(consultation.id, pointId))?.counts.all).toEqual(counts);
  });

  it('refuse an over-long point with the limit in the message, and strip hidden direction controls', async () => {
    const person = await joined();
    const long = await person.post(`/en/consultations/${consultation.id}/propose`, {
      theme: 'detainees',
      text: 'x'.repeat(301),
    });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Your point must be 300 characters or fewer');
    const sent = await person.post(`/en/consultations/${consultation.id}/propose`, {
      theme: 'detainees',
      text: 'Open \u202Ethe\u202C crossings',
    });
    expect(sent.status).toBe(303);
    const mine = await person.get(`/en/consultations/${consultation.id}/mine`);
    expect(mine.text).toContain('Open the crossings');
    expect(mine.text).toContain('Waiting for the facilitators');
    // Only its author sees it: another participant's "your points" page does not list it.
    const otherCode = newParticipantCode();
    await store.addCodes(consultation.id, 'group', [participantCodeHash(normaliseParticipantCode(otherCode))], 'now');
    const other = await joined(otherCode);
    expect((await other.get(`/en/consultations/${consultation.id}/mine`)).text).not.toContain('Open the crossings');
  });

  it('bind the participant with a __Host- cookie (Secure, Path=/, no Domain) on https, and read only that name back', async () => {
    const person = cookieClient(app);
    const base = `https://mashura.example/en/consultations/${consultation.id}`;
    const response = await person.post(`${base}/join`, { code });
    expect(response.status).toBe(303);
    const cookie =
      response.headers.getSetCookie().find((line) => line.includes(`mashura_cons_${consultation.id}=`)) ?? '';
    expect(cookie).toMatch(new RegExp(`^__Host-mashura_cons_${consultation.id}=`));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect((await person.get(`${base}/vote`)).status).toBe(200);
    // The same token under the plain name, as a sibling subdomain could toss it in: not read on https.
    const tossed = cookieClient(app);
    tossed.jar.set(`mashura_cons_${consultation.id}`, person.jar.get(`__Host-mashura_cons_${consultation.id}`) ?? '');
    const refused = await tossed.get(`${base}/vote`);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`/en/consultations/${consultation.id}`);
  });

  it('keep the plain participant cookie name on local http, where browsers refuse __Host- cookies', async () => {
    const person = await joined();
    expect([...person.jar.keys()]).toEqual([`mashura_cons_${consultation.id}`]);
  });

  it('keep results hidden from participants while round 1 is open', async () => {
    const response = await app.request(`/en/consultations/${consultation.id}/results`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Results are shown here when round 1 closes.');
    expect(html).not.toContain('Release all detainees');
  });
});
