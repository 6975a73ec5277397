import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, loadConfig } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createRateLimiter, createSubmissionStore } from '#store';
import { composeWeb } from '../functions/compose.ts';
import { testTable } from '../tests/support/dynamo.ts';
import { createApp, MAX_BODY_BYTES, MAX_VOICE_BODY_BYTES } from './public/app.tsx';
import { createProtection } from './public/protect.ts';

/**
 * Headers and origins for every public page state, served in-process: a strict CSP with no
 * inline script or style, HSTS, no referrer, a locked-down Permissions-Policy, nosniff, no
 * framing; and nothing in the HTML that would make a browser contact another origin. The
 * browser suite (tests/browser/origins.test.ts) proves the last point in Chromium too.
 */
let table: Awaited<ReturnType<typeof testTable>>;
let app: ReturnType<typeof createApp>;
/** The app as production wires it, for the pages other modules add (status, outcomes, easy read). */
let wired: ReturnType<typeof composeWeb>;
let clock = Date.now();
const EXIT_URL = 'https://www.example.com/';

beforeAll(async () => {
  table = await testTable();
  const store = createSubmissionStore(table.client, table.tableName);
  app = createApp({
    intake: createIntake({
      repository: store,
      sealer: createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(9) })),
      receiptSecret: 's',
    }),
    submissions: store,
    exitUrl: EXIT_URL,
    protection: createProtection({
      secret: 'headers-secret',
      rules: { ...loadConfig({}).protection, submitsPerHourWithoutPow: 1 },
      limiter: createRateLimiter(table.client, table.tableName, () => clock),
      now: () => clock,
    }),
    clientAddress: () => '203.0.113.9',
  });
  wired = composeWeb(
    { ...loadConfig({}), tableName: table.tableName, dynamodbEndpoint: table.endpoint, exitUrl: EXIT_URL },
    { receiptSecret: 'headers-secret', localContactKey: new Uint8Array(32).fill(9) },
    () => {},
  );
});
afterAll(async () => {
  wired?.client.destroy();
  await table.stop();
});

const itemCount = async () =>
  (await table.client.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }))).Count ?? 0;

async function form(path = '/en') {
  const html = await (await app.request(path)).text();
  clock += 10_000;
  return {
    formToken: html.match(/name="formToken" value="([^"]+)"/)![1]!,
    formStamp: html.match(/name="formStamp" value="([^"]+)"/)![1]!,
    addressee: 'ose',
    topics: 'detainees',
    message: 'headers',
  };
}

const post = (path: string, body: BodyInit, type = 'application/x-www-form-urlencoded') =>
  app.request(path, { method: 'POST', body, headers: { 'content-type': type } });

/** Every public page state, each as the response the server sends. */
async function everyPage(): Promise<[string, Response][]> {
  // A fresh hourly window: one accepted post, then the rate-limited page (limit 1 without proof of work).
  clock = Math.ceil(clock / 3_600_000) * 3_600_000 + 60_000;
  const sent = await post('/en', new URLSearchParams(await form()));
  const location = sent.headers.get('location')!;
  const pages: [string, Response][] = [
    ['form (ar)', await app.request('/')],
    ['form (en)', await app.request('/en')],
    ['privacy (ar)', await app.request('/privacy')],
    ['privacy (en)', await app.request('/en/privacy')],
    ['errors', await post('/en', new URLSearchParams({ message: '' }))],
    [
      'confirmation',
      await app.request(location, { headers: { cookie: sent.headers.get('set-cookie')!.split(';')[0]! } }),
    ],
    ['confirmation revisited', await app.request(location.replace('/en', ''))],
    ['not found', await app.request('/en/nothing')],
    ['too large', await post('/en', new URLSearchParams({ message: 'x'.repeat(MAX_BODY_BYTES + 1) }))],
    ['rate limited', await post('/en', new URLSearchParams(await form()))],
    ['too fast', await post('/en', new URLSearchParams({ ...(await form()), formStamp: 'x' }))],
    ['challenge', await app.request(`/altcha/challenge?form=${(await form()).formToken}`)],
    ['health', await app.request('/healthz')],
    ['script', await app.request('/assets/protect.js')],
  ];
  for (const path of ['/status', '/en/status', '/outcomes', '/en/outcomes', '/easy-read', '/en/easy-read']) {
    pages.push([path, await wired.app.request(path)]);
  }
  pages.push(['status, wrong codes', await wired.app.request('/en/status?reference=0000AAAA0000&receipt=ZZZZ')]);
  return pages;
}

describe('security headers and origins on every public page', () => {
  it('covers each page state it claims to, with the status each should have', async () => {
    const statuses = Object.fromEntries((await everyPage()).map(([name, response]) => [name, response.status]));
    expect(statuses).toEqual({
      'form (ar)': 200,
      'form (en)': 200,
      'privacy (ar)': 200,
      'privacy (en)': 200,
      errors: 400,
      confirmation: 200,
      'confirmation revisited': 200,
      'not found': 404,
      'too large': 413,
      'rate limited': 429,
      'too fast': 400,
      challenge: 200,
      health: 200,
      script: 200,
      '/status': 200,
      '/en/status': 200,
      '/outcomes': 200,
      '/en/outcomes': 200,
      '/easy-read': 200,
      '/en/easy-read': 200,
      'status, wrong codes': statuses['status, wrong codes'],
    });
    expect(statuses['status, wrong codes']).toBeGreaterThanOrEqual(200);
    expect(statuses['status, wrong codes']).toBeLessThan(500);
  });

  it('sends a strict CSP, HSTS, no referrer, a locked Permissions-Policy, nosniff and no framing', async () => {
    // The form alone may use the microphone (this origin only) and play its recording back from
    // a blob: URL (the voice recorder, issue 19); every other page keeps both shut.
    const recorderPages = new Set(['form (ar)', 'form (en)', 'errors', 'too large', 'rate limited', 'too fast']);
    for (const [name, response] of await everyPage()) {
      const h = (header: string) => response.headers.get(header) ?? '';
      const csp = h('content-security-policy');
      const directives = Object.fromEntries(
        csp.split(';').map((part) => {
          const [directive, ...values] = part.trim().split(/\s+/);
          return [directive, values.join(' ')];
        }),
      );
      expect(directives, name).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self'",
        'form-action': "'self'",
        'frame-ancestors': "'none'",
        'base-uri': "'none'",
        'object-src': "'none'",
      });
      expect(csp, name).not.toMatch(/unsafe-|\*|data:|https?:/);
      const hsts = h('strict-transport-security');
      expect(Number(hsts.match(/max-age=(\d+)/)?.[1]), name).toBeGreaterThanOrEqual(31_536_000);
      expect(hsts, name).toContain('includeSubDomains');
      expect(h('referrer-policy'), name).toBe('no-referrer');
      expect(h('x-content-type-options'), name).toBe('nosniff');
      expect(h('x-frame-options'), name).toBe('DENY');
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'browsing-topics']) {
        const allowed = feature === 'microphone' && recorderPages.has(name) ? '(self)' : '()';
        expect(h('permissions-policy'), `${name}: ${feature}`).toContain(`${feature}=${allowed}`);
      }
      if (recorderPages.has(name)) expect(directives['media-src'], name).toBe("'self' blob:");
      else expect(directives['media-src'], name).toBeUndefined();
      expect(h('cross-origin-opener-policy'), name).toBe('same-origin');
      expect(h('cross-origin-resource-policy'), name).toBe('same-origin');
    }
  });

  it('has no inline script or style and refers to no other origin, except the exit link a person follows', async () => {
    for (const [name, response] of await everyPage()) {
      if (!(response.headers.get('content-type') ?? '').includes('text/html')) continue;
      const html = await response.text();
      expect(html, name).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html, name).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
      const urls = [...html.matchAll(/\s(?:src|href|action|data-pow|formaction|poster|srcset)="([^"]*)"/g)].map(
        (match) => match[1]!,
      );
      for (const url of urls) {
        const resolved = new URL(url, 'http://localhost/');
        if (resolved.origin === 'http://localhost') continue;
        expect(url, name).toBe(EXIT_URL);
      }
      // The exit link is navigation only, and tells the browser to send no referrer.
      expect(html, name).toContain(`href="${EXIT_URL}" rel="noreferrer noopener"`);
    }
  });
});

describe('request size limits', () => {
  it('refuses a post over the limit by its Content-Length, before reading it, and stores nothing', async () => {
    const before = await itemCount();
    const body = new URLSearchParams({ ...(await form()), message: 'x'.repeat(MAX_BODY_BYTES) });
    const response = await post('/en', body);
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('Your input is too long to send');
    expect(await itemCount()).toBe(before);
  });

  it('refuses a chunked post (no Content-Length) once it passes the limit, and stores nothing', async () => {
    const before = await itemCount();
    const fields = new URLSearchParams(await form()).toString();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // The real fields first, then an endless message: only the limit can stop it.
        const chunk = sent === 0 ? `${fields}&message=` : 'y'.repeat(8192);
        sent += chunk.length;
        controller.enqueue(new TextEncoder().encode(chunk));
        if (sent > 10 * MAX_BODY_BYTES) controller.close();
      },
    });
    const response = await app.request('/en', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(10 * MAX_BODY_BYTES);
    expect(await itemCount()).toBe(before);
  });

  it('gives the form multipart post (a recording) its own limit, and no other route or type', async () => {
    const before = await itemCount();
    const multipart = (bytes: number) => {
      const body = new FormData();
      body.append('message', 'with a file');
      body.append('voice', new File([new Uint8Array(bytes)], 'a.webm', { type: 'audio/webm' }));
      return body;
    };
    // Past 64 KB but within the recording's limit: read, then refused for what it is (not audio).
    const withinVoice = await app.request('/en', { method: 'POST', body: multipart(MAX_BODY_BYTES * 2) });
    expect(withinVoice.status).toBe(400);
    expect(await withinVoice.text()).toContain('not an audio recording we can accept');
    // Past the recording's limit: refused at the door.
    const past = await app.request('/en', { method: 'POST', body: multipart(MAX_VOICE_BODY_BYTES) });
    expect(past.status).toBe(413);
    // The same size urlencoded keeps the 64 KB limit, and other routes' multipart posts too.
    const text = new URLSearchParams({ message: 'x'.repeat(MAX_BODY_BYTES * 2) });
    expect((await post('/en', text)).status).toBe(413);
    expect((await app.request('/en/status', { method: 'POST', body: multipart(MAX_BODY_BYTES * 2) })).status).not.toBe(
      200,
    );
    expect(await itemCount()).toBe(before);
  });

  it('refuses a post that lies about its length', async () => {
    const fields = new URLSearchParams({ ...(await form()), message: 'z'.repeat(MAX_BODY_BYTES) }).toString();
    const response = await app.request('/en', {
      method: 'POST',
      body: fields,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '100' },
    });
    expect(response.status).toBeLessThan(500);
    expect(response.status).not.toBe(303);
  });
});
