/**
 * The staff app in-process (`app.request`, no network) against dynalite: sign-in by
 * emailed link, sessions, anti-forgery tokens, roles, decisions, conflicts, the queue's
 * pagination, exports and statistics.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTriage, findTopic, formatNumber, type OutcomeInput, type SubmissionRecord } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import type { OutgoingEmail } from '#mail';
import {
  createQueueStore,
  createRateLimiter,
  createSearchIndex,
  createSessionStore,
  createSignInTokenStore,
  createStaffStore,
  createStatusCounts,
  createSubmissionStore,
  createTriageStore,
} from '#store';
import { testTable } from '../../tests/support/dynamo.ts';
import {
  type CookieClient,
  cookieClient,
  fieldOf,
  referencesIn,
  seedMany,
  seedSubmission,
  signInPath,
} from '../../tests/support/staff.ts';
import { createStaffApp } from './app.tsx';
import { readCursor, signCursor } from './queue-query.ts';

const SECRET = 'test-staff-secret';
const TRIAGER = 'triage@ose.example';
const TRIAGER_2 = 'second@ose.example';
const ADMIN = 'admin@ose.example';
const LIAISON = 'liaison@donors.example';
const PERSON = 'person@example.org';

let table: Awaited<ReturnType<typeof testTable>>;
let store: ReturnType<typeof createSubmissionStore>;
let app: ReturnType<typeof createStaffApp>;
let clock = Date.parse('2025-05-01T09:00:00Z');
const mails: OutgoingEmail[] = [];
const started: OutcomeInput[] = [];
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(9) }));

beforeAll(async () => {
  table = await testTable();
  const { client, tableName } = table;
  store = createSubmissionStore(client, tableName);
  const counts = createStatusCounts(client, tableName);
  const staff = createStaffStore(client, tableName);
  await staff.seed(TRIAGER, 'triager');
  await staff.seed(TRIAGER_2, 'triager');
  await staff.seed(ADMIN, 'admin');
  await staff.seed(LIAISON, 'liaison');
  const now = () => clock;
  app = createStaffApp({
    triage: createTriage({
      repository: createTriageStore(client, tableName, counts, store.get),
      staff,
      contacts: vault,
      outcomes: {
        start: async (_name, input) => {
          started.push(input);
          return 'started';
        },
      },
    }),
    staff,
    sessions: createSessionStore(client, tableName, now),
    signInTokens: createSignInTokenStore(client, tableName, now),
    queue: createQueueStore(client, tableName, counts),
    search: createSearchIndex(client, tableName),
    rateLimiter: createRateLimiter(client, tableName, now),
    mail: {
      send: async (email) => {
        mails.unshift(email);
        return { messageId: `m${mails.length}` };
      },
    },
    mailFrom: 'no-reply@mashura.example',
    baseUrl: 'http://localhost:3000',
    secret: SECRET,
    // The per-client, per-day and anonymous limits are web/staff/sign-in.test.ts's subject.
    config: {
      sessionHours: 12,
      signInsPer15Minutes: 5,
      signInEmailsPerDay: 1000,
      signInsPerClientPer15Minutes: 1000,
      anonymousSignInsPer10Seconds: 1000,
    },
    pageSize: 20,
    now,
  });
});
afterAll(() => table.stop());

const prefix = (lang: 'ar' | 'en') => (lang === 'ar' ? '' : '/en');

async function askForLink(client: CookieClient, email: string, lang: 'ar' | 'en' = 'en') {
  const page = await client.get(`${prefix(lang)}/staff`);
  return client.post(`${prefix(lang)}/staff/sign-in`, { pre: fieldOf(page.text, 'pre'), email });
}

/** The whole journey: ask, read the email, open the link, press "Sign in". */
async function signIn(email: string, lang: 'ar' | 'en' = 'en'): Promise<CookieClient> {
  // A few minutes apart, as people do: no 15-minute window sees more than the limit of links.
  clock += 4 * 60 * 1000;
  const client = cookieClient(app);
  await askForLink(client, email, lang);
  const confirm = await client.get(signInPath(mails, email));
  expect(confirm.status).toBe(200);
  const done = await client.post(`${prefix(lang)}/staff/sign-in/confirm`, {
    pre: fieldOf(confirm.text, 'pre'),
    token: fieldOf(confirm.text, 'token'),
  });
  expect(done.status).toBe(303);
  return client;
}

const csrfOf = (html: string) => fieldOf(html, 'csrf');

async function decide(
  client: CookieClient,
  reference: string,
  fields: Record<string, string>,
  lang: 'ar' | 'en' = 'en',
) {
  const page = await client.get(`${prefix(lang)}/staff/submissions/${reference}`);
  return client.post(`${prefix(lang)}/staff/submissions/${reference}/decide`, {
    csrf: csrfOf(page.text),
    version: fieldOf(page.text, 'version'),
    ...fields,
  });
}

describe('signing in', () => {
  it('works through the emailed link and opens a strict, HttpOnly session', async () => {
    const client = cookieClient(app);
    const asked = await askForLink(client, ' Triage@OSE.example ');
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Check your email');
    expect(mails[0]).toMatchObject({ to: [TRIAGER], subject: 'Your Mashura staff sign-in link' });
    const confirm = await client.get(signInPath(mails, TRIAGER));
    const done = await client.post('/en/staff/sign-in/confirm', {
      pre: fieldOf(confirm.text, 'pre'),
      token: fieldOf(confirm.text, 'token'),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/en/staff/inbox');
    const cookie = done.headers.getSetCookie().find((line) => line.startsWith('mashura_staff='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const inbox = await client.get('/en/staff/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain(`Signed in as <bdi dir="ltr">${TRIAGER}</bdi> (OSE triager)`);
  });

  it('marks the session cookie Secure over https', async () => {
    const client = cookieClient({ request: (path, init) => app.request(`https://mashura.example${path}`, init) });
    await askForLink(client, TRIAGER);
    const confirm = await client.get(signInPath(mails, TRIAGER));
    const done = await client.post('/en/staff/sign-in/confirm', {
      pre: fieldOf(confirm.text, 'pre'),
      token: fieldOf(confirm.text, 'token'),
    });
    expect(done.headers.getSetCookie().find((line) => line.startsWith('__Host-mashura_staff='))).toMatch(/Secure/);
  });

  it('answers an address without an account exactly as one with, and emails nothing', async () => {
    const before = mails.length;
    const stranger = await askForLink(cookieClient(app), 'stranger@example.org');
    const staff = await askForLink(cookieClient(app), TRIAGER_2);
    expect(mails.length).toBe(before + 1);
    expect(stranger.status).toBe(staff.status);
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
    expect(main(stranger.text).replace('stranger@example.org', 'X')).toBe(main(staff.text).replace(TRIAGER_2, 'X'));
  });

  it('refuses a link used a second time', async () => {
    const client = cookieClient(app);
    await askForLink(client, TRIAGER_2);
    const path = signInPath(mails, TRIAGER_2);
    const confirm = await client.get(path);
    const fields = { pre: fieldOf(confirm.text, 'pre'), token: fieldOf(confirm.text, 'token') };
    expect((await client.post('/en/staff/sign-in/confirm', fields)).status).toBe(303);
    const other = cookieClient(app);
    const again = await other.get(path);
    expect(again.status).toBe(410);
    expect(again.text).toContain('This sign-in link cannot be used');
    const otherForm = await other.get('/en/staff');
    const replay = await other.post('/en/staff/sign-in/confirm', { ...fields, pre: fieldOf(otherForm.text, 'pre') });
    expect(replay.status).toBe(410);
    expect(replay.headers.getSetCookie().some((line) => line.startsWith('mashura_staff='))).toBe(false);
  });

  it('refuses a link after 15 minutes', async () => {
    const client = cookieClient(app);
    await askForLink(client, ADMIN);
    const confirm = await client.get(signInPath(mails, ADMIN));
    clock += 15 * 60 * 1000 + 1000;
    const late = await client.post('/en/staff/sign-in/confirm', {
      pre: fieldOf(confirm.text, 'pre'),
      token: fieldOf(confirm.text, 'token'),
    });
    expect(late.status).toBe(410);
    expect(late.headers.getSetCookie().some((line) => line.startsWith('mashura_staff='))).toBe(false);
  });

  it('caps links emailed per address without refusing the request, keyed by a hash that never holds the address', async () => {
    clock += 60 * 60 * 1000;
    const client = cookieClient(app);
    const before = mails.filter((mail) => mail.to.includes(TRIAGER_2)).length;
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await askForLink(client, TRIAGER_2)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(mails.filter((mail) => mail.to.includes(TRIAGER_2)).length).toBe(before + 5);
    const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    const rateKeys = Items.map((item) => String(item.pk)).filter((pk) => pk.startsWith('RATE#staff-signin'));
    expect(rateKeys.length).toBeGreaterThan(0);
    for (const key of rateKeys) expect(key).not.toMatch(/@|second/);
  });

  it('refuses a sign-in post that did not come from its own form', async () => {
    const client = cookieClient(app);
    await client.get('/en/staff');
    const forged = await client.post('/en/staff/sign-in', { pre: 'forged', email: TRIAGER });
    expect(forged.status).toBe(403);
    const noCookie = await cookieClient(app).post('/en/staff/sign-in', { pre: 'x', email: TRIAGER });
    expect(noCookie.status).toBe(403);
  });

  it('shows an error summary for an address that is not one', async () => {
    const page = await askForLink(cookieClient(app), 'not an address');
    expect(page.status).toBe(400);
    expect(page.text).toContain('<title>Error: Sign in to Mashura staff');
    expect(page.text).toContain('href="#email"');
  });

  it('sends someone who is not signed in to sign in, and back to where they were', async () => {
    const record = await seedSubmission(store, {}, { routeTo: ['ose'] });
    const anonymous = cookieClient(app);
    const bounced = await anonymous.get(`/en/staff/submissions/${record.reference}`);
    expect(bounced.status).toBe(303);
    const location = bounced.headers.get('location')!;
    expect(location).toBe(`/en/staff?next=${encodeURIComponent(`/en/staff/submissions/${record.reference}`)}`);
    // Without the (SameSite=Strict) cookie, one same-site hop checks again before asking to sign in.
    const signInPage = await anonymous.get(location);
    expect(signInPage.text).toMatch(
      /http-equiv="refresh" content="0; url=http:\/\/localhost\/en\/staff\/resume\?next=/,
    );
    const client = await signIn(TRIAGER);
    const resumed = await client.get(
      `/en/staff/resume?next=${encodeURIComponent(`/en/staff/submissions/${record.reference}`)}`,
    );
    expect(resumed.headers.get('location')).toBe(`/en/staff/submissions/${record.reference}`);
    const notSignedIn = await anonymous.get('/en/staff/resume?next=%2Fen%2Fstaff%2Finbox');
    expect(notSignedIn.headers.get('location')).toBe('/en/staff?next=%2Fen%2Fstaff%2Finbox&resumed=1');
    const noHop = await anonymous.get('/en/staff?next=%2Fen%2Fstaff%2Finbox&resumed=1');
    expect(noHop.text).not.toContain('http-equiv="refresh"');
  });

  it('never sends anyone back to another site', async () => {
    const client = await signIn(TRIAGER);
    for (const next of [
      '//evil.example/x',
      'https://evil.example',
      '/en/staff//evil.example',
      '/en/staffer',
      '/en/staff/%2F%2Fevil',
    ]) {
      const response = await client.get(`/en/staff?next=${encodeURIComponent(next)}`);
      expect(response.headers.get('location')).toBe('/en/staff/inbox');
    }
  });

  it('signs out here, and signs out everywhere', async () => {
    const laptop = await signIn(TRIAGER_2);
    const phone = await signIn(TRIAGER_2);
    const page = await laptop.get('/en/staff/account');
    const out = await laptop.post('/en/staff/sign-out', { csrf: csrfOf(page.text) });
    expect(out.text).toContain('You are signed out');
    expect((await laptop.get('/en/staff/inbox')).status).toBe(303);
    expect((await phone.get('/en/staff/inbox')).status).toBe(200);

    const tablet = await signIn(TRIAGER_2);
    const account = await tablet.get('/en/staff/account');
    const everywhere = await tablet.post('/en/staff/sign-out-everywhere', { csrf: csrfOf(account.text) });
    expect(everywhere.text).toContain('You have signed out on every device.');
    expect((await phone.get('/en/staff/inbox')).status).toBe(303);
    expect((await tablet.get('/en/staff/inbox')).status).toBe(303);
  });

  it('signs in and works in Arabic too, right to left', async () => {
    const client = await signIn(TRIAGER, 'ar');
    const inbox = await client.get('/staff/inbox');
    expect(inbox.text).toContain('<html lang="ar" dir="rtl">');
    expect(inbox.text).toContain('قائمة المشاركات');
    expect(mails.find((m) => m.to.includes(TRIAGER))?.subject).toBe('رابط تسجيل الدخول إلى مساحة فريق العمل في مشورة');
  });
});

describe('pages and headers', () => {
  it('serve every staff page with the strict CSP, no caching and no indexing', async () => {
    const client = await signIn(ADMIN);
    const signInPage = await cookieClient(app).get('/en/staff');
    expect(signInPage.headers.get('content-security-policy')).toContain("form-action 'self'");
    for (const path of ['/en/staff/inbox', '/en/staff/stats', '/en/staff/admin/staff', '/staff/account']) {
      const response = await client.get(path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.text, path).not.toMatch(/<script>|style="/);
    }
  });
});

describe('roles', () => {
  let oseOnly: SubmissionRecord;
  let donors: SubmissionRecord;
  let both: SubmissionRecord;
  let pending: SubmissionRecord;

  beforeAll(async () => {
    const topic = 'womens-advisory-board';
    oseOnly = await seedSubmission(
      store,
      { topics: [topic], message: 'OSE-ONLY-TEXT' },
      { routeTo: ['ose'], contact: { email: PERSON }, vault },
    );
    donors = await seedSubmission(
      store,
      { topics: [topic], message: 'DONORS-TEXT', gender: 'woman' },
      { routeTo: ['donors'] },
    );
    both = await seedSubmission(
      store,
      { topics: [topic], message: 'BOTH-TEXT' },
      { routeTo: ['ose', 'donors'], contact: { email: PERSON }, vault },
    );
    pending = await seedSubmission(store, { topics: [topic], addressee: 'donors', message: 'PENDING-TEXT' });
    // Enough donor-routed input on this topic for the statistics to show a number.
    await seedMany(store, 6, new Date('2025-04-01T00:00:00Z'), () => ({ topics: [topic] }), { routeTo: ['donors'] });
    await seedMany(store, 9, new Date('2025-04-02T00:00:00Z'), () => ({ topics: [topic] }), { routeTo: ['ose'] });
  });

  it('give a liaison "not found" for a submission not routed to the donors, by URL', async () => {
    const liaison = await signIn(LIAISON);
    for (const record of [oseOnly, pending]) {
      const response = await liaison.get(`/en/staff/submissions/${record.reference}`);
      expect(response.status).toBe(404);
      expect(response.text).not.toContain(record.message);
    }
    const nonexistent = await liaison.get('/en/staff/submissions/ZZZZZZZZZZZZ');
    expect(nonexistent.text.replaceAll('ZZZZZZZZZZZZ', '')).toBe(
      (await liaison.get(`/en/staff/submissions/${oseOnly.reference}`)).text.replaceAll(oseOnly.reference, ''),
    );
    for (const record of [donors, both]) {
      const response = await liaison.get(`/en/staff/submissions/${record.reference}`);
      expect(response.status).toBe(200);
      expect(response.text).toContain(record.message);
    }
  });

  it('leave OSE-only work out of a liaison’s queue, exports and statistics', async () => {
    const liaison = await signIn(LIAISON);
    const queue = await liaison.get('/en/staff/inbox?status=all&topic=womens-advisory-board');
    const listed = referencesIn(queue.text);
    expect(listed).toContain(donors.reference);
    expect(listed).toContain(both.reference);
    expect(listed).not.toContain(oseOnly.reference);
    expect(listed).not.toContain(pending.reference);

    const csv = await liaison.get('/en/staff/export.csv?status=all&topic=womens-advisory-board');
    expect(csv.text).toContain('DONORS-TEXT');
    expect(csv.text).not.toContain('OSE-ONLY-TEXT');
    expect(csv.text).not.toContain('PENDING-TEXT');
    const json = JSON.parse((await liaison.get('/en/staff/export.json?status=all&topic=womens-advisory-board')).text);
    const references = json.submissions.map((s: { reference: string }) => s.reference);
    expect(references).toContain(donors.reference);
    expect(references).not.toContain(oseOnly.reference);

    const label = findTopic('womens-advisory-board')!.label.en;
    const cell = (html: string) =>
      new RegExp(`<th scope="row">${label.replace(/'/g, '&#39;')}</th><td class="number">([^<]+)</td>`).exec(html)?.[1];
    const liaisonStats = await liaison.get('/en/staff/stats');
    expect(liaisonStats.text).toContain('Only submissions routed to the donors are counted.');
    expect(cell(liaisonStats.text)).toBe('8');
    const triager = await signIn(TRIAGER);
    // 18 routed; the one still pending counts once intake routes it.
    expect(cell((await triager.get('/en/staff/stats')).text)).toBe('18');
  });

  it('never show a liaison contact details or the optional personal answers', async () => {
    const liaison = await signIn(LIAISON);
    const page = await liaison.get(`/en/staff/submissions/${both.reference}`);
    expect(page.text).not.toContain('Show contact details');
    expect(page.text).not.toContain('>Gender<');
    const show = await liaison.post(`/en/staff/submissions/${both.reference}/contact`, { csrf: csrfOf(page.text) });
    expect(show.status).toBe(404);
    expect(show.text).not.toContain(PERSON);
    const json = JSON.parse((await liaison.get('/en/staff/export.json?status=all&topic=womens-advisory-board')).text);
    expect(json.submissions[0]).not.toHaveProperty('gender');
    const stored = await store.get(both.reference);
    expect(stored?.audit?.some((e) => e.action === 'contact-viewed')).toBe(false);
  });

  it('show a liaison no breakdown by personal answers, derived from what the role may read (finding 1 of issue 12)', async () => {
    const liaison = await signIn(LIAISON);
    const triager = await signIn(TRIAGER);
    const liaisonStats = (await liaison.get('/en/staff/stats')).text;
    const triagerStats = (await triager.get('/en/staff/stats')).text;
    for (const heading of ['By gender', 'By disability']) {
      expect(triagerStats).toContain(heading);
      expect(liaisonStats).not.toContain(heading);
    }
    expect(liaisonStats).not.toContain('id="heading-gender"');
    expect(liaisonStats).not.toContain('id="heading-disability"');
    // What a liaison can read on each submission stays: no new fact to learn by differencing.
    for (const heading of ['By month', 'By topic (', 'By where the person is based', 'By language of the form'])
      expect(liaisonStats).toContain(heading);
  });

  it('never tell a liaison whether contact details exist: no acknowledgement or outcome deliveries, no contact events (finding 7 of issue 12)', async () => {
    const record = await seedSubmission(
      store,
      { topics: ['womens-advisory-board'], message: 'CONTACT-TRACES' },
      { routeTo: ['ose', 'donors'], contact: { email: PERSON }, vault },
    );
    for (const key of ['inbox-donors', 'acknowledgement', 'outcome-1']) {
      await store.claimDelivery(record.reference, key, 'test', 60_000);
      await store.completeDelivery(record.reference, key, 'test', `m-${key}`);
    }
    await store.recordDeliveryFailure(record.reference, 'outcome-2', 'MessageRejected');
    const triager = await signIn(TRIAGER);
    const triagerPage = await triager.get(`/en/staff/submissions/${record.reference}`);
    await triager.post(`/en/staff/submissions/${record.reference}/contact`, { csrf: csrfOf(triagerPage.text) });
    const seen = (await triager.get(`/en/staff/submissions/${record.reference}`)).text;
    expect(seen).toContain('Acknowledgement to the person');
    expect(seen).toContain('Viewed the contact details');

    const liaison = await signIn(LIAISON);
    const page = (await liaison.get(`/en/staff/submissions/${record.reference}`)).text;
    expect(page).toContain('CONTACT-TRACES');
    expect(page).toContain('To the donors’ inbox');
    expect(page).not.toContain('Acknowledgement to the person');
    expect(page).not.toContain('News to the person');
    expect(page).not.toContain('MessageRejected');
    expect(page).not.toContain('Viewed the contact details');
    expect(page).not.toContain('An email failed');
  });

  it('let a liaison leave a note but take no decision', async () => {
    const liaison = await signIn(LIAISON);
    const note = await decide(liaison, donors.reference, { action: 'note', text: 'Discussed with the donors group' });
    expect(note.status).toBe(303);
    const status = await decide(liaison, donors.reference, { action: 'status', to: 'in-review' });
    expect(status.status).toBe(404);
    expect((await store.get(donors.reference))?.status).toBe('new');
  });

  it('keep the staff accounts page for admins', async () => {
    const triager = await signIn(TRIAGER);
    expect((await triager.get('/en/staff/admin/staff')).status).toBe(404);
    const admin = await signIn(ADMIN);
    expect((await admin.get('/en/staff/admin/staff')).status).toBe(200);
  });

  it('record every view of contact details, with who and when', async () => {
    const triager = await signIn(TRIAGER);
    const page = await triager.get(`/en/staff/submissions/${oseOnly.reference}`);
    expect(page.text).not.toContain(PERSON);
    const shown = await triager.post(`/en/staff/submissions/${oseOnly.reference}/contact`, { csrf: csrfOf(page.text) });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(PERSON);
    expect(shown.text).toContain('Viewed the contact details');
    const audit = (await store.get(oseOnly.reference))?.audit ?? [];
    expect(audit.at(-1)).toMatchObject({ by: TRIAGER, action: 'contact-viewed' });
    const exported = await triager.get('/en/staff/export.csv?status=all&topic=womens-advisory-board');
    expect(exported.text).not.toContain(PERSON);
  });
});

describe('decisions', () => {
  it('change status only along allowed transitions, each with its audit event', async () => {
    const record = await seedSubmission(store, {}, { routeTo: ['ose'] });
    const triager = await signIn(TRIAGER);
    const refused = await decide(triager, record.reference, { action: 'status', to: 'closed' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('That status change is not allowed from “New”.');
    expect((await store.get(record.reference))?.version).toBe(1);

    const moved = await decide(triager, record.reference, { action: 'status', to: 'in-review' });
    expect(moved.status).toBe(303);
    const page = await triager.get(moved.headers.get('location')!);
    expect(page.text).toContain('Status changed.');
    expect(page.text).toContain('Status: New → In review');
    expect(await store.get(record.reference)).toMatchObject({ status: 'in-review', version: 2 });
  });

  it('refuse a form without its anti-forgery token, changing nothing', async () => {
    const record = await seedSubmission(store, {}, { routeTo: ['ose'] });
    const triager = await signIn(TRIAGER);
    const forged = await triager.post(`/en/staff/submissions/${record.reference}/decide`, {
      action: 'status',
      to: 'spam',
      version: '1',
      csrf: 'not-the-token',
    });
    expect(forged.status).toBe(403);
    const other = await signIn(TRIAGER_2);
    const otherToken = csrfOf((await other.get('/en/staff/inbox')).text);
    const stolen = await triager.post(`/en/staff/submissions/${record.reference}/decide`, {
      action: 'status',
      to: 'spam',
      version: '1',
      csrf: otherToken,
    });
    expect(stolen.status).toBe(403);
    expect((await store.get(record.reference))?.status).toBe('new');
  });

  it('tell the second of two colleagues that their edit is stale, keep their text, change nothing', async () => {
    const record = await seedSubmission(store, {}, { routeTo: ['ose'] });
    const first = await signIn(TRIAGER);
    const second = await signIn(TRIAGER_2);
    const firstPage = await first.get(`/en/staff/submissions/${record.reference}`);
    const secondPage = await second.get(`/en/staff/submissions/${record.reference}`);
    const post = (client: CookieClient, page: string, fields: Record<string, string>) =>
      client.post(`/en/staff/submissions/${record.reference}/decide`, {
        csrf: csrfOf(page),
        version: fieldOf(page, 'version'),
        ...fields,
      });
    expect((await post(first, firstPage.text, { action: 'status', to: 'in-review' })).status).toBe(303);
    const stored = await store.get(record.reference);
    const stale = await post(second, secondPage.text, { action: 'note', text: 'My careful note' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone changed this submission after you opened it');
    expect(stale.text).toContain('My careful note</textarea>');
    expect(stale.text).toContain('href="#note-text"');
    expect(await store.get(record.reference)).toEqual(stored);
    // The page now carries the new version, so trying again works.
    expect((await post(second, stale.text, { action: 'note', text: 'My careful note' })).status).toBe(303);
  });

  it('publish a public reply and close it in one decision, asking for one email to the person', async () => {
    const record = await seedSubmission(
      store,
      { status: 'in-review' },
      { routeTo: ['ose'], contact: { email: PERSON }, vault },
    );
    const triager = await signIn(TRIAGER);
    started.length = 0;
    const done = await decide(triager, record.reference, {
      action: 'reply',
      text: 'شكرًا، نقلنا ذلك.',
      after: 'answered',
    });
    expect(done.headers.get('location')).toContain('mail=started');
    const page = await triager.get(done.headers.get('location')!);
    expect(page.text).toContain('Reply published.');
    expect(page.text).toContain('The emails this needs are on their way.');
    expect(page.text).toContain('<bdi dir="auto">شكرًا، نقلنا ذلك.</bdi>');
    const stored = await store.get(record.reference);
    expect(stored).toMatchObject({ status: 'answered', publicReply: { text: 'شكرًا، نقلنا ذلك.', by: TRIAGER } });
    expect(started).toEqual([{ reference: record.reference, event: 2, forward: [], notify: true }]);
  });

  it('assign, reroute and note, each recorded', async () => {
    const record = await seedSubmission(store, { status: 'in-review' }, { routeTo: ['ose'] });
    const triager = await signIn(TRIAGER);
    expect((await decide(triager, record.reference, { action: 'assign', to: TRIAGER_2 })).status).toBe(303);
    expect((await decide(triager, record.reference, { action: 'assign', to: LIAISON })).status).toBe(400);
    expect((await decide(triager, record.reference, { action: 'reroute', to: 'both' })).status).toBe(303);
    expect((await decide(triager, record.reference, { action: 'note', text: '' })).status).toBe(400);
    expect((await decide(triager, record.reference, { action: 'note', text: 'Checked' })).status).toBe(303);
    const page = await triager.get(`/en/staff/submissions/${record.reference}`);
    expect(page.text).toContain(`Assigned: Nobody → ${TRIAGER_2}`);
    expect(page.text).toContain('Routing: Office of the Special Envoy → Donors and Office of the Special Envoy');
    expect(page.text).toContain('Added an internal note');
    // Three decisions taken, two refused: version 1 + 3.
    expect(await store.get(record.reference)).toMatchObject({
      assignee: TRIAGER_2,
      routedTo: ['donors', 'ose'],
      version: 4,
    });
  });

  it('say when an acknowledgement was withheld by the daily limit for an address', async () => {
    const record = await seedSubmission(store, { acknowledgementWithheld: true }, { routeTo: ['ose'] });
    const triager = await signIn(TRIAGER);
    const en = await triager.get(`/en/staff/submissions/${record.reference}`);
    expect(en.text).toContain('No acknowledgement was sent: the email address given had reached its daily limit');
    const ar = await triager.get(`/staff/submissions/${record.reference}`);
    expect(ar.text).toContain('لم تُرسل رسالة تأكيد الاستلام');
    const other = await seedSubmission(store, {}, { routeTo: ['ose'] });
    expect((await triager.get(`/en/staff/submissions/${other.reference}`)).text).not.toContain(
      'No acknowledgement was sent',
    );
  });

  it('show the person’s text isolated, with bidi controls removed', async () => {
    const record = await seedSubmission(store, { message: 'abc\u202Edef\n\nسطر\u2066ثان' }, { routeTo: ['ose'] });
    const triager = await signIn(TRIAGER);
    const page = await triager.get(`/en/staff/submissions/${record.reference}`);
    expect(page.text).toContain('<p><bdi dir="auto">abcdef</bdi></p><p><bdi dir="auto">سطرثان</bdi></p>');
    expect(page.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});

describe('the queue', () => {
  let seeded: SubmissionRecord[];
  beforeAll(async () => {
    // Every sixth urgent (10 of 55), spread through time.
    seeded = await seedMany(
      store,
      55,
      new Date('2024-01-01T00:00:00Z'),
      // Each its own text: near-identical ones would be shown once, as a group (issue 15).
      (i) => ({ topics: ['cultural-heritage'], urgent: i % 6 === 0, message: `رسالة ${i} عن التراث رقم ${i * 7919}` }),
      { routeTo: ['ose'] },
    );
  });

  it('pages through 55 submissions by 20 with no gap and no repeat, following its own links', async () => {
    const triager = await signIn(TRIAGER);
    let path: string | undefined = '/en/staff/inbox?status=new&topic=cultural-heritage&order=oldest';
    const pages: string[][] = [];
    while (path) {
      const page = await triager.get(path);
      expect(page.status).toBe(200);
      pages.push(referencesIn(page.text));
      const next = /<a href="([^"]+)" rel="next">/.exec(page.text)?.[1];
      path = next?.replace(/&amp;/g, '&');
    }
    expect(pages.map((p) => p.length)).toEqual([20, 20, 15]);
    // Urgent submissions first, then the rest, each oldest first as asked.
    const urgentFirst = [...seeded.filter((r) => r.urgent), ...seeded.filter((r) => !r.urgent)];
    expect(pages.flat()).toEqual(urgentFirst.map((r) => r.reference));
  });

  it('ignores a cursor it did not sign, or signed for another order', async () => {
    const triager = await signIn(TRIAGER);
    const position = `2024-01-01T00:00:30.000Z#${seeded[30]!.reference}`;
    const forged = `${Buffer.from(`oldest|${position}`).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`;
    const page = await triager.get(`/en/staff/inbox?status=new&topic=cultural-heritage&order=oldest&cursor=${forged}`);
    expect(page.text).toContain('That page link was not valid, so the first page is shown.');
    expect(referencesIn(page.text)[0]).toBe(seeded[0]!.reference); // the oldest, and urgent
    expect(readCursor(SECRET, 'newest', signCursor(SECRET, 'oldest', position))).toBeUndefined();
    expect(readCursor(SECRET, 'oldest', signCursor(SECRET, 'oldest', position))).toBe(position);
  });

  it('shows counts per status, a table with caption and header scopes, and sorting by links', async () => {
    const triager = await signIn(TRIAGER);
    const page = await triager.get('/en/staff/inbox?status=new&topic=cultural-heritage');
    expect(page.text).toMatch(/New \(\d+ submissions\)/);
    // Urgent first: the caption says so, and no single column claims the order.
    expect(page.text).toContain('<caption id="queue-caption">New, urgent first, then newest</caption>');
    expect(page.text).toContain(
      '<th scope="col"><a href="/en/staff/inbox?status=new&amp;topic=cultural-heritage&amp;order=oldest">',
    );
    expect(page.text).not.toContain('aria-sort');
    expect(page.text).toContain('<th scope="row">');
    const urgentOnly = await triager.get('/en/staff/inbox?status=new&topic=cultural-heritage&urgent=1');
    expect(urgentOnly.text).toContain('<caption id="queue-caption">New, Newest first</caption>');
    expect(urgentOnly.text).toContain(
      '<th scope="col" aria-sort="descending"><a href="/en/staff/inbox?status=new&amp;topic=cultural-heritage&amp;urgent=1&amp;order=oldest">',
    );
    const arabic = await triager.get('/staff/inbox?status=new&topic=cultural-heritage');
    expect(arabic.text).toContain('العاجلة أولًا، ثم الأحدث');
  });
});

describe('exports', () => {
  it('write CSV that opens with Arabic intact (UTF-8 with BOM) and neutralises formulas', async () => {
    const formula = await seedSubmission(
      store,
      { topics: ['sanctions'], message: '=HYPERLINK("http://evil.example","click")', language: 'en' },
      { routeTo: ['ose'], contact: { email: PERSON }, vault },
    );
    const arabic = await seedSubmission(
      store,
      { topics: ['sanctions'], message: 'نطالب برفع العقوبات عن الأدوية.' },
      { routeTo: ['ose'] },
    );
    const triager = await signIn(TRIAGER);
    const response = await triager.get('/en/staff/export.csv?status=new&topic=sanctions');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="mashura-new-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = await triager.bytes('/en/staff/export.csv?status=new&topic=sanctions');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).startsWith('\uFEFF')).toBe(true);
    expect(response.text).toContain('نطالب برفع العقوبات عن الأدوية.');
    expect(response.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(response.text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(response.text).not.toContain(PERSON);
    expect(response.text).toContain(formula.reference.slice(0, 4));
    expect(response.text).toContain(arabic.reference.slice(0, 4));
  });

  it('write the same rows as JSON, without contact details', async () => {
    const triager = await signIn(TRIAGER);
    const response = await triager.get('/en/staff/export.json?status=new&topic=sanctions');
    const body = JSON.parse(response.text);
    expect(body).toMatchObject({ status: 'new', filters: { topic: 'sanctions' }, truncated: false });
    expect(body.submissions.length).toBeGreaterThanOrEqual(2);
    expect(response.text).not.toContain(PERSON);
    expect(response.text).not.toContain('contactCiphertext');
  });

  it('neutralises every cell a spreadsheet could run, whatever it starts with', async () => {
    const { neutraliseCell } = await import('./export.ts');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutraliseCell('سلام')).toBe('سلام');
  });
});

describe('statistics', () => {
  it('show small counts only as "fewer than 5", in both languages', async () => {
    await seedMany(store, 3, new Date('2023-06-01T00:00:00Z'), () => ({ region: 'iraq' }), { routeTo: ['ose'] });
    await seedMany(store, 7, new Date('2023-07-01T00:00:00Z'), () => ({ region: 'jordan' }), { routeTo: ['ose'] });
    const triager = await signIn(TRIAGER);
    const en = (await triager.get('/en/staff/stats')).text;
    const cell = (html: string, label: string) =>
      new RegExp(`<th scope="row">${label}</th><td class="number">([^<]+)</td>`).exec(html)?.[1];
    expect(cell(en, 'Iraq')).toBe('fewer than 5');
    expect(cell(en, 'Jordan')).toBe('7');
    // June alone is small; from the total it could be worked out, so the next smallest month is hidden too.
    expect(cell(en, 'June 2023')).toBe('fewer than 5');
    expect(cell(en, 'July 2023')).toBe('hidden to protect a small count');
    expect(en).toContain('role="img"');
    expect(en).toMatch(
      /<title id="chart-month-title">Bar chart: By month\. The same numbers are in the table\.<\/title>/,
    );
    const ar = (await triager.get('/staff/stats')).text;
    expect(cell(ar, 'العراق')).toBe('أقل من ٥');
    expect(cell(ar, 'الأردن')).toBe('٧');
  });

  it('let admins rebuild the queue totals', async () => {
    const admin = await signIn(ADMIN);
    const page = await admin.get('/en/staff/stats');
    const done = await admin.post('/en/staff/stats/recount', { csrf: csrfOf(page.text) });
    expect(done.headers.get('location')).toBe('/en/staff/stats?done=recounted');
    const triager = await signIn(TRIAGER);
    const stats = await triager.get('/en/staff/stats');
    expect(await triager.post('/en/staff/stats/recount', { csrf: csrfOf(stats.text) })).toMatchObject({ status: 404 });
  });
});

describe('staff accounts', () => {
  it('let an admin add, change and remove colleagues; a removed person is signed out at once', async () => {
    const admin = await signIn(ADMIN);
    const page = await admin.get('/en/staff/admin/staff');
    const csrf = csrfOf(page.text);
    const added = await admin.post('/en/staff/admin/staff', { csrf, email: 'New.Person@OSE.example', role: 'liaison' });
    expect(added.headers.get('location')).toBe('/en/staff/admin/staff?done=added&who=new.person%40ose.example');
    expect((await admin.get(added.headers.get('location')!)).text).toContain('new.person@ose.example was added.');
    const newcomer = await signIn('new.person@ose.example');
    expect((await newcomer.get('/en/staff/account')).text).toContain('Your role: Donor liaison');

    await admin.post('/en/staff/admin/staff/role', { csrf, email: 'new.person@ose.example', role: 'triager' });
    expect((await newcomer.get('/en/staff/account')).text).toContain('Your role: OSE triager');

    await admin.post('/en/staff/admin/staff/remove', { csrf, email: 'new.person@ose.example' });
    expect((await newcomer.get('/en/staff/inbox')).status).toBe(303);
    const invalid = await admin.post('/en/staff/admin/staff', { csrf, email: 'nope', role: 'triager' });
    expect(invalid.status).toBe(400);
    const self = await admin.post('/en/staff/admin/staff/remove', { csrf, email: ADMIN });
    expect(self.headers.get('location')).toContain('done=notSelf');
    expect((await admin.get('/en/staff/inbox')).status).toBe(200);
  });
});

describe('campaigns in the statistics (issue 15)', () => {
  it('count and list each campaign for triagers in both languages, link to its group, and show none to a liaison', async () => {
    const triager = await signIn(TRIAGER);
    // Other tests here seed the same default message many times: count from what is there.
    const campaignsOn = (html: string) =>
      html.includes('No group has become a campaign so far.')
        ? 0
        : Number(/Campaigns so far: (\d+)/.exec(html)?.[1] ?? Number.NaN);
    const before = campaignsOn((await triager.get('/en/staff/stats')).text);
    expect(before).toBeGreaterThanOrEqual(0);
    const message = 'CAMPAIGN-TEXT نطالب بفتح معبر باب الهوى أمام المساعدات الإنسانية دون شروط';
    const members = [];
    for (let i = 0; i < 20; i++) members.push(await seedSubmission(store, { message }, { routeTo: ['ose'] }));
    const group = members[0]!.reference;
    const en = (await triager.get('/en/staff/stats')).text;
    expect(campaignsOn(en)).toBe(before + 1);
    expect(en).toContain(`href="/en/staff/groups/${group}"`);
    const row = new RegExp(`<td class="number">(\\d+)</td><td><a href="/en/staff/groups/${group}"`).exec(en);
    expect(row?.[1]).toBe('20');
    const ar = (await signIn(TRIAGER, 'ar').then((c) => c.get('/staff/stats'))).text;
    expect(ar).toContain(`عدد الحملات حتى الآن: ${formatNumber('ar', before + 1)}`);
    expect(ar).toContain(`href="/staff/groups/${group}"`);
    const liaison = (await (await signIn(LIAISON)).get('/en/staff/stats')).text;
    expect(liaison).not.toContain('heading-campaigns');
    expect(liaison).not.toContain(group);
  });
});
