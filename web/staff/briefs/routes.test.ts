/**
 * Brief pages in-process (`app.request`) against dynalite: roles, quotes refused without
 * consent, immutable versions, publish rules (the monthly draft needs a person), sending
 * once per version, the liaison's view without the personal tables, and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BriefStarter, previousMonth } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import type { OutgoingEmail } from '#mail';
import { createBriefStore } from '#store';
import { createMonthlyDraft } from '../../../functions/brief/tasks.ts';
import { testTable } from '../../../tests/support/dynamo.ts';
import { type CookieClient, cookieClient, fieldOf, seedSubmission, signInPath } from '../../../tests/support/staff.ts';
import { staffTestDeps } from '../../../tests/support/staff-app.ts';
import { createStaffApp } from '../app.tsx';

const ADMIN = 'admin@ose.example';
const TRIAGER = 'triage@ose.example';
const LIAISON = 'liaison@donors.example';
const month = previousMonth(new Date());
const at = (day: number) => `${month}-${String(day).padStart(2, '0')}T10:00:00.000Z`;

let table: Awaited<ReturnType<typeof testTable>>;
let app: ReturnType<typeof createStaffApp>;
let briefs: ReturnType<typeof createBriefStore>;
let clock = Date.now();
const mails: OutgoingEmail[] = [];
const started: Parameters<BriefStarter['start']>[] = [];
const seeded: Record<string, string> = {};

beforeAll(async () => {
  table = await testTable();
  const { client, tableName } = table;
  briefs = createBriefStore(client, tableName);
  const now = () => clock;
  const { deps, store, staff } = staffTestDeps(table, {
    mails,
    secret: 'test-staff-secret',
    now,
    contacts: createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(9) })),
  });
  await staff.seed(TRIAGER, 'triager');
  await staff.seed(ADMIN, 'admin');
  await staff.seed(LIAISON, 'liaison');
  app = createStaffApp({
    ...deps,
    briefs: {
      store: briefs,
      submissions: store,
      starter: {
        start: async (name, input) => {
          if (started.some(([seen]) => seen === name)) return 'exists';
          started.push([name, input]);
          return 'started';
        },
      },
    },
  });
  const donors = { routeTo: ['donors' as const] };
  seeded.consenting = (
    await seedSubmission(store, { createdAt: at(2), message: 'We need safe schools now.', quoteConsent: true }, donors)
  ).reference;
  seeded.refusing = (await seedSubmission(store, { createdAt: at(3), message: 'Do not quote me.' }, donors)).reference;
  for (let i = 0; i < 6; i++)
    await seedSubmission(store, { createdAt: at(4 + i), gender: i < 5 ? 'woman' : 'man' }, donors);
});
afterAll(() => table.stop());

async function signIn(email: string): Promise<CookieClient> {
  clock += 4 * 60 * 1000;
  const client = cookieClient(app);
  const first = await client.get('/en/staff');
  await client.post('/en/staff/sign-in', { pre: fieldOf(first.text, 'pre'), email });
  const confirm = await client.get(signInPath(mails, email));
  await client.post('/en/staff/sign-in/confirm', {
    pre: fieldOf(confirm.text, 'pre'),
    token: fieldOf(confirm.text, 'token'),
  });
  return client;
}

const form = (overrides: Record<string, string> = {}) => ({
  periodStart: month,
  periodEnd: month,
  addressee: 'donors',
  topics: 'education',
  introAr: 'مقدمة',
  introEn: 'Introduction',
  quote1Reference: seeded.consenting!,
  quote1Topic: 'education',
  quote1Text: 'We need safe schools now.',
  ...overrides,
});

let briefPath = '';

describe('briefs', () => {
  it('refuse a quote whose author did not consent, saving nothing', async () => {
    const admin = await signIn(ADMIN);
    const page = await admin.get('/en/staff/briefs/new');
    const csrf = fieldOf(page.text, 'csrf');
    const refused = await admin.post('/en/staff/briefs', {
      csrf,
      ...form({ quote2Reference: seeded.refusing!, quote2Topic: 'education', quote2Text: 'Do not quote me.' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('did not agree to be quoted');
    expect(await briefs.list()).toHaveLength(0);

    const saved = await admin.post('/en/staff/briefs', { csrf, ...form() });
    expect(saved.status).toBe(303);
    briefPath = new URL(saved.headers.get('location')!, 'http://x').pathname;
    const view = await admin.get(briefPath);
    expect(view.status).toBe(200);
    expect(view.text).toContain('We need safe schools now.');
    expect(view.text).toContain('<th scope="col">');
  });

  it('keep every version, and publish and send only the latest, once', async () => {
    const admin = await signIn(ADMIN);
    const edit = await admin.get(`${briefPath}/edit`);
    const csrf = fieldOf(edit.text, 'csrf');
    expect((await admin.post(briefPath, { csrf, expectedLatest: '1', ...form({ introEn: 'Second' }) })).status).toBe(
      303,
    );
    // A stale save (someone else saved meanwhile) is refused.
    expect((await admin.post(briefPath, { csrf, expectedLatest: '1', ...form() })).status).toBe(409);
    // Publishing the older version is refused; the latest is published.
    expect((await admin.post(`${briefPath}/publish`, { csrf, version: '1' })).status).toBe(409);
    expect((await admin.post(`${briefPath}/publish`, { csrf, version: '2' })).status).toBe(303);
    const v1 = await admin.get(`${briefPath}/versions/1`);
    expect(v1.text).toContain('Introduction');
    expect(v1.text).not.toContain('Second');

    expect((await admin.post(`${briefPath}/send`, { csrf, version: '2' })).status).toBe(303);
    expect((await admin.post(`${briefPath}/send`, { csrf, version: '2' })).status).toBe(303);
    expect(started).toHaveLength(1);
    expect(started[0]![1]).toMatchObject({ version: 2, inboxes: ['donors'] });
    const id = briefPath.split('/').pop()!;
    const brief = await briefs.get(id);
    expect(brief?.audit.map((event) => event.action)).toEqual(['saved', 'saved', 'published', 'send-requested']);
  });

  it('let a triager write but not publish or send', async () => {
    const triager = await signIn(TRIAGER);
    const view = await triager.get(briefPath);
    expect(view.status).toBe(200);
    expect(view.text).not.toContain('/publish');
    const csrf = fieldOf(view.text, 'csrf');
    expect((await triager.post(`${briefPath}/send`, { csrf, version: '2' })).status).toBe(404);
  });

  it('show a liaison the published donor brief without the personal tables, and record the export', async () => {
    const liaison = await signIn(LIAISON);
    const list = await liaison.get('/en/staff/briefs');
    expect(list.text).toContain(briefPath);
    expect(list.text).not.toContain('Write a new brief');
    const view = await liaison.get(briefPath);
    expect(view.status).toBe(200);
    expect(view.text).not.toContain('By gender');
    expect(view.text).toContain('not shared in this copy');
    expect((await liaison.get(`${briefPath}/versions/1`)).status).toBe(404);
    const docx = await liaison.bytes(`${briefPath}/versions/2/brief.docx`);
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const brief = await briefs.get(briefPath.split('/').pop()!);
    expect(brief?.audit.at(-1)).toMatchObject({ by: LIAISON, action: 'exported', version: 2, detail: 'docx' });
    expect((await liaison.get('/en/staff/briefs/new')).status).toBe(404);
  });

  it('make a monthly draft on the first working day that cannot be published until a person saves it', async () => {
    const draft = createMonthlyDraft({ briefs, log: () => {} });
    expect((await draft(new Date('2026-12-02T06:00:00Z'))).created).toEqual([]);
    const made = await draft(new Date('2026-12-01T06:00:00Z'));
    expect(made.created).toEqual(['monthly-2026-11-ose', 'monthly-2026-11-donors']);
    expect((await draft(new Date('2026-12-01T07:00:00Z'))).created).toEqual([]);
    const admin = await signIn(ADMIN);
    const view = await admin.get('/en/staff/briefs/monthly-2026-11-ose');
    expect(view.text).toContain('review and save it before it can be published');
    expect(view.text).not.toContain('/publish"');
    const csrf = fieldOf(view.text, 'csrf');
    expect((await admin.post('/en/staff/briefs/monthly-2026-11-ose/publish', { csrf, version: '1' })).status).toBe(409);
  });
});
