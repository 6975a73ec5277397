import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntake, type SubmissionRecord, translator } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createSubmissionStore } from '#store';
import { testTable } from '../../tests/support/dynamo.ts';
import { createApp, MAX_BODY_BYTES } from './app.tsx';

let table: Awaited<ReturnType<typeof testTable>>;
let app: ReturnType<typeof createApp>;
const started: SubmissionRecord[] = [];
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(1) }));

beforeAll(async () => {
  table = await testTable();
  const submissions = createSubmissionStore(table.client, table.tableName);
  const intake = createIntake({ repository: submissions, sealer: vault, receiptSecret: 'test-secret' });
  app = createApp({
    intake,
    submissions,
    exitUrl: 'https://www.example.com/',
    onSubmitted: async (record) => {
      started.push(record);
    },
  });
});
afterAll(() => table.stop());

const itemCount = async () =>
  (await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items?.length ?? 0;

async function formToken(path = '/') {
  const html = await (await app.request(path)).text();
  return html.match(/name="formToken" value="([^"]+)"/)?.[1] ?? '';
}

function formBody(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return body;
}

function post(path: string, fields: Record<string, string | string[]>, target = app) {
  return target.request(path, {
    method: 'POST',
    body: formBody(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const validFields = async (path = '/') => ({
  formToken: await formToken(path),
  addressee: 'both',
  topics: ['detainees', 'education'],
  message: 'نريد آلية لمتابعة مخرجات المشاورات',
});

describe('the public form', () => {
  it('serves Arabic at / with direction, language link and the exit control', async () => {
    const response = await app.request('/');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ar" dir="rtl">/);
    expect(html).toContain('<a class="language-link" href="/en" hreflang="en" lang="en">English</a>');
    expect(html).toContain('href="https://www.example.com/"');
    expect(html).toContain('<title>إرسال مشاركتك – مشورة</title>');
    expect(html).toMatch(/name="formToken" value="[A-Za-z0-9_-]{22,}"/);
  });

  it('serves English at /en and links back to Arabic', async () => {
    const html = await (await app.request('/en')).text();
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
    expect(html).toContain('href="/" hreflang="ar" lang="ar"');
    expect(html).toContain('Send your input');
  });

  it('gives every page a fresh form token', async () => {
    expect(await formToken()).not.toBe(await formToken());
  });

  it('sends strict security headers and no-store on pages', async () => {
    const response = await app.request('/');
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('serves assets with long caching and answers 304 to a matching ETag', async () => {
    const html = await (await app.request('/')).text();
    const css = html.match(/href="(\/assets\/site\.css\?v=[^"]+)"/)?.[1];
    expect(css).toBeDefined();
    const response = await app.request(css!);
    expect(response.headers.get('content-type')).toContain('text/css');
    expect(response.headers.get('cache-control')).toContain('immutable');
    const again = await app.request(css!, { headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});

describe('sending the form', () => {
  it('shows every problem in a GOV.UK error summary, in Arabic, and keeps the values', async () => {
    const before = await itemCount();
    const response = await post('/', { formToken: await formToken(), message: '<script>alert(1)</script>' });
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain('<title>خطأ: إرسال مشاركتك – مشورة</title>');
    expect(html).toMatch(/<section class="error-summary" aria-labelledby="error-summary-title" tabindex="-1">/);
    expect(html).toContain('<a href="#addressee-ose">يُرجى اختيار الجهة التي توجَّه إليها المشاركة</a>');
    expect(html).toContain('<a href="#topic-detainees">يُرجى اختيار موضوع واحد على الأقل</a>');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(html).not.toContain('<script>alert(1)');
    expect(await itemCount()).toBe(before);
  });

  it('shows errors in English on /en, linking each to its field', async () => {
    const fields = await validFields('/en');
    const html = await (await post('/en', { ...fields, message: '', email: 'nope' })).text();
    expect(html).toContain('<title>Error: Send your input – Mashura</title>');
    expect(html).toContain('<a href="#message">Write your input</a>');
    expect(html).toContain('<a href="#email">Enter an email address like name@example.org, or leave it empty</a>');
    expect(html).toContain('aria-describedby="email-hint email-error"');
    expect(html).toContain('value="both" checked=""');
  });

  it('stores a valid submission, redirects 303 to the confirmation and shows the codes once', async () => {
    const before = await itemCount();
    const response = await post('/', await validFields());
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(/^\/sent\/[0-9A-Z]{12}$/);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(await itemCount()).toBe(before + 1);

    const confirmation = await app.request(location, { headers: { cookie: cookie.split(';')[0]! } });
    const html = await confirmation.text();
    expect(html).toMatch(
      /<bdi dir="ltr" class="code" aria-hidden="true" data-reference="true">[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}<\/bdi>/,
    );
    expect(html).toMatch(
      /<bdi dir="ltr" class="code" aria-hidden="true" data-receipt="true">([0-9A-Z]{4}-){3}[0-9A-Z]{4}<\/bdi>/,
    );
    // Where it goes, in the words of the catalogue for the person's choice (`both`: every inbox).
    expect(html).toContain(translator('ar')('sent.next.routed.both'));

    const later = await (await app.request(location)).text();
    expect(later).not.toContain('data-receipt');
    expect(later).toContain('لا يظهر رمز الاستلام إلا بعد الإرسال مباشرة');
  });

  it('returns the same confirmation to a repeated post and stores it once', async () => {
    const fields = await validFields('/en');
    const before = await itemCount();
    const first = await post('/en', fields);
    const second = await post('/en', fields);
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('set-cookie')?.split(';')[0]).toBe(first.headers.get('set-cookie')?.split(';')[0]);
    expect(await itemCount()).toBe(before + 1);
  });

  it('starts the workflow once per submission, after the durable write', async () => {
    const fields = await validFields();
    const count = started.length;
    await post('/', fields);
    await post('/', fields);
    expect(started.length).toBe(count + 1);
    expect(started.at(-1)?.topics).toEqual(['detainees', 'education']);
  });

  it('does not show a receipt for another submission’s cookie', async () => {
    const one = await post('/', await validFields());
    const two = await post('/', await validFields());
    const html = await (
      await app.request(one.headers.get('location')!, {
        headers: { cookie: two.headers.get('set-cookie')!.split(';')[0]! },
      })
    ).text();
    expect(html).not.toContain('data-receipt');
  });

  it('answers a wrong content type with the form and its errors, not a crash', async () => {
    const response = await app.request('/', {
      method: 'POST',
      body: JSON.stringify({ addressee: 'ose' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('error-summary');
  });

  it('refuses an oversized post with a translated page and stores nothing', async () => {
    const before = await itemCount();
    const response = await post('/en', { ...(await validFields('/en')), message: 'x'.repeat(MAX_BODY_BYTES) });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('Your input is too long to send');
    expect(await itemCount()).toBe(before);
  });

  it('gives a not-found page in the language of the path', async () => {
    const ar = await app.request('/sent/0000AAAA0000');
    expect(ar.status).toBe(404);
    expect(await ar.text()).toContain('الصفحة غير موجودة');
    const en = await app.request('/en/nothing-here');
    expect(await en.text()).toContain('Page not found');
  });
});

describe('when parts of the service fail', () => {
  const failing = (error: Error) =>
    createApp({
      intake: createIntake({
        repository: {
          create: () => Promise.reject(error),
          get: () => Promise.resolve(undefined),
        },
        sealer: vault,
        receiptSecret: 's',
      }),
      submissions: { get: () => Promise.resolve(undefined) },
      exitUrl: 'https://www.example.com/',
    });

  it('tells the person to try again and keeps their text when the database is throttling', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' });
    const response = await post(
      '/en',
      { ...(await validFields('/en')), message: 'keep me please' },
      failing(throttled),
    );
    const html = await response.text();
    expect(response.status).toBe(503);
    expect(html).toContain('The service is busy. Nothing was saved and your text is still here');
    expect(html).toContain('keep me please</textarea>');
  });

  it('still confirms the submission when starting the workflow fails', async () => {
    const submissions = createSubmissionStore(table.client, table.tableName);
    const brokenStart = createApp({
      intake: createIntake({ repository: submissions, sealer: vault, receiptSecret: 's' }),
      submissions,
      exitUrl: 'https://www.example.com/',
      onSubmitted: () => Promise.reject(new Error('states unavailable')),
    });
    const response = await post('/', await validFields(), brokenStart);
    expect(response.status).toBe(303);
  });
});
