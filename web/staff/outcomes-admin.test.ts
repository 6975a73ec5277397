import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, type StaffRole } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import {
  createOutcomeStore,
  createRateLimiter,
  createSessionStore,
  createStaffStore,
  createStatusViewStore,
  createSubmissionStore,
} from '#store';
import { testTable } from '../../tests/support/dynamo.ts';
import { createApp } from '../public/app.tsx';
import { keyedHash, newSecretToken, SESSION_COOKIE, sha256 } from './auth.ts';
import { createOutcomesAdmin, staffAdminAccess } from './outcomes.tsx';

/**
 * The outcome admin pages behind the real staff sign-in (web/staff/auth.ts): sessions and
 * accounts in the table, the role guard, and the anti-forgery token on every post. Mounted
 * as functions/compose-staff.ts mounts them, with the public app behind for /outcomes.
 */
const SECRET = 'staff-secret';
let table: Awaited<ReturnType<typeof testTable>>;
let app: Hono;
let staff: ReturnType<typeof createStaffStore>;
let sessions: ReturnType<typeof createSessionStore>;
const outcomes = () => createOutcomeStore(table.client, table.tableName);

beforeAll(async () => {
  table = await testTable();
  staff = createStaffStore(table.client, table.tableName);
  sessions = createSessionStore(table.client, table.tableName);
  const submissions = createSubmissionStore(table.client, table.tableName);
  const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(9) }));
  app = new Hono();
  app.route(
    '/',
    createOutcomesAdmin({
      outcomes: outcomes(),
      ...staffAdminAccess({ sessions, staff, secret: SECRET }),
      exitUrl: 'https://www.example.com/',
    }),
  );
  const publicApp = createApp({
    intake: createIntake({ repository: submissions, sealer: vault, receiptSecret: 'r' }),
    submissions,
    exitUrl: 'https://www.example.com/',
    followUp: {
      submissions,
      outcomes: outcomes(),
      limiter: createRateLimiter(table.client, table.tableName),
      views: createStatusViewStore(table.client, table.tableName),
      secret: 's',
    },
  });
  app.route('/', publicApp);
});
afterAll(() => table.stop());

/** A signed-in session for a staff member, as the sign-in link would leave it. */
async function signIn(email: string, role: StaffRole) {
  await staff.add(email, role, 'seed');
  const member = (await staff.get(email))!;
  const id = newSecretToken();
  const now = Math.floor(Date.now() / 1000);
  await sessions.create(sha256(id), { email, generation: member.generation, createdAt: now, expiresAt: now + 3600 });
  return { cookie: `${SESSION_COOKIE}=${id}`, csrf: keyedHash(SECRET, 'csrf', sha256(id)) };
}

const note = {
  topic: 'civic-space',
  periodStart: '2026-10',
  periodEnd: '2026-10',
  actor: 'ose',
  saidAr: 'طالبت الناشطات والناشطون بحمايتهم.',
  saidEn: 'Activists asked for protection.',
  didAr: 'تابع المكتب الحالات.',
  didEn: 'The office followed the cases up.',
};

const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });

describe('outcome notes behind staff sign-in', () => {
  it('send someone not signed in to sign in, and answer other roles as if the page did not exist', async () => {
    const anonymous = await app.request('/en/staff/outcomes');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/en/staff?next=${encodeURIComponent('/en/staff/outcomes')}`);
    const triager = await signIn('triage@ose.example', 'triager');
    expect((await app.request('/staff/outcomes', { headers: { cookie: triager.cookie } })).status).toBe(404);
    expect((await post('/staff/outcomes', { ...note, csrf: triager.csrf }, triager.cookie)).status).toBe(404);
    const liaison = await signIn('liaison@donors.example', 'liaison');
    expect((await app.request('/staff/outcomes/new', { headers: { cookie: liaison.cookie } })).status).toBe(404);
  });

  it('let an admin write and publish, with the anti-forgery token in every form and required on every post', async () => {
    const { cookie, csrf } = await signIn('admin@ose.example', 'admin');
    const form = await (await app.request('/staff/outcomes/new', { headers: { cookie } })).text();
    expect(form).toContain(`<input type="hidden" name="csrf" value="${csrf}"/>`);
    // Inside the staff pages' own layout: who is signed in, and signing out.
    expect(form).toContain('<body class="staff">');
    expect(form).toContain('action="/staff/sign-out"');

    expect((await post('/staff/outcomes', note, cookie)).status).toBe(403);
    expect((await post('/staff/outcomes', { ...note, csrf: 'forged' }, cookie)).status).toBe(403);
    const saved = await post('/staff/outcomes', { ...note, csrf }, cookie);
    expect(saved.status).toBe(303);
    const id = saved.headers.get('location')!.split('/')[3]!;

    const preview = await (await app.request(`/staff/outcomes/${id}/preview`, { headers: { cookie } })).text();
    expect(preview).toContain(`<input type="hidden" name="csrf" value="${csrf}"/>`);
    expect((await post(`/staff/outcomes/${id}/publish`, { version: '1' }, cookie)).status).toBe(403);
    expect((await post(`/staff/outcomes/${id}/publish`, { version: '1', csrf }, cookie)).status).toBe(303);

    const published = await outcomes().get(id);
    expect(published?.published).toMatchObject({
      version: 1,
      savedBy: 'admin@ose.example',
      publishedBy: 'admin@ose.example',
    });
    expect(await (await app.request('/en/outcomes')).text()).toContain(note.didEn);
  });
});
