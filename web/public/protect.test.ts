import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Challenge, createChallenge, type Solution, solveChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, loadConfig, referenceFromToken, translator } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createRateLimiter, createSubmissionStore, type RateLimiter } from '#store';
import { testTable } from '../../tests/support/dynamo.ts';
import { createApp } from './app.tsx';
import { protectJs } from './assets/protect.js.ts';
import { SENDER_HEADER, SENT_LOCATION_HEADER } from './assets/send.js.ts';
import { createProtection, type ProtectionRules, solutionVerified } from './protect.ts';

let table: Awaited<ReturnType<typeof testTable>>;
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(5) }));
const defaults = loadConfig({}).protection;
/** The clock the stamps, challenges and counters read; tests move it on instead of sleeping. */
let nowMs = Date.now();
let address = '198.51.100.1';
let addressCount = 0;
/** Every test gets its own client address, so rate-limit buckets never leak between tests. */
const newClient = () => {
  addressCount += 1;
  address = `198.51.100.${addressCount}`;
};

beforeAll(async () => {
  table = await testTable();
});
afterAll(() => table.stop());

function harness(rules: Partial<ProtectionRules> = {}, limiter?: RateLimiter) {
  newClient();
  // Each test starts a minute into a fresh hourly window, so no limit window ends mid-test.
  nowMs = Math.ceil(nowMs / 3_600_000) * 3_600_000 + 60_000;
  const logs: string[] = [];
  const log = (event: string, detail?: Record<string, unknown>) => logs.push(JSON.stringify({ event, ...detail }));
  const store = createSubmissionStore(table.client, table.tableName);
  const protection = createProtection({
    secret: 'test-protect-secret',
    rules: { ...defaults, powMaxCounter: 2000, ...rules },
    limiter: limiter ?? createRateLimiter(table.client, table.tableName, () => nowMs),
    now: () => nowMs,
    log,
  });
  const app = createApp({
    intake: createIntake({ repository: store, sealer: vault, receiptSecret: 's' }),
    submissions: store,
    exitUrl: 'https://www.example.com/',
    protection,
    clientAddress: () => address,
    retention: { contactDays: 45, spamDays: 7 },
    log,
  });
  return { app, protection, store, logs };
}

type App = ReturnType<typeof harness>['app'];

async function openForm(app: App, path = '/en') {
  const html = await (await app.request(path)).text();
  const token = html.match(/name="formToken" value="([^"]+)"/)?.[1] ?? '';
  const stamp = html.match(/name="formStamp" value="([^"]+)"/)?.[1] ?? '';
  return { html, token, stamp };
}

function post(app: App, path: string, fields: Record<string, string>) {
  return app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const MESSAGE = 'We need the crossings open for aid before winter.';
async function filledForm(app: App, path = '/en', extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const { token, stamp } = await openForm(app, path);
  nowMs += 20_000; // a person takes a while to write
  return { formToken: token, formStamp: stamp, addressee: 'ose', topics: 'detainees', message: MESSAGE, ...extra };
}

const scanAll = async () => (await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
const storedMessages = async () => (await scanAll()).map((item) => item.message).filter(Boolean);
/** Items holding anything a person sent (a post taken back leaves only its expiring key). */
const keptItems = async () => (await scanAll()).filter((item) => item.withdrawn === undefined);
const t = translator('en');
const textOf = (html: string) => html.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

async function solvedPayload(app: App, formToken: string, tamper?: (challenge: Challenge) => void) {
  const challenge = (await (await app.request(`/altcha/challenge?form=${formToken}`)).json()) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('unsolved');
  tamper?.(challenge);
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe('abuse defences on the form, without barriers', () => {
  it('counts a post against both of its limits in one write, sent beside the put: one round trip', async () => {
    const calls: string[] = [];
    let inFlight = 0;
    let most = 0;
    const during = async <T>(name: string, work: () => Promise<T>) => {
      calls.push(name);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      try {
        return await work();
      } finally {
        inFlight -= 1;
      }
    };
    const limiter: RateLimiter = {
      hit: () => Promise.reject(new Error('a post counts on one item')),
      async hitAll(bucket, _key, limits) {
        return during(`${bucket}:${limits.map((limit) => limit.name).join('+')}`, async () => ({
          allowed: true,
          retryAfterSeconds: 0,
        }));
      },
    };
    const { app, store } = harness({}, limiter);
    const create = store.create;
    store.create = (record) => during('put', () => create(record));
    const response = await post(app, '/en', await filledForm(app, '/en', { message: 'Counted beside the put.' }));
    expect(response.status).toBe(303);
    expect(calls.sort()).toEqual(['put', 'submit:all+nopow']);
    expect(most).toBe(2);
  });

  it('refuses when a limit is reached, with its retry time, and keeps nothing of the post', async () => {
    const limiter: RateLimiter = {
      hit: () => Promise.reject(new Error('a post counts on one item')),
      hitAll: async () => ({ allowed: false, retryAfterSeconds: 1800 }),
    };
    const { app, store } = harness({}, limiter);
    const fields = await filledForm(app, '/en', { message: 'Sent past the limit, taken back.' });
    const response = await post(app, '/en', fields);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1800');
    expect(await storedMessages()).not.toContain('Sent past the limit, taken back.');
    expect(await store.get(referenceFromToken(fields.formToken!))).toBeUndefined();
    // What is left of the written item is its key, expiring: no field of the post.
    const left = (await scanAll()).find((item) => item.pk === `SUB#${referenceFromToken(fields.formToken!)}`);
    expect(Object.keys(left ?? {}).sort()).toEqual(['expiresAt', 'pk', 'sk', 'withdrawn']);
  });

  it('sends the same form again once the window has passed, and then keeps it', async () => {
    let allowed = false;
    const limiter: RateLimiter = {
      hit: () => Promise.reject(new Error('a post counts on one item')),
      hitAll: async () => ({ allowed, retryAfterSeconds: allowed ? 0 : 60 }),
    };
    const { app, store } = harness({}, limiter);
    const fields = await filledForm(app, '/en', { message: 'Sent again an hour later.' });
    expect((await post(app, '/en', fields)).status).toBe(429);
    allowed = true;
    nowMs += 3_600_000;
    const again = await post(app, '/en', fields);
    expect(again.status).toBe(303);
    expect((await store.get(referenceFromToken(fields.formToken!)))?.message).toBe('Sent again an hour later.');
  });

  it('asks the counter first, writing nothing, for a client it refused lately: a flood costs one write a post', async () => {
    const { app, store } = harness({ submitsPerHourWithoutPow: 1 });
    let puts = 0;
    const create = store.create;
    store.create = (record) => {
      puts += 1;
      return create(record);
    };
    const flood = () => filledForm(app, '/en', { message: 'One of a flood.' });
    expect((await post(app, '/en', await flood())).status).toBe(303);
    expect((await post(app, '/en', await flood())).status).toBe(429);
    expect(puts).toBe(2);
    for (let i = 0; i < 3; i++) expect((await post(app, '/en', await flood())).status).toBe(429);
    expect(puts).toBe(2);
  });

  it('keeps a post it could not take back, and says so in the log', async () => {
    const limiter: RateLimiter = {
      hit: () => Promise.reject(new Error('a post counts on one item')),
      hitAll: async () => ({ allowed: false, retryAfterSeconds: 60 }),
    };
    const { app, store, logs } = harness({}, limiter);
    store.withdraw = () => Promise.reject(Object.assign(new Error('x'), { name: 'ThrottlingException' }));
    const fields = await filledForm(app, '/en', { message: 'Could not be taken back.' });
    expect((await post(app, '/en', fields)).status).toBe(303);
    expect((await store.get(referenceFromToken(fields.formToken!)))?.message).toBe('Could not be taken back.');
    expect(logs.some((line) => line.includes('submission.kept-past-limit'))).toBe(true);
  });

  it('serves a honeypot nobody sees or reaches, a signed stamp, and where the proof of work comes from', async () => {
    const { app } = harness();
    const { html, token, stamp } = await openForm(app);
    expect(stamp).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    const honeypot = html.match(/<div class="visually-hidden" aria-hidden="true">(.*?)<\/div>/s)?.[1] ?? '';
    expect(honeypot).toContain(`<label for="website">${t('protect.honeypot.label')}</label>`);
    expect(honeypot).toMatch(
      /<input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value=""/,
    );
    expect(html).toContain(`data-pow="/altcha/challenge?form=${token}"`);
    expect(html).toContain(`data-pow-checking="${t('protect.pow.checking')}"`);
    expect(html).toMatch(/<script src="\/assets\/protect\.js\?v=[\w-]+" defer=""><\/script>/);
  });

  it('refuses a form sent faster than a person could write it, keeps the text and the stamp, and stores nothing', async () => {
    const { app } = harness();
    const { token, stamp } = await openForm(app);
    nowMs += 1_000;
    const before = (await scanAll()).length;
    const response = await post(app, '/en', {
      formToken: token,
      formStamp: stamp,
      addressee: 'ose',
      topics: 'detainees',
      message: 'too quick <b>to be true</b>',
    });
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(textOf(html)).toContain(t('protect.tooFast'));
    expect(html).toContain('too quick &lt;b&gt;to be true&lt;/b&gt;</textarea>');
    expect(html).toContain(`value="${stamp}"`);
    expect((await scanAll()).length).toBe(before);

    // The same page sent again a moment later (the person read the message) goes through.
    nowMs += 5_000;
    const again = await post(app, '/en', {
      formToken: token,
      formStamp: stamp,
      addressee: 'ose',
      topics: 'detainees',
      message: 'too quick',
    });
    expect(again.status).toBe(303);
  });

  it('refuses a forged, missing or expired stamp, gives a fresh one, and keeps the text', async () => {
    const { app } = harness();
    for (const formStamp of [undefined, 'nonsense', `${nowMs}.${'A'.repeat(43)}`]) {
      const fields = await filledForm(app);
      if (formStamp === undefined) delete (fields as Record<string, string>).formStamp;
      else fields.formStamp = formStamp;
      const html = await (await post(app, '/en', fields)).text();
      expect(textOf(html)).toContain(t('protect.stamp'));
      expect(html).toContain(`${MESSAGE}</textarea>`);
      const fresh = html.match(/name="formStamp" value="([^"]+)"/)?.[1];
      expect(fresh).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
      expect(fresh).not.toBe(formStamp);
    }
    const old = await filledForm(app);
    nowMs += (defaults.formMaxAgeHours + 1) * 3_600_000;
    const expired = await post(app, '/en', old);
    expect(expired.status).toBe(400);
    expect(textOf(await expired.text())).toContain(t('protect.stamp'));
    expect(await storedMessages()).not.toContain(MESSAGE);
  });

  it('refuses a filled honeypot with a clear message, empties it, and keeps everything else', async () => {
    const { app } = harness();
    const fields = await filledForm(app, '/en', { website: 'https://spam.example', organisation: 'Our group' });
    const response = await post(app, '/en', fields);
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(textOf(html)).toContain(t('protect.honeypot'));
    expect(html).toContain('name="website" tabindex="-1" autocomplete="off" value=""');
    expect(html).not.toContain('spam.example');
    expect(html).toContain('value="Our group"');
    expect(html).toContain(`${MESSAGE}</textarea>`);
    expect(await storedMessages()).not.toContain(MESSAGE);
  });

  it('limits a client without proof of work more strictly, says when to try again in Arabic, and keeps the text', async () => {
    const { app } = harness({ submitsPerHourWithoutPow: 2, submitsPerHour: 5 });
    for (let i = 0; i < 2; i++) expect((await post(app, '/', await filledForm(app, '/'))).status).toBe(303);
    const fields = await filledForm(app, '/', { message: 'نص يجب ألا يضيع' });
    const before = (await keptItems()).length;
    const response = await post(app, '/', fields);
    const html = await response.text();
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const ar = translator('ar');
    expect(html).toContain(
      ar('protect.rateLimited', { minutes: ar('protect.minutes', { n: Math.ceil(retryAfter / 60) }) }),
    );
    expect(html).toContain('<title>خطأ: ');
    expect(html).toContain('نص يجب ألا يضيع</textarea>');
    expect((await keptItems()).length).toBe(before);

    // With a proof of work the same client still has room under the higher limit.
    const withPow = await filledForm(app, '/');
    withPow.altcha = await solvedPayload(app, withPow.formToken!);
    expect((await post(app, '/', withPow)).status).toBe(303);
  });

  it('sends one address at most its day’s acknowledgements, and still keeps every submission', async () => {
    const { app, store, logs } = harness({ submitsPerHourWithoutPow: 100, acknowledgementsPerAddressPerDay: 2 });
    const send = async (email: string) => {
      newClient(); // many clients: the per-address cap, not the per-client one, is under test
      const response = await post(app, '/en', await filledForm(app, '/en', { email }));
      expect(response.status).toBe(303);
      const reference = /\/sent\/([0-9A-Z]+)/.exec(response.headers.get('location') ?? '')?.[1] ?? '';
      return (await store.get(reference))!;
    };
    const target = 'someone@example.org';
    const records = [
      await send(target),
      await send(' SomeOne@Example.org '),
      await send(target),
      await send(target),
      await send('another@example.org'),
    ];
    expect(records.map((r) => r.hasEmail)).toEqual([true, true, true, true, true]);
    expect(records.map((r) => r.acknowledgementWithheld ?? false)).toEqual([false, false, true, true, false]);
    expect(logs.filter((line) => line.includes('"acknowledgement.withheld"'))).toHaveLength(2);
    // The counter holds a keyed hash, never the address.
    const counters = (await scanAll()).filter((item) => String(item.pk).startsWith('RATE#acknowledge#'));
    expect(counters.length).toBeGreaterThan(0);
    expect(JSON.stringify(counters).toLowerCase()).not.toContain('someone');

    // A day later the address may be acknowledged again.
    nowMs += 24 * 3_600_000;
    expect((await send(target)).acknowledgementWithheld).toBeUndefined();
    // No address, no counter.
    const before = (await scanAll()).filter((item) => String(item.pk).startsWith('RATE#acknowledge#')).length;
    newClient();
    expect((await post(app, '/en', await filledForm(app))).status).toBe(303);
    expect((await scanAll()).filter((item) => String(item.pk).startsWith('RATE#acknowledge#')).length).toBe(before);
  });

  it('lets clients with a valid proof of work send up to the higher limit, and no further', async () => {
    const { app, logs } = harness({ submitsPerHourWithoutPow: 1, submitsPerHour: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const fields = await filledForm(app);
      fields.altcha = await solvedPayload(app, fields.formToken!);
      statuses.push((await post(app, '/en', fields)).status);
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
    expect(logs.filter((line) => line.includes('"submission.created"') && line.includes('"pow":true'))).toHaveLength(3);
  });

  it('gives no credit for a proof of work made for another form, tampered with, or expired', async () => {
    const { app, logs } = harness({ submitsPerHourWithoutPow: 100 });
    const other = await openForm(app);
    /** Each case makes the `altcha` field for a form with this token. */
    const cases: [string, (formToken: string) => Promise<string>][] = [
      ['another form', () => solvedPayload(app, other.token)],
      [
        'tampered',
        (formToken) =>
          solvedPayload(app, formToken, (c) => {
            c.parameters.cost = 2;
          }),
      ],
      [
        'expired',
        async (formToken) => {
          const payload = await solvedPayload(app, formToken);
          nowMs += 3 * 3_600_000;
          return payload;
        },
      ],
      ['junk', async () => Buffer.from('{"challenge":1,"solution":[]}').toString('base64')],
      ['not base64', async () => '%%%{not json'],
    ];
    for (const [name, payloadFor] of cases) {
      logs.length = 0;
      const fields = await filledForm(app);
      fields.altcha = await payloadFor(fields.formToken!);
      const response = await post(app, '/en', fields);
      expect(response.status, name).toBe(303);
      expect(
        logs.find((line) => line.includes('"submission.created"')),
        name,
      ).toContain('"pow":false');
    }
  });

  it('keys limits by a hash of the client address, one client never limiting another, and stores no address', async () => {
    const { app } = harness({ submitsPerHourWithoutPow: 1 });
    const first = address;
    expect((await post(app, '/en', await filledForm(app))).status).toBe(303);
    expect((await post(app, '/en', await filledForm(app))).status).toBe(429);
    address = '2001:db8::77';
    expect((await post(app, '/en', await filledForm(app))).status).toBe(303);
    const raw = JSON.stringify(await scanAll());
    expect(raw).not.toContain(first);
    expect(raw).not.toContain('2001:db8::77');
    expect(raw).toMatch(/RATE#submit#[A-Za-z0-9_-]{22}#\d+/);
  });

  it('counts every IPv6 address of one /64 as one client (finding 3 of issue 12)', async () => {
    const { app } = harness({ submitsPerHourWithoutPow: 2 });
    address = '2001:db8:aa:bb::1';
    expect((await post(app, '/en', await filledForm(app))).status).toBe(303);
    address = '2001:db8:aa:bb:1234:5678:9abc:def0';
    expect((await post(app, '/en', await filledForm(app))).status).toBe(303);
    // A third address in the same /64 is the same client, past its limit.
    address = '2001:db8:aa:bb::ffff';
    expect((await post(app, '/en', await filledForm(app))).status).toBe(429);
    // The next /64 is someone else.
    address = '2001:db8:aa:bc::1';
    expect((await post(app, '/en', await filledForm(app))).status).toBe(303);
  });

  it('caps acknowledgements per canonical mailbox: case, +tags, and dots where the provider ignores them (finding 4 of issue 12)', async () => {
    const { app, store } = harness({ submitsPerHourWithoutPow: 100, acknowledgementsPerAddressPerDay: 2 });
    const send = async (email: string) => {
      newClient();
      const response = await post(app, '/en', await filledForm(app, '/en', { email }));
      expect(response.status).toBe(303);
      const reference = /\/sent\/([0-9A-Z]+)/.exec(response.headers.get('location') ?? '')?.[1] ?? '';
      return (await store.get(reference))!.acknowledgementWithheld ?? false;
    };
    const gmail = ['victim@gmail.com', 'victim+1@gmail.com', 'Vic.Tim+2@GMAIL.com', 'v.i.c.t.i.m@googlemail.com'];
    const withheld = [];
    for (const email of gmail) withheld.push(await send(email));
    expect(withheld).toEqual([false, false, true, true]);
    // Elsewhere dots may name another mailbox: they count apart, but +tags still do not.
    expect(await send('jo.ann@example.net')).toBe(false);
    expect(await send('joann@example.net')).toBe(false);
    expect(await send('jo.ann+x@example.net')).toBe(false);
    expect(await send('JO.ANN+y@example.net')).toBe(true);
  });

  it('caps acknowledgements per domain too, so a catch-all domain is not a way round the mailbox cap', async () => {
    const { app, store } = harness({
      submitsPerHourWithoutPow: 100,
      acknowledgementsPerAddressPerDay: 5,
      acknowledgementsPerDomainPerDay: 3,
    });
    const send = async (email: string) => {
      newClient();
      const response = await post(app, '/en', await filledForm(app, '/en', { email }));
      const reference = /\/sent\/([0-9A-Z]+)/.exec(response.headers.get('location') ?? '')?.[1] ?? '';
      return (await store.get(reference))!.acknowledgementWithheld ?? false;
    };
    const results = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) results.push(await send(`${name}@victim-company.example`));
    expect(results).toEqual([false, false, false, true, true]);
    // Other domains are not affected, nor are the large public providers, where the mailbox cap suffices.
    expect(await send('a@other.example')).toBe(false);
    for (const name of ['p', 'q', 'r', 's']) expect(await send(`${name}@gmail.com`)).toBe(false);
  });

  it('confirms a retry of a form that is already stored instead of refusing it', async () => {
    const { app } = harness({ submitsPerHourWithoutPow: 1 });
    const fields = await filledForm(app);
    const first = await post(app, '/en', fields);
    expect(first.status).toBe(303);
    const retry = await post(app, '/en', fields);
    expect(retry.status).toBe(303);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect((await post(app, '/en', await filledForm(app))).status).toBe(429);
  });

  it('confirms a resend whose answer was lost, even after the stamp has expired, and stores one submission', async () => {
    const { app } = harness();
    const resent = 'Sent once, the answer lost, sent again a day later.';
    const fields = { ...(await filledForm(app)), message: resent };
    const first = await post(app, '/en', fields);
    expect(first.status).toBe(303);
    // The answer never reached the browser; the connection comes back a day later.
    nowMs += (defaults.formMaxAgeHours + 1) * 3_600_000;
    const resend = await post(app, '/en', fields);
    expect(resend.status).toBe(303);
    expect(resend.headers.get('location')).toBe(first.headers.get('location'));
    expect((await storedMessages()).filter((message) => message === resent)).toHaveLength(1);
    // A new form with an expired stamp is still refused.
    const old = await filledForm(app);
    nowMs += (defaults.formMaxAgeHours + 1) * 3_600_000;
    expect((await post(app, '/en', old)).status).toBe(400);
  });

  it('takes the sender’s multipart post as it takes the plain one, and a repeat of it is the same submission', async () => {
    const { app } = harness();
    const fields = await filledForm(app);
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    // What a browser's FormData holds for a file input left empty: a nameless empty file.
    body.append('voice', new Blob([], { type: 'application/octet-stream' }), '');
    const first = await app.request('/en', { method: 'POST', body });
    expect(first.status).toBe(303);
    const again = await post(app, '/en', fields);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    // The sender's own post: the same submission, its path in a header instead of a redirect
    // (XMLHttpRequest would follow one and spend the receipt), the receipt cookie set.
    const sender = await app.request('/en', { method: 'POST', body, headers: { [SENDER_HEADER]: '1' } });
    expect(sender.status).toBe(204);
    expect(sender.headers.get(SENT_LOCATION_HEADER)).toBe(first.headers.get('location'));
    expect(sender.headers.get('set-cookie')).toMatch(/mashura_receipt=/);
    expect(sender.headers.get('cache-control')).toBe('no-store');
  });

  it('fails open when the rate-limit counter is unavailable, so nobody loses a submission to it', async () => {
    const broken: RateLimiter = {
      hit: () => Promise.reject(Object.assign(new Error('x'), { name: 'ThrottlingException' })),
      hitAll: () => Promise.reject(Object.assign(new Error('x'), { name: 'ThrottlingException' })),
    };
    const { app, logs } = harness({}, broken);
    expect((await post(app, '/en', await filledForm(app))).status).toBe(303);
    expect(logs.some((line) => line.includes('ratelimit.unavailable'))).toBe(true);
  });

  it('issues challenges only for a well-formed form token, never cached, bound to that form', async () => {
    const { app } = harness();
    const { token } = await openForm(app);
    const response = await app.request(`/altcha/challenge?form=${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const challenge = (await response.json()) as Challenge;
    expect(challenge.parameters).toMatchObject({ algorithm: 'SHA-256', cost: 1, keyLength: 32 });
    expect(challenge.parameters.data?.form).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(challenge)).not.toContain(token);
    for (const bad of ['', 'short', '<script>', 'a'.repeat(100), `${token}&form=x`]) {
      const refused = await app.request(`/altcha/challenge?form=${encodeURIComponent(bad)}`);
      expect(refused.status).toBe(400);
    }
  });
});

describe('the proof of work’s check, as altcha-lib makes it', () => {
  const powKey = 'a'.repeat(64);
  const keyKey = 'b'.repeat(64);
  const issue = (options: { keyKey?: string | undefined; data?: Record<string, string> } = {}) =>
    createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: 40,
      data: options.data ?? { form: 'bound-to-a-form' },
      deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      hmacSignatureSecret: powKey,
      hmacKeySignatureSecret: 'keyKey' in options ? options.keyKey : keyKey,
    });
  const solve = async (challenge: Challenge) => (await solveChallenge({ challenge, deriveKey }))!;
  const theirs = async (challenge: Challenge, solution: Solution) =>
    (
      await verifySolution({
        challenge,
        solution,
        deriveKey,
        hmacSignatureSecret: powKey,
        hmacKeySignatureSecret: keyKey,
      })
    ).verified;
  const flip = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;

  it('answers as the library does on valid, tampered and malformed payloads', async () => {
    const challenge = await issue();
    const solution = await solve(challenge);
    const other = await issue({ data: { form: 'another-form' } });
    const otherSolution = await solve(other);
    const otherKeys = await issue({ keyKey: 'c'.repeat(64) });
    const withParameters = (change: Partial<Challenge['parameters']>): Challenge => ({
      ...challenge,
      parameters: { ...challenge.parameters, ...change },
    });
    const cases: [string, Challenge, Solution, boolean][] = [
      ['the solution as solved', challenge, solution, true],
      ['another challenge, its own solution', other, otherSolution, true],
      [
        'its parameters in another order (as JSON may carry them)',
        {
          ...challenge,
          parameters: Object.fromEntries(Object.entries(challenge.parameters).reverse()) as Challenge['parameters'],
        },
        solution,
        true,
      ],
      ['a signature one digit off', { ...challenge, signature: flip(challenge.signature!) }, solution, false],
      ['no signature', { ...challenge, signature: undefined }, solution, false],
      ['a signature that is not text', { ...challenge, signature: 7 as unknown as string }, solution, false],
      ['the form changed', withParameters({ data: { form: 'another-form' } }), solution, false],
      ['the expiry moved', withParameters({ expiresAt: challenge.parameters.expiresAt! + 60 }), solution, false],
      ['an easier prefix', withParameters({ keyPrefix: '0' }), solution, false],
      ['a parameter added', withParameters({ keyLength: 16 }), solution, false],
      ['another challenge’s key', challenge, { ...solution, derivedKey: otherSolution.derivedKey }, false],
      ['its key in capitals', challenge, { ...solution, derivedKey: solution.derivedKey.toUpperCase() }, false],
      ['its key one digit short', challenge, { ...solution, derivedKey: solution.derivedKey.slice(0, -1) }, false],
      ['a key that is not hex', challenge, { ...solution, derivedKey: 'zz'.repeat(32) }, false],
      ['no key', challenge, { ...solution, derivedKey: undefined as unknown as string }, false],
      ['a negative counter', challenge, { ...solution, counter: -1 }, false],
      ['a fractional counter', challenge, { ...solution, counter: solution.counter + 0.5 }, false],
      ['a counter as text', challenge, { ...solution, counter: String(solution.counter) as unknown as number }, false],
      ['a counter past 32 bits', challenge, { ...solution, counter: 2 ** 32 }, false],
      ['a key signed with another key', otherKeys, await solve(otherKeys), false],
    ];
    for (const [what, given, answer, expected] of cases) {
      expect({ what, library: await theirs(given, answer) }).toEqual({ what, library: expected });
      expect({ what, ours: solutionVerified(given, answer, powKey, keyKey) }).toEqual({ what, ours: expected });
    }
  });

  it('refuses a signed challenge without a key signature, which this server never issues (the library derives it)', async () => {
    const unsignedKey = await issue({ keyKey: undefined });
    const solution = await solve(unsignedKey);
    expect(unsignedKey.parameters.keySignature).toBeUndefined();
    expect(await theirs(unsignedKey, solution)).toBe(true);
    expect(solutionVerified(unsignedKey, solution, powKey, keyKey)).toBe(false);
  });
});

describe('the browser proof-of-work script', () => {
  /** The served form in jsdom with our script, fetch going to the app, and Node's Web Crypto. */
  async function browserForm(app: App, fetchImpl?: typeof fetch) {
    const { html } = await openForm(app);
    const dom = new JSDOM(html, { url: 'http://localhost/en', runScripts: 'outside-only' });
    const window = dom.window;
    Object.defineProperty(window, 'crypto', { value: globalThis.crypto });
    Object.assign(window, {
      fetch: fetchImpl ?? ((input: string, init?: RequestInit) => app.request(input, init)),
      TextEncoder,
    });
    const form = window.document.querySelector('form[data-pow]') as HTMLFormElement;
    const submitted = new Promise<FormData>((resolve) => {
      form.submit = () => resolve(new window.FormData(form) as unknown as FormData);
    });
    window.eval(protectJs);
    return { window, form, submitted };
  }

  it('solves the challenge with altcha-lib’s scheme while the person writes, and the server credits it', async () => {
    const { app, logs } = harness();
    const { window, form, submitted } = await browserForm(app);
    form.dispatchEvent(new window.Event('focusin'));
    (form.querySelector('#addressee-ose') as HTMLInputElement).checked = true;
    (form.querySelector('#topic-detainees') as HTMLInputElement).checked = true;
    (form.querySelector('#message') as HTMLTextAreaElement).value = MESSAGE;
    const event = new window.Event('submit', { cancelable: true });
    form.dispatchEvent(event);
    // protect.js adds its own status right after the send button (the form has others).
    const status = form.querySelector('button[type=submit] + [role=status]');
    expect(event.defaultPrevented).toBe(true);
    expect(status?.textContent).toBe(t('protect.pow.checking'));
    const data = await submitted;
    expect(status?.textContent).toBe('');
    expect(String(data.get('altcha'))).toMatch(/^[A-Za-z0-9+/]+=*$/);
    nowMs += 10_000;
    const response = await post(app, '/en', Object.fromEntries(data) as Record<string, string>);
    expect(response.status).toBe(303);
    expect(logs.find((line) => line.includes('"submission.created"'))).toContain('"pow":true');
  });

  it('sends the form anyway, without a proof of work, when no challenge can be had', async () => {
    const { app } = harness();
    const { window, form, submitted } = await browserForm(app, () => Promise.reject(new TypeError('offline')));
    form.dispatchEvent(new window.Event('submit', { cancelable: true }));
    const data = await submitted;
    expect(data.get('altcha')).toBe('');
    expect(data.get('formToken')).toBeTruthy();
  });
});

describe('what the form and the privacy notice say about retention', () => {
  it('states the configured retention on the form and in the privacy notice, in both languages', async () => {
    const { app } = harness();
    const en = translator('en');
    const ar = translator('ar');
    const form = textOf(await (await app.request('/en')).text());
    expect(form).toContain('deleted 45 days after your input is closed');
    expect(form).toContain('input marked as spam is deleted after 7 days');
    expect(form).toContain('<a href="/en/privacy">Read the privacy notice</a>');
    const arForm = await (await app.request('/')).text();
    expect(arForm).toContain(ar('protect.days', { n: 45 }));
    expect(arForm).toContain('<a href="/privacy">');

    for (const [path, tr] of [
      ['/en/privacy', en],
      ['/privacy', ar],
    ] as const) {
      const response = await app.request(path);
      const html = textOf(await response.text());
      expect(response.status).toBe(200);
      expect(html).toContain(`<h1>${tr('privacy.title')}</h1>`);
      expect(html).toContain(tr('privacy.retention.contact', { days: tr('protect.days', { n: 45 }) }));
      expect(html).toContain(tr('privacy.retention.spam', { spamDays: tr('protect.days', { n: 7 }) }));
      expect(html).toContain(tr('privacy.never.body'));
    }
  });

  it('links the privacy notice from the footer of every page', async () => {
    const { app } = harness();
    for (const path of ['/', '/en', '/privacy', '/en/privacy', '/nowhere', '/en/nowhere']) {
      const html = await (await app.request(path)).text();
      const href = path.startsWith('/en') ? '/en/privacy' : '/privacy';
      expect(html, path).toMatch(new RegExp(`<footer[\\s\\S]*<a href="${href}">`));
    }
  });
});
