import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, groupCode, translator } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createOutcomeStore, createRateLimiter, createStatusViewStore, createSubmissionStore } from '#store';
import { testTable } from '../tests/support/dynamo.ts';
import { cookieClient } from '../tests/support/staff.ts';
import { createApp } from './public/app.tsx';
import type { StatusLimits } from './public/status.tsx';

/**
 * The public side after the independent review (issue 12): what a seized browser keeps
 * (finding 5), cross-site posts (6), lock-out of /status by a known reference (8) and
 * `__Host-` cookies (9). In-process against dynalite.
 */
const en = translator('en');
const ar = translator('ar');
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(4) }));
const LIMITS: StatusLimits = {
  perClient: { limit: 6, windowSeconds: 3600 },
  sharedClients: { limit: 1000, windowSeconds: 3600 },
  perReference: { limit: 4, windowSeconds: 3600 },
};

let table: Awaited<ReturnType<typeof testTable>>;
let app: ReturnType<typeof createApp>;
let clientCount = 0;
const newClient = () => `198.51.100.${++clientCount}`;

beforeAll(async () => {
  table = await testTable();
  const store = createSubmissionStore(table.client, table.tableName);
  app = createApp({
    intake: createIntake({ repository: store, sealer: vault, receiptSecret: 'receipt-secret' }),
    submissions: store,
    exitUrl: 'https://www.example.com/',
    clientAddress: (c) => c.req.header('x-test-client'),
    followUp: {
      submissions: store,
      outcomes: createOutcomeStore(table.client, table.tableName),
      limiter: createRateLimiter(table.client, table.tableName),
      views: createStatusViewStore(table.client, table.tableName),
      secret: 'server-secret',
      limits: LIMITS,
    },
  });
});
afterAll(() => table.stop());

const itemCount = async () =>
  (await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items?.length ?? 0;

async function formFields(origin = '', path = '/en') {
  const html = await (await app.request(`${origin}${path}`)).text();
  return {
    formToken: html.match(/name="formToken" value="([^"]+)"/)?.[1] ?? '',
    addressee: 'ose',
    topics: 'detainees',
    message: 'We need news of the detained.',
  };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Sends a form and returns the reference and receipt from the confirmation (read with the cookie). */
async function send(client = cookieClient(app), origin = '') {
  const response = await client.post(`${origin}/en`, await formFields(origin));
  expect(response.status).toBe(303);
  const reference = /\/sent\/([0-9A-Z]+)/.exec(response.headers.get('location') ?? '')?.[1] ?? '';
  const page = await client.get(`${origin}/en/sent/${reference}`);
  const receipt = /data-receipt[^>]*>([^<]+)</.exec(page.text)?.[1]?.replaceAll('-', '').trim() ?? '';
  return { reference, receipt, response, page, client };
}

describe('cross-site posts are refused (finding 6)', () => {
  const refusals: [string, Record<string, string>][] = [
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin from a browser without Sec-Fetch-*', { origin: 'https://attacker.example' }],
  ];
  it.each(refusals)(
    'refuses a form post with %s, with a translated 403 page, storing nothing',
    async (_name, headers) => {
      for (const [path, t, lang] of [
        ['/', ar, 'ar'],
        ['/en', en, 'en'],
      ] as const) {
        const before = await itemCount();
        const response = await app.request(path, {
          method: 'POST',
          body: new URLSearchParams(await formFields('', path)),
          headers: { ...FORM, ...headers },
        });
        const html = await response.text();
        expect(response.status).toBe(403);
        expect(html).toContain(`lang="${lang}"`);
        expect(html).toContain(t('error.crossSite.title'));
        expect(response.headers.get('set-cookie')).toBeNull();
        expect(await itemCount()).toBe(before);
      }
      const status = await app.request('/en/status', {
        method: 'POST',
        body: new URLSearchParams({ reference: 'ABCD-EFGH-JKMN', receipt: 'ABCD-EFGH-JKMN' }),
        headers: { ...FORM, ...headers },
      });
      expect(status.status).toBe(403);
    },
  );

  it('accepts same-origin posts, posts a person resends, and posts from browsers that send neither header', async () => {
    const cases: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin', origin: 'null' }, // Referrer-Policy: no-referrer makes Origin "null"
      { 'sec-fetch-site': 'none' },
      { origin: 'http://localhost' },
      { origin: 'null' },
      {},
    ];
    for (const headers of cases) {
      const response = await app.request('/en', {
        method: 'POST',
        body: new URLSearchParams(await formFields()),
        headers: { ...FORM, ...headers },
      });
      expect(response.status, JSON.stringify(headers)).toBe(303);
    }
  });
});

describe('what a seized browser keeps (finding 5)', () => {
  it('marks the redirect after sending no-store, and gives the receipt a session cookie', async () => {
    const { response } = await send();
    expect(response.headers.get('cache-control')).toBe('no-store');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/mashura_receipt=/);
    expect(cookie).not.toMatch(/max-age|expires/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it('shows the receipt once: reopening the confirmation (history, back, session restore) cannot bring it back', async () => {
    const { reference, receipt, page, client } = await send();
    expect(receipt).toMatch(/^[0-9A-Z]{8,}$/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain(en('sent.receipt.warning'));
    const again = await client.get(`/en/sent/${reference}`);
    expect(again.status).toBe(200);
    expect(again.text).not.toContain(groupCode(receipt));
    expect(again.text).toContain(en('sent.receipt.gone'));
  });

  it('answers a status lookup with a redirect to a result that can be shown once, never replayed', async () => {
    const { reference, receipt } = await send();
    const client = cookieClient(app);
    const posted = await client.post('/en/status', { reference, receipt });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/en/status/result');
    expect(posted.headers.get('cache-control')).toBe('no-store');
    expect(posted.headers.get('set-cookie') ?? '').not.toMatch(/max-age|expires/i);
    // Neither code in the redirect or the cookie.
    expect(posted.headers.get('location')).not.toContain(reference);
    expect(posted.headers.get('set-cookie') ?? '').not.toContain(reference);
    expect(posted.headers.get('set-cookie') ?? '').not.toContain(receipt);

    const result = await client.get('/en/status/result');
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.text).toContain(groupCode(reference));
    expect(result.text).toContain(en('status.now.heading'));

    // Reloaded, restored from a session or reopened from history: gone, with a way to look again.
    const replay = await client.get('/en/status/result');
    expect(replay.text).not.toContain(groupCode(reference));
    expect(replay.text).toContain(en('status.result.gone'));
    // Even with the handle copied out of the cookie jar before it was used.
    const stolen = cookieClient(app);
    const second = await stolen.post('/en/status', { reference, receipt });
    const handle = [...stolen.jar].find(([name]) => name.includes('status'));
    expect(handle).toBeDefined();
    await stolen.get('/en/status/result');
    const copy = cookieClient(app);
    copy.jar.set(handle![0], handle![1]);
    expect((await copy.get('/en/status/result')).text).not.toContain(groupCode(reference));
    expect(second.status).toBe(303);
  });

  it('states the traces that remain, and what to do about them, on the privacy page in both languages', async () => {
    for (const [path, t] of [
      ['/privacy', ar],
      ['/en/privacy', en],
    ] as const) {
      const html = await (await app.request(path)).text();
      expect(html).toContain(t('privacy.traces.heading'));
      expect(html).toContain(t('privacy.traces.history'));
      expect(html).toContain(t('privacy.traces.what'));
    }
  });
});

describe('a known reference cannot lock its owner out of /status (finding 8)', () => {
  it('lets the owner in after many wrong tries on their reference from many clients', async () => {
    const { reference, receipt } = await send();
    for (let i = 0; i < 12; i++) {
      const response = await app.request('/en/status', {
        method: 'POST',
        body: new URLSearchParams({ reference, receipt: 'ABCD-EFGH-JKMN-PQRS' }),
        headers: { ...FORM, 'x-test-client': newClient() },
      });
      expect(response.status).toBe(400);
    }
    const owner = await app.request('/en/status', {
      method: 'POST',
      body: new URLSearchParams({ reference, receipt }),
      headers: { ...FORM, 'x-test-client': newClient() },
    });
    expect(owner.status).toBe(303);
  });

  it('still stops one client guessing at one reference, and at many', async () => {
    const { reference } = await send();
    const client = newClient();
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const response = await app.request('/en/status', {
        method: 'POST',
        body: new URLSearchParams({ reference, receipt: 'ABCD-EFGH-JKMN-PQRS' }),
        headers: { ...FORM, 'x-test-client': client },
      });
      statuses.push(response.status);
    }
    // The per-reference budget of this client (4), then nothing.
    expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
  });
});

describe('cookies on https carry the __Host- prefix (finding 9)', () => {
  it('names the receipt cookie __Host- with Secure and Path=/ and no Domain, and reads it back', async () => {
    const { response, receipt, page } = await send(cookieClient(app), 'https://mashura.example');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-mashura_receipt=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(receipt).toMatch(/^[0-9A-Z]{8,}$/);
    expect(page.text).toContain(groupCode(receipt));
  });

  it('ignores a cookie without the prefix on https (what a sibling subdomain could set)', async () => {
    const { reference, receipt } = await send();
    const tossed = cookieClient(app);
    tossed.jar.set('mashura_receipt', `${reference}.${receipt}`);
    const page = await tossed.get(`https://mashura.example/en/sent/${reference}`);
    expect(page.text).not.toContain(groupCode(receipt));
  });

  it('keeps plain names on local http, where browsers refuse __Host- cookies', async () => {
    const { response } = await send();
    expect(response.headers.get('set-cookie') ?? '').toMatch(/^mashura_receipt=/);
    expect(response.headers.get('set-cookie') ?? '').not.toMatch(/Secure/);
  });
});
