/**
 * Staff search and near-duplicate groups in-process (`app.request`) against dynalite
 * (issue 15): the search box and its results, roles, the queue showing a group once, the
 * submission page's similar submissions, and one decision for a whole group with per-item
 * audit and per-item conflicts. Every bad input answers clearly and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutcomeInput, SubmissionRecord } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import type { OutgoingEmail } from '#mail';
import { createSearchIndex, type createSubmissionStore } from '#store';
import { FAMILIES } from '../../tests/fixtures/near-duplicates.ts';
import { testTable } from '../../tests/support/dynamo.ts';
import { type CookieClient, cookieClient, fieldOf, seedSubmission, signInPath } from '../../tests/support/staff.ts';
import { staffTestDeps } from '../../tests/support/staff-app.ts';
import { createStaffApp } from './app.tsx';

const TRIAGER = 'triage@ose.example';
const LIAISON = 'liaison@donors.example';

let table: Awaited<ReturnType<typeof testTable>>;
let store: ReturnType<typeof createSubmissionStore>;
let app: ReturnType<typeof createStaffApp>;
let clock = Date.parse('2026-02-01T09:00:00Z');
const mails: OutgoingEmail[] = [];
const started: OutcomeInput[] = [];

beforeAll(async () => {
  table = await testTable();
  const now = () => clock;
  const wired = staffTestDeps(
    table,
    {
      mails,
      secret: 'search-test-secret',
      now,
      outcomes: {
        start: async (_name, input) => {
          started.push(input);
          return 'started';
        },
      },
    },
    {
      search: createSearchIndex(table.client, table.tableName, {
        campaign: { size: 3, hours: 24 },
        now: () => new Date(clock),
      }),
      config: { sessionHours: 12, signInsPer15Minutes: 50, campaign: { size: 3, hours: 24 } },
      pageSize: 20,
    },
  );
  store = wired.store;
  await wired.staff.seed(TRIAGER, 'triager');
  await wired.staff.seed(LIAISON, 'liaison');
  app = createStaffApp(wired.deps);
});
afterAll(() => table.stop());

async function signIn(email: string): Promise<CookieClient> {
  clock += 4 * 60 * 1000;
  const client = cookieClient(app);
  const form = await client.get('/en/staff');
  await client.post('/en/staff/sign-in', { pre: fieldOf(form.text, 'pre'), email });
  const confirm = await client.get(signInPath(mails, email));
  await client.post('/en/staff/sign-in/confirm', {
    pre: fieldOf(confirm.text, 'pre'),
    token: fieldOf(confirm.text, 'token'),
  });
  return client;
}

async function seed(message: string, routeTo: ('ose' | 'donors')[] = ['ose'], extra: Partial<SubmissionRecord> = {}) {
  clock += 60_000;
  return seedSubmission(store, { message, createdAt: new Date(clock).toISOString(), ...extra }, { routeTo });
}

/** A form with repeated fields (the group forms name every member). */
async function postForm(client: CookieClient, path: string, fields: [string, string][]) {
  const cookie = [...client.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
  return { status: response.status, text: await response.text() };
}

const referencesIn = (html: string) =>
  [...html.matchAll(/<th scope="row"><a href="(?:\/en)?\/staff\/submissions\/([0-9A-Z]{12})"/g)].map((m) => m[1]!);

describe('the search box', () => {
  let triager: CookieClient;
  let spelled: SubmissionRecord[];
  let oseOnly: SubmissionRecord;
  let donors: SubmissionRecord;
  beforeAll(async () => {
    triager = await signIn(TRIAGER);
    spelled = [
      await seed('نطالب بالإفراج عن المعتقلين في إدلب'),
      await seed('مصير المُعتقَلين ما زال مجهولًا'),
      await seed('والمعتقلات ينتظرن منذ ٢٠١٣'),
    ];
    oseOnly = await seed('المدرسه في المخيم مغلقة');
    donors = await seed('تمويل المدرسة في المخيم', ['donors']);
  });

  it('is a labelled search landmark on the queue, in Arabic and English', async () => {
    const ar = await triager.get('/staff/inbox');
    expect(ar.text).toContain('<search class="search-form">');
    expect(ar.text).toContain('<h2 id="search-heading" class="visually-hidden">البحث في المشاركات</h2>');
    expect(ar.text).toContain('<label class="label" for="q">بحث</label>');
    expect(ar.text).toContain('type="search" id="q" name="q"');
    const en = await triager.get('/en/staff/inbox');
    expect(en.text).toContain('<h2 id="search-heading" class="visually-hidden">Search submissions</h2>');
  });

  it('finds every spelling from one of them, and marks the words in the passage', async () => {
    const page = await triager.get(`/staff/inbox?status=all&q=${encodeURIComponent('معتقلين')}`);
    expect(page.status).toBe(200);
    expect(referencesIn(page.text).sort()).toEqual(spelled.map((r) => r.reference).sort());
    expect(page.text).toContain('<mark>المعتقلين</mark>');
    expect(page.text).toContain('<mark>المُعتقَلين</mark>');
    expect(page.text).toContain('<mark>والمعتقلات</mark>');
    expect(page.text).toContain('3 مشاركات في هذه الصفحة تطابق «معتقلين».'.replace('3', '٣'));
  });

  it('keeps the filters: a search with a status shows only that status', async () => {
    const page = await triager.get(`/en/staff/inbox?status=closed&q=${encodeURIComponent('معتقل')}`);
    expect(referencesIn(page.text)).toEqual([]);
    expect(page.text).toContain('Nothing matches “معتقل” with these filters.');
  });

  it('shows a liaison only what is routed to the donors', async () => {
    const liaison = await signIn(LIAISON);
    const page = await liaison.get(`/en/staff/inbox?q=${encodeURIComponent('مدرسة')}`);
    expect(referencesIn(page.text)).toEqual([donors.reference]);
    expect(page.text).not.toContain(oseOnly.reference);
  });

  it('never searches contact details', async () => {
    clock += 60_000;
    const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(7) }));
    const store2 = await seedSubmission(
      store,
      { message: 'رسالة عادية', createdAt: new Date(clock).toISOString() },
      { routeTo: ['ose'], contact: { email: 'person@example.org', organisation: 'منظمة الأمل' }, vault },
    );
    expect(store2.contactCiphertext).toBeDefined();
    // Contact details are only ever ciphertext: a search for an address finds nothing.
    const page = await triager.get(`/en/staff/inbox?status=all&q=${encodeURIComponent('person@example.org')}`);
    expect(referencesIn(page.text)).not.toContain(store2.reference);
    const organisation = await triager.get(`/en/staff/inbox?status=all&q=${encodeURIComponent('الأمل')}`);
    expect(referencesIn(organisation.text)).not.toContain(store2.reference);
  });

  it.each([
    ['punctuation only', '"،.!"'],
    ['a very long query', 'كلمة '.repeat(500)],
    ['markup', '<script>alert(1)</script>'],
    ['unpaired quote', '"مصير'],
    ['bidi controls', '\u202Eمعتقل\u202C'],
  ])('answers %s without an error, escaped', async (_, q) => {
    const page = await triager.get(`/en/staff/inbox?q=${encodeURIComponent(q)}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert');
  });

  it('starts again from the first page when given a queue cursor', async () => {
    const page = await triager.get(`/en/staff/inbox?q=x&cursor=${encodeURIComponent('not-a-cursor')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('That page link was not valid');
  });
});

describe('near-duplicate groups', () => {
  let triager: CookieClient;
  let members: SubmissionRecord[];
  beforeAll(async () => {
    triager = await signIn(TRIAGER);
    const family = FAMILIES[1]!;
    members = [await seed(family.original, ['ose'], { hasEmail: true })];
    for (const variant of family.variants) members.push(await seed(variant.text));
    // As stored now: the first one joined the group when the second arrived.
    members = await Promise.all(members.map(async (m) => (await store.get(m.reference))!));
  });

  it('appears once in the queue, with its size and the campaign flag', async () => {
    const page = await triager.get('/en/staff/inbox?status=new');
    const shown = referencesIn(page.text).filter((ref) => members.some((m) => m.reference === ref));
    expect(shown).toEqual([members.at(-1)!.reference]);
    expect(page.text).toContain(`and ${members.length - 1} similar`);
    expect(page.text).toContain('>Campaign<');
  });

  it('is listed on each member’s page', async () => {
    const page = await triager.get(`/en/staff/submissions/${members[0]!.reference}`);
    expect(page.text).toContain('<h2 id="similar-heading">Similar submissions</h2>');
    for (const other of members.slice(1)) expect(page.text).toContain(`/en/staff/submissions/${other.reference}`);
    expect(page.text).toContain(`/en/staff/groups/${members[0]!.group}`);
  });

  it('refuses an empty reply for the group and changes nothing', async () => {
    const groupPath = `/en/staff/groups/${members[0]!.group}`;
    const page = await triager.get(groupPath);
    const items: [string, string][] = [['items', members.map((m) => `${m.reference}.${m.version}`).join(' ')]];
    const refused = await postForm(triager, `${groupPath}/decide`, [
      ['csrf', fieldOf(page.text, 'csrf')],
      ['action', 'reply'],
      ['text', '   '],
      ...items,
    ]);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Write between 1 and');
    for (const member of members) expect((await store.get(member.reference))?.version).toBe(member.version);
  });

  it('publishes one reply to every member, each in its own audit trail, and reports a conflict on one', async () => {
    const groupPath = `/en/staff/groups/${members[0]!.group}`;
    const page = await triager.get(groupPath);
    const items: [string, string][] = [['items', members.map((m) => `${m.reference}.${m.version}`).join(' ')]];
    // Someone changes one member after the page was loaded.
    const changed = members[1]!;
    const other = await signIn(TRIAGER);
    const open = await other.get(`/en/staff/submissions/${changed.reference}`);
    await other.post(`/en/staff/submissions/${changed.reference}/decide`, {
      csrf: fieldOf(open.text, 'csrf'),
      version: fieldOf(open.text, 'version'),
      action: 'note',
      text: 'checked',
    });
    started.length = 0;
    const done = await postForm(triager, `${groupPath}/decide`, [
      ['csrf', fieldOf(page.text, 'csrf')],
      ['action', 'reply'],
      ['text', 'شكرًا لكم، نقلنا طلبكم إلى الجهات المعنية.'],
      ['after', ''],
      ...items,
    ]);
    expect(done.status).toBe(200);
    expect(done.text).toContain(`${members.length - 1} submissions changed.`);
    expect(done.text).toContain(`/en/staff/submissions/${changed.reference}`);
    expect(done.text).toContain('someone changed it after this page was loaded');
    for (const member of members) {
      const now = (await store.get(member.reference))!;
      if (member.reference === changed.reference) {
        expect(now.publicReply).toBeUndefined();
        continue;
      }
      expect(now.publicReply?.text).toBe('شكرًا لكم، نقلنا طلبكم إلى الجهات المعنية.');
      expect(now.audit?.at(-1)).toMatchObject({ by: TRIAGER, action: 'reply' });
    }
    // Only the member with an email address is told, once.
    expect(started.map((s) => s.reference)).toEqual([members[0]!.reference]);
  });

  it('ignores a reference that is not in the group and answers 404 to a malformed one', async () => {
    const groupPath = `/en/staff/groups/${members[0]!.group}`;
    const page = await triager.get(groupPath);
    const outsider = await seed('رسالة أخرى لا علاقة لها');
    const done = await postForm(triager, `${groupPath}/decide`, [
      ['csrf', fieldOf(page.text, 'csrf')],
      ['action', 'status'],
      ['to', 'in-review'],
      ['items', `${outsider.reference}.${outsider.version}`],
    ]);
    expect(done.status).toBe(200);
    expect((await store.get(outsider.reference))?.status).toBe('new');
    const malformed = await postForm(triager, `${groupPath}/decide`, [
      ['csrf', fieldOf(page.text, 'csrf')],
      ['action', 'status'],
      ['to', 'in-review'],
      ['items', 'nonsense'],
    ]);
    expect(malformed.status).toBe(404);
  });

  it('lets a liaison neither see an OSE-only group nor decide for one', async () => {
    const liaison = await signIn(LIAISON);
    expect((await liaison.get(`/en/staff/groups/${members[0]!.group}`)).status).toBe(404);
  });
});
