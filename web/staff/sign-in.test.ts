/**
 * Staff sign-in against an adversary who knows a staff address (issue 12, findings 2, 6, 9):
 * nobody can lock a staff member out or flood their mailbox, the real person still gets a
 * link, anonymous requests cannot hold the staff function, cookies are `__Host-` on https,
 * the confirmation names the account, and other sites cannot post the forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTriage, translator } from '#core';
import type { OutgoingEmail } from '#mail';
import {
  createQueueStore,
  createRateLimiter,
  createSessionStore,
  createSignInTokenStore,
  createStaffStore,
  createStatusCounts,
  createSubmissionStore,
  createTriageStore,
} from '#store';
import { testTable } from '../../tests/support/dynamo.ts';
import { type CookieClient, cookieClient, fieldOf, signInPath } from '../../tests/support/staff.ts';
import { createStaffApp } from './app.tsx';

const en = translator('en');
const TRIAGER = 'triage@ose.example';
const ADMIN = 'admin@ose.example';
const FLOOR_MS = 800;
const LIMITS = {
  sessionHours: 12,
  signInsPer15Minutes: 3,
  signInEmailsPerDay: 5,
  signInsPerClientPer15Minutes: 4,
  anonymousSignInsPer10Seconds: 3,
};

let table: Awaited<ReturnType<typeof testTable>>;
let app: ReturnType<typeof createStaffApp>;
let clock = Date.parse('2026-05-01T09:00:00Z');
const mails: OutgoingEmail[] = [];
/** Every floor the app waited out, in ms (instead of sleeping). */
const floors: number[] = [];
let clientCount = 0;
const newClient = () => `203.0.113.${++clientCount}`;

beforeAll(async () => {
  table = await testTable();
  const { client, tableName } = table;
  const store = createSubmissionStore(client, tableName);
  const counts = createStatusCounts(client, tableName);
  const staff = createStaffStore(client, tableName);
  await staff.seed(TRIAGER, 'triager');
  await staff.seed(ADMIN, 'admin');
  const now = () => clock;
  app = createStaffApp({
    triage: createTriage({ repository: createTriageStore(client, tableName, counts, store.get), staff }),
    staff,
    sessions: createSessionStore(client, tableName, now),
    signInTokens: createSignInTokenStore(client, tableName, now),
    queue: createQueueStore(client, tableName, counts),
    rateLimiter: createRateLimiter(client, tableName, now),
    mail: {
      send: async (email) => {
        mails.unshift(email);
        return { messageId: `m${mails.length}` };
      },
    },
    mailFrom: 'no-reply@mashura.example',
    baseUrl: 'http://localhost:3000',
    secret: 'sign-in-test-secret',
    config: LIMITS,
    signInFloorMs: FLOOR_MS,
    clientAddress: (c) => c.req.header('x-test-client'),
    sleep: async (ms) => {
      floors.push(ms);
    },
    now,
  });
});
afterAll(() => table.stop());

/** A browser at one network address (cookies kept), over http or https. */
function browser(address = newClient(), origin = '') {
  const client = cookieClient({
    request: (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('x-test-client', address);
      return app.request(`${origin}${path}`, { ...init, headers });
    },
  } as Parameters<typeof cookieClient>[0]);
  return client;
}

async function ask(client: CookieClient, email: string) {
  const page = await client.get('/en/staff');
  return client.post('/en/staff/sign-in', { pre: fieldOf(page.text, 'pre'), email });
}

async function confirm(client: CookieClient, email: string) {
  const page = await client.get(signInPath(mails, email));
  expect(page.status).toBe(200);
  return {
    page,
    done: await client.post('/en/staff/sign-in/confirm', {
      pre: fieldOf(page.text, 'pre'),
      token: fieldOf(page.text, 'token'),
    }),
  };
}

const mailsTo = (email: string) => mails.filter((mail) => mail.to.includes(email)).length;
/** Each test starts in fresh windows (a new day, so the day's cap is fresh too). */
const nextDay = () => {
  clock = Math.ceil(clock / 86_400_000) * 86_400_000 + 9 * 3_600_000;
};

describe('nobody can lock a staff member out or flood their mailbox (finding 2)', () => {
  it('answers every anonymous request for an address the same way, however many, from however many clients', async () => {
    nextDay();
    for (let i = 0; i < 8; i++) {
      const response = await ask(browser(), TRIAGER);
      expect(response.status, `request ${i + 1}`).toBe(200);
      expect(response.text).toContain(en('staff.signIn.sent.title'));
      clock += 4_000; // under the anonymous budget
    }
  });

  it('sends an address at most its links per 15 minutes and per day, whoever asks', async () => {
    nextDay();
    const before = mailsTo(TRIAGER);
    for (let window = 0; window < 6; window++) {
      for (let i = 0; i < 5; i++) {
        await ask(browser(), TRIAGER);
        clock += 4_000;
      }
      expect(mailsTo(TRIAGER) - before).toBeLessThanOrEqual(Math.min((window + 1) * 3, 5));
      clock += 15 * 60_000;
    }
    expect(mailsTo(TRIAGER) - before).toBe(LIMITS.signInEmailsPerDay);
  });

  it('still sends the real staff member a working link from a device they signed in on before', async () => {
    nextDay();
    const mine = browser();
    await ask(mine, ADMIN);
    expect((await confirm(mine, ADMIN)).done.status).toBe(303);
    await mine.post('/en/staff/sign-out', { csrf: fieldOf((await mine.get('/en/staff/account')).text, 'csrf') });
    // Someone spends every anonymous link for the address, from many clients.
    for (let i = 0; i < 10; i++) {
      await ask(browser(), ADMIN);
      clock += 4_000;
    }
    const sent = mailsTo(ADMIN);
    const mineAgain = await ask(mine, ADMIN);
    expect(mineAgain.status).toBe(200);
    expect(mailsTo(ADMIN)).toBe(sent + 1);
    expect((await confirm(mine, ADMIN)).done.status).toBe(303);
  });

  it('limits one client, for any addresses, and answers that at once', async () => {
    nextDay();
    const one = browser();
    const statuses = [];
    floors.length = 0;
    for (let i = 0; i < LIMITS.signInsPerClientPer15Minutes + 1; i++) {
      statuses.push((await ask(one, `someone${i}@example.org`)).status);
      clock += 4_000;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    // Only the accepted requests waited out the floor.
    expect(floors).toEqual([FLOOR_MS, FLOOR_MS, FLOOR_MS, FLOOR_MS]);
  });

  it('keeps anonymous requests from holding the function: a small budget every 10 seconds, refused at once past it', async () => {
    nextDay();
    clock = Math.ceil(clock / 10_000) * 10_000;
    floors.length = 0;
    const statuses = [];
    for (let i = 0; i < LIMITS.anonymousSignInsPer10Seconds + 2; i++) {
      statuses.push((await ask(browser(), `nobody${i}@example.org`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(floors).toHaveLength(LIMITS.anonymousSignInsPer10Seconds);
    const busy = await ask(browser(), 'another@example.org');
    expect(busy.text).toContain(en('staff.signIn.busy.title'));
    expect(Number(busy.headers.get('retry-after'))).toBeLessThanOrEqual(10);
  });

  it('answers a recognised device without the floor, and is not held up by the anonymous budget', async () => {
    nextDay();
    const mine = browser();
    await ask(mine, TRIAGER);
    await confirm(mine, TRIAGER);
    await mine.post('/en/staff/sign-out', { csrf: fieldOf((await mine.get('/en/staff/account')).text, 'csrf') });
    clock = Math.ceil(clock / 10_000) * 10_000;
    for (let i = 0; i < LIMITS.anonymousSignInsPer10Seconds + 1; i++) await ask(browser(), `x${i}@example.org`);
    floors.length = 0;
    const sent = mailsTo(TRIAGER);
    expect((await ask(mine, TRIAGER)).status).toBe(200);
    expect(mailsTo(TRIAGER)).toBe(sent + 1);
    expect(floors).toEqual([]);
  });

  it('does not recognise a device after "sign out everywhere", nor for another address', async () => {
    nextDay();
    const mine = browser();
    await ask(mine, TRIAGER);
    await confirm(mine, TRIAGER);
    const account = await mine.get('/en/staff/account');
    await mine.post('/en/staff/sign-out-everywhere', { csrf: fieldOf(account.text, 'csrf') });
    floors.length = 0;
    await ask(mine, TRIAGER);
    await ask(mine, ADMIN);
    expect(floors).toHaveLength(2);
  });
});

describe('sign-in cookies and the confirmation (finding 9)', () => {
  it('uses __Host- cookies on https, and names the account on the confirmation page', async () => {
    nextDay();
    const secure = browser(newClient(), 'https://mashura.example');
    const page = await secure.get('/en/staff');
    expect([...secure.jar.keys()]).toEqual(['__Host-mashura_staff_pre']);
    await secure.post('/en/staff/sign-in', { pre: fieldOf(page.text, 'pre'), email: TRIAGER });
    const { page: confirmPage, done } = await confirm(secure, TRIAGER);
    expect(confirmPage.text).toContain(`<bdi dir="ltr">${TRIAGER}</bdi>`);
    expect(done.status).toBe(303);
    const cookies = done.headers.getSetCookie();
    const session = cookies.find((line) => line.startsWith('__Host-mashura_staff='));
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; Path=\//);
    expect(session).not.toMatch(/Domain=/i);
    expect((await secure.get('/en/staff/inbox')).status).toBe(200);
  });

  it('ignores a session cookie without the prefix on https (cookie tossing from a sibling subdomain)', async () => {
    nextDay();
    const attacker = browser(newClient(), 'https://mashura.example');
    await ask(attacker, ADMIN);
    await confirm(attacker, ADMIN);
    const session = attacker.jar.get('__Host-mashura_staff')!;
    const victim = browser(newClient(), 'https://mashura.example');
    victim.jar.set('mashura_staff', session);
    const inbox = await victim.get('/en/staff/inbox');
    expect(inbox.status).toBe(303);
  });

  it('keeps plain cookie names over local http', async () => {
    nextDay();
    const local = browser();
    await local.get('/en/staff');
    expect([...local.jar.keys()]).toEqual(['mashura_staff_pre']);
  });
});

describe('other sites cannot post the staff forms (finding 6)', () => {
  it('refuses a cross-site sign-in post with a translated 403 and sends nothing', async () => {
    nextDay();
    const client = browser();
    const page = await client.get('/en/staff');
    const before = mails.length;
    const response = await app.request('/en/staff/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ pre: fieldOf(page.text, 'pre'), email: TRIAGER }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
        cookie: [...client.jar].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(en('staff.crossSite.title'));
    expect(mails.length).toBe(before);
  });
});
