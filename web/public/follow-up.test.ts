import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Hono, type MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIntake,
  type Decision,
  groupCode,
  type Language,
  newFormToken,
  planDecision,
  type SubmissionRecord,
  translator,
  validateSubmission,
} from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createLogger } from '#log';
import {
  createOutcomeStore,
  createRateLimiter,
  createStatusCounts,
  createStatusViewStore,
  createSubmissionStore,
  createTriageStore,
  type SubmissionStore,
} from '#store';
import { testTable } from '../../tests/support/dynamo.ts';
import { describeReport, htmlValidate } from '../../tests/support/html-validate.ts';
import { createOutcomesAdmin } from '../staff/outcomes.tsx';
import { publicFrame } from '../staff/views/outcomes-admin.tsx';
import { createApp } from './app.tsx';
import { formatDate, formatPeriod } from './page.tsx';
import type { StatusLimits } from './status.tsx';

/**
 * /status, /outcomes, /easy-read and the outcome admin pages (the staff side's, mounted in
 * front of the public app here with a stand-in for sign-in), in-process against dynalite.
 * Records change the way staff change them: planDecision + the triage store's conditional
 * update, on submissions created through the real intake.
 */
const ar = translator('ar');
const en = translator('en');
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(3) }));
const LIMITS: StatusLimits = {
  perClient: { limit: 6, windowSeconds: 3600 },
  sharedClients: { limit: 1000, windowSeconds: 3600 },
  perReference: { limit: 4, windowSeconds: 3600 },
};

let table: Awaited<ReturnType<typeof testTable>>;
let store: SubmissionStore;
let app: Hono;
let triage: ReturnType<typeof createTriageStore>;
const logLines: string[] = [];
/** The rate limiter's clock: each test that counts starts in a fresh hourly window. */
let nowMs = Date.now();
let clientCount = 0;
const newClient = () => `203.0.113.${++clientCount}`;
const freshWindow = () => {
  nowMs = Math.ceil(nowMs / 3_600_000) * 3_600_000 + 60_000;
};
let intakeClock = new Date('2026-08-10T09:00:00.000Z');

/** Stands in for staff sign-in's requireStaff('admin'): the header says who is signed in. */
const fakeAuthorize: MiddlewareHandler = async (c, next) => {
  const who = c.req.header('x-test-staff');
  if (!who) return c.text('sign in', 401);
  if (!who.startsWith('admin')) return c.text('forbidden', 403);
  await next();
};

beforeAll(async () => {
  table = await testTable();
  store = createSubmissionStore(table.client, table.tableName);
  triage = createTriageStore(
    table.client,
    table.tableName,
    createStatusCounts(table.client, table.tableName),
    store.get,
  );
  const log = createLogger((line) => logLines.push(line));
  const outcomes = createOutcomeStore(table.client, table.tableName);
  app = new Hono();
  app.route(
    '/',
    createOutcomesAdmin({
      outcomes,
      authorize: fakeAuthorize,
      staffEmail: (c) => c.req.header('x-test-staff') ?? '',
      frame: (_c, page) => publicFrame(page),
      exitUrl: 'https://www.example.com/',
      log,
    }),
  );
  const publicApp = createApp({
    intake: createIntake({ repository: store, sealer: vault, receiptSecret: 'receipt-secret', now: () => intakeClock }),
    submissions: store,
    exitUrl: 'https://www.example.com/',
    log,
    clientAddress: (c) => c.req.header('x-test-client'),
    followUp: {
      submissions: store,
      outcomes,
      limiter: createRateLimiter(table.client, table.tableName, () => nowMs),
      views: createStatusViewStore(table.client, table.tableName),
      secret: 'server-secret',
      limits: LIMITS,
    },
  });
  app.route('/', publicApp);
});
afterAll(() => table.stop());

async function submit(extra: Record<string, unknown> = {}, language: Language = 'ar') {
  const input = validateSubmission({
    formToken: newFormToken(),
    addressee: 'ose',
    topics: ['detainees'],
    message: 'نريد معرفة مصير المعتقلات والمعتقلين',
    ...extra,
  });
  if (!input.ok) throw new Error(JSON.stringify(input.errors));
  const intake = createIntake({
    repository: store,
    sealer: vault,
    receiptSecret: 'receipt-secret',
    now: () => intakeClock,
  });
  const result = await intake.submit(input.value, language);
  if (!result.ok) throw new Error('collision');
  return { reference: result.reference, receipt: result.receipt };
}

const admin = { email: 'admin@ose.example', role: 'admin' as const };
async function decide(reference: string, decision: Decision, at: string): Promise<SubmissionRecord> {
  const record = (await store.get(reference))!;
  const plan = planDecision(admin, record, decision, at);
  if (!plan.ok) throw new Error(plan.reason);
  const applied = await triage.applyTriageChange(reference, plan.change);
  if (!applied.ok) throw new Error(applied.reason);
  return (await store.get(reference))!;
}

/** Posts a lookup and, as a browser does, follows the redirect to the one-time result with its cookie. */
async function lookup(path: string, fields: Record<string, string>, client = newClient()) {
  const posted = await app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-client': client },
  });
  if (posted.status !== 303) return posted;
  const cookie = (posted.headers.get('set-cookie') ?? '').split(';')[0]!;
  return app.request(posted.headers.get('location')!, { headers: { cookie, 'x-test-client': client } });
}

/** The timeline as it reads: one "step — date" per item. */
function timelineOf(html: string): string[] {
  const list = /<ol class="timeline"[^>]*>(.*?)<\/ol>/s.exec(html)?.[1] ?? '';
  return [
    ...list.matchAll(
      /<span class="timeline-step">(.*?)<\/span> <span class="timeline-date"><time datetime="[\d-]+">(.*?)<\/time>/g,
    ),
  ].map((m) => `${m[1]} — ${m[2]}`);
}
const stageOf = (html: string) => /data-stage="([a-z]+)"/.exec(html)?.[1];

describe('the status page', () => {
  it('serves the lookup form in Arabic and English, with the reference prefilled from the link', async () => {
    const html = await (await app.request('/status?reference=abcd-2345-wxyz')).text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ar" dir="rtl">/);
    expect(html).toContain(`<title>${ar('status.title')} – ${ar('site.name')}</title>`);
    expect(html).toContain('<form method="post" action="/status"');
    expect(html).toMatch(/id="reference"[^>]*value="ABCD-2345-WXYZ"/);
    expect(html).toMatch(/id="receipt"[^>]*value=""/);
    expect(html).toContain(ar('status.reference.hint', { n: 12 }));
    expect(html).toContain('١٢ حرفًا');
    const english = await (await app.request('/en/status?reference=<script>')).text();
    expect(english).toContain('<form method="post" action="/en/status"');
    expect(english).toMatch(/id="reference"[^>]*value=""/);
    expect(english).not.toContain('<script>');
  });

  it('is linked from the confirmation with the reference only, never the receipt', async () => {
    const form = await (await app.request('/')).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(form)![1]!;
    const sent = await app.request('/', {
      method: 'POST',
      body: new URLSearchParams({ formToken, addressee: 'ose', topics: 'detainees', message: 'نص' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookie = sent.headers.get('set-cookie')!.split(';')[0]!;
    const receipt = decodeURIComponent(cookie.split('.')[1]!);
    const html = await (await app.request(sent.headers.get('location')!, { headers: { cookie } })).text();
    const reference = /\/sent\/([0-9A-Z]{12})/.exec(sent.headers.get('location')!)![1]!;
    expect(html).toContain(`href="/status?reference=${reference}"`);
    expect(html).toContain(ar('status.sentLink'));
    expect(html).toContain(groupCode(receipt)); // shown once on the page…
    expect(html).not.toMatch(new RegExp(`href="[^"]*${receipt}`)); // …and in no link
  });

  it('follows the GOV.UK error pattern for empty and malformed codes', async () => {
    const empty = await lookup('/status', {});
    const html = await empty.text();
    expect(empty.status).toBe(400);
    expect(html).toContain(`<title>${ar('error.titlePrefix')} ${ar('status.title')} – ${ar('site.name')}</title>`);
    expect(html).toMatch(/<section class="error-summary" aria-labelledby="error-summary-title" tabindex="-1">/);
    expect(html).toContain(`<a href="#reference">${ar('status.error.reference.required')}</a>`);
    expect(html).toContain(`<a href="#receipt">${ar('status.error.receipt.required')}</a>`);
    expect(html).toContain('aria-describedby="reference-hint reference-error"');
    expect(html).toContain('aria-invalid="true"');

    const malformed = await (await lookup('/en/status', { reference: 'ABC', receipt: '1234' })).text();
    expect(malformed).toContain(`<a href="#reference">${en('status.error.reference.format', { n: 12 })}</a>`);
    expect(malformed).toContain(`<a href="#receipt">${en('status.error.receipt.format', { n: 16 })}</a>`);
    expect(malformed).toMatch(/id="reference"[^>]*value="ABC"/);
    expect(malformed).not.toContain('value="1234"');
  });

  it('shows the timeline after each staff action, in Arabic with Arabic digits and in English', async () => {
    // Dates written as people in Syria read them: day, month name and year, Arabic-Indic digits.
    expect(formatDate('ar', '2026-08-10T09:00:00.000Z')).toBe('١٠ آب ٢٠٢٦');
    expect(formatDate('en', '2026-08-10T09:00:00.000Z')).toBe('10 August 2026');
    const day = 86_400_000;
    const start = Date.now();
    intakeClock = new Date(start - 60_000);
    const at = (days: number) => new Date(start + days * day).toISOString();
    const { reference, receipt } = await submit();
    const check = async (language: Language) => {
      freshWindow(); // looking again after each change, as a person would over days
      const response = await lookup(language === 'ar' ? '/status' : '/en/status', {
        reference: groupCode(reference).toLowerCase(),
        receipt: groupCode(receipt),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return response.text();
    };
    const line = (key: Parameters<typeof ar>[0], iso: string, language: Language = 'ar') =>
      `${(language === 'ar' ? ar : en)(key)} — ${formatDate(language, iso)}`;
    const received = intakeClock.toISOString();

    // Stored, not yet routed.
    let html = await check('ar');
    expect(stageOf(html)).toBe('sending');
    expect(timelineOf(html)).toEqual([line('status.event.received', received)]);
    expect(html).toContain(`<bdi dir="ltr" class="code-inline" data-reference="true">${groupCode(reference)}</bdi>`);

    // Routed by the intake workflow.
    await store.markRouted(reference, ['ose']);
    const routedAt = (await store.get(reference))!.routedAt!;
    html = await check('ar');
    expect(stageOf(html)).toBe('waiting');
    expect(timelineOf(html)).toEqual([
      line('status.event.received', received),
      line('status.event.sent.ose', routedAt),
    ]);

    await decide(reference, { action: 'status', to: 'in-review' }, at(1));
    html = await check('ar');
    expect(stageOf(html)).toBe('review');
    expect(html).toContain(ar('status.now.review.body'));
    expect(timelineOf(html).at(-1)).toBe(line('status.event.review', at(1)));

    await decide(reference, { action: 'status', to: 'forwarded' }, at(2));
    html = await check('ar');
    expect(stageOf(html)).toBe('forwarded');
    expect(timelineOf(html).at(-1)).toBe(line('status.event.forwarded', at(2)));

    await decide(
      reference,
      // biome-ignore lint/suspicious/noThenProperty: the triage Decision's field name; never a promise.
      { action: 'reply', text: 'شكرًا لكم. نقلنا طلبكم إلى المبعوث الخاص.\u202E', then: 'answered' },
      at(9),
    );
    html = await check('ar');
    expect(stageOf(html)).toBe('answered');
    expect(timelineOf(html).at(-1)).toBe(line('status.event.answered', at(9)));
    expect(html).toContain(`<h2 id="reply-heading">${ar('status.reply.heading')}</h2>`);
    expect(html).toContain('<p><bdi dir="auto">شكرًا لكم. نقلنا طلبكم إلى المبعوث الخاص.</bdi></p>');
    expect(html).not.toContain('\u202E');
    expect(html).toContain(ar('status.reply.date', { date: formatDate('ar', at(9)) }));

    await decide(reference, { action: 'status', to: 'closed' }, at(10));
    html = await check('ar');
    expect(stageOf(html)).toBe('closed');
    const arabic = timelineOf(html);
    expect(arabic).toEqual([
      line('status.event.received', received),
      line('status.event.sent.ose', routedAt),
      line('status.event.review', at(1)),
      line('status.event.forwarded', at(2)),
      line('status.event.answered', at(9)),
      line('status.event.closed', at(10)),
    ]);
    // Every date on the Arabic page is in Arabic-Indic digits with an Arabic month name.
    for (const entry of arabic) expect(entry.split(' — ')[1]).toMatch(/^[٠-٩]+ [\u0600-\u06FF ]+ [٠-٩]+$/);
    expect(html).not.toContain('admin@ose.example');

    const english = await check('en');
    expect(timelineOf(english)).toEqual([
      line('status.event.received', received, 'en'),
      line('status.event.sent.ose', routedAt, 'en'),
      line('status.event.review', at(1), 'en'),
      line('status.event.forwarded', at(2), 'en'),
      line('status.event.answered', at(9), 'en'),
      line('status.event.closed', at(10), 'en'),
    ]);
    for (const entry of timelineOf(english)) expect(entry.split(' — ')[1]).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(english).toContain(en('status.now.closed.body'));
  });

  it('stores the form’s consent to be quoted (no unless the person says yes) and lets the person change it', async () => {
    const quiet = await submit();
    expect((await store.get(quiet.reference))?.quoteConsent).toBeUndefined();
    const { reference, receipt } = await submit({ quoteConsent: 'yes' }, 'en');
    expect((await store.get(reference))?.quoteConsent).toBe(true);

    const found = await (await lookup('/en/status', { reference, receipt })).text();
    expect(found).toContain(en('consent.now.yes'));
    expect(found).not.toContain(receipt); // the consent form carries a token, never the receipt
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(found)![1]!;
    const change = { reference: field('reference'), expires: field('expires'), token: field('token') };
    expect(field('consent')).toBe('no');

    const changed = await lookup('/en/status/consent', { ...change, consent: 'no' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain(en('consent.done.no'));
    const record = await store.get(reference);
    expect(record?.quoteConsent).toBe(false);
    expect(record?.audit?.at(-1)).toMatchObject({ by: 'submitter', action: 'quote-consent', detail: { to: 'no' } });

    // A forged or altered token changes nothing.
    for (const forged of [
      { ...change, token: 'x'.repeat(43) },
      { ...change, reference: quiet.reference },
      { ...change, expires: String(Number(change.expires) + 1) },
    ]) {
      const refused = await lookup('/en/status/consent', { ...forged, consent: 'yes' });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(en('consent.error.expired'));
    }
    expect((await store.get(reference))?.quoteConsent).toBe(false);
    expect((await store.get(quiet.reference))?.quoteConsent).toBeUndefined();
  });

  it('shows spam as finished, without the word spam', async () => {
    const { reference, receipt } = await submit();
    await store.markRouted(reference, ['ose']);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await decide(reference, { action: 'status', to: 'spam' }, later);
    const html = await (await lookup('/en/status', { reference, receipt })).text();
    expect(stageOf(html)).toBe('closed');
    expect(timelineOf(html).at(-1)).toBe(`${en('status.event.closed')} — ${formatDate('en', later)}`);
    expect(html.toLowerCase()).not.toContain('spam');
  });

  it('gives a wrong receipt and an unknown reference the same status and page', async () => {
    const { reference } = await submit();
    const unknown = 'ZZZZ9999ZZZZ';
    const wrongReceipt = await lookup('/status', { reference, receipt: 'ABCD-2345-WXYZ-6789' });
    const wrongReference = await lookup('/status', { reference: unknown, receipt: 'ABCD-2345-WXYZ-6789' });
    expect(wrongReceipt.status).toBe(400);
    expect(wrongReference.status).toBe(wrongReceipt.status);
    const one = (await wrongReceipt.text()).replace(groupCode(reference), 'REF');
    const two = (await wrongReference.text()).replace(groupCode(unknown), 'REF');
    expect(one).toBe(two);
    expect(one).toContain(`<a href="#reference">${ar('status.error.noMatch')}</a>`);
    expect(one).not.toContain('6789');
  });

  it('limits one client’s guesses at one reference, with a translated 429, and never the owner elsewhere', async () => {
    freshWindow();
    const { reference, receipt } = await submit();
    const guesser = newClient();
    const guesses = [];
    for (let i = 0; i < LIMITS.perReference.limit; i++) {
      guesses.push((await lookup('/status', { reference, receipt: `ABCD2345WXYZ000${i}` }, guesser)).status);
    }
    expect(guesses).toEqual([400, 400, 400, 400]);
    // From the same address, even the right receipt now waits…
    const limited = await lookup('/status', { reference, receipt }, guesser);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await limited.text();
    const minutes = Math.ceil(Number(limited.headers.get('retry-after')) / 60);
    expect(html).toContain(ar('status.error.tooMany', { n: minutes }));
    expect(html).toMatch(/<title>خطأ: /);
    const english = await (await lookup('/en/status', { reference, receipt }, guesser)).text();
    expect(english).toContain(en('status.error.tooMany', { n: minutes }));
    // …while the owner, from their own address, is not locked out (issue 12, finding 8).
    expect((await lookup('/status', { reference, receipt })).status).toBe(200);
    // Another reference is unaffected.
    const other = await submit();
    expect((await lookup('/status', other)).status).toBe(200);
  });

  it('limits one client trying many references', async () => {
    freshWindow();
    const client = newClient();
    const statuses = [];
    for (let i = 0; i < LIMITS.perClient.limit + 1; i++) {
      statuses.push(
        (
          await lookup(
            '/status',
            { reference: `AAAA0000${String(i).padStart(4, '0')}`, receipt: 'ABCD2345WXYZ6789' },
            client,
          )
        ).status,
      );
    }
    expect(statuses.slice(0, LIMITS.perClient.limit).every((status) => status === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('never stores or logs the receipt in plain text', async () => {
    freshWindow();
    logLines.length = 0;
    const { reference, receipt } = await submit();
    await lookup('/status', { reference, receipt: groupCode(receipt) });
    await lookup('/status', { reference, receipt: `${receipt.slice(0, 15)}0` });
    expect(logLines.some((line) => line.includes('"status.lookup"'))).toBe(true);
    const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    const stored = JSON.stringify(Items);
    expect(stored).toContain(reference); // the scan did read the table
    for (const form of [receipt, groupCode(receipt), receipt.toLowerCase()]) {
      expect(stored).not.toContain(form);
      expect(logLines.join('\n')).not.toContain(form);
    }
  });
});

describe('outcome notes', () => {
  const staff = (who = 'admin@ose.example') => ({ 'x-test-staff': who });
  const note = {
    topic: 'education',
    periodStart: '2026-07',
    periodEnd: '2026-09',
    actor: 'both',
    saidAr: 'طالب الناس بدعم التعليم في كل المراحل.',
    saidEn: 'People asked for support to education at every level.',
    didAr: 'موّلت الجهات المانحة برنامجًا للتعليم.',
    didEn: 'The donors funded an education programme.',
  };
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = staff()) =>
    app.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });

  it('are only for signed-in admins', async () => {
    expect((await app.request('/staff/outcomes')).status).toBe(401);
    expect((await app.request('/staff/outcomes', { headers: staff('triage@ose.example') })).status).toBe(403);
    expect((await post('/staff/outcomes', note, staff('liaison@donors.example'))).status).toBe(403);
    expect((await app.request('/en/staff/outcomes/new', { headers: staff() })).status).toBe(200);
  });

  it('draft → preview → publish → public in both languages, with history kept', async () => {
    // Six pieces of input on education in the period, two on detainees.
    intakeClock = new Date('2026-08-15T12:00:00.000Z');
    for (let i = 0; i < 6; i++) await submit({ topics: ['education'] });
    for (let i = 0; i < 2; i++) await submit({ topics: ['cultural-heritage'] });

    const invalid = await post('/en/staff/outcomes', { ...note, didEn: '', periodEnd: '2026-06' });
    const errors = await invalid.text();
    expect(invalid.status).toBe(400);
    expect(errors).toContain(`<a href="#periodEnd">${en('outcomes.error.periodOrder')}</a>`);
    expect(errors).toContain(`<a href="#didEn">${en('outcomes.error.didEn')}</a>`);
    expect(errors).toContain('People asked for support to education at every level.</textarea>');

    const saved = await post('/en/staff/outcomes', note);
    expect(saved.status).toBe(303);
    const preview = saved.headers.get('location')!;
    expect(preview).toMatch(/^\/en\/staff\/outcomes\/[\w-]+\/preview$/);
    const id = preview.split('/')[4]!;

    // Not public yet.
    expect(await (await app.request('/outcomes')).text()).not.toContain(note.saidAr);
    const previewHtml = await (await app.request(preview, { headers: staff() })).text();
    expect(previewHtml).toContain(en('outcomes.admin.previewNotice'));
    expect(previewHtml).toContain('<section class="preview" lang="ar" dir="rtl"');
    expect(previewHtml).toContain(note.saidAr);
    expect(previewHtml).toContain(note.didEn);
    expect(previewHtml).toContain('<dd data-count="true">٦</dd>');
    expect(previewHtml).toContain('<dd data-count="true">6</dd>');

    const published = await post(`/en/staff/outcomes/${id}/publish`, { version: '1' });
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe(`/en/staff/outcomes/${id}/history?published=1`);

    const arabic = await (await app.request('/outcomes')).text();
    expect(arabic).toMatch(/^<!DOCTYPE html><html lang="ar" dir="rtl">/);
    expect(arabic).toContain('التعليم بكل مراحله والهوية الوطنية الجامعة');
    expect(arabic).toContain(`<bdi dir="auto">${note.saidAr}</bdi>`);
    expect(arabic).toContain(`<h3>${ar('outcomes.did.both')}</h3>`);
    expect(formatPeriod('ar', '2026-07', '2026-09')).toMatch(/^تموز . أيلول ٢٠٢٦$/);
    expect(arabic).toContain(formatPeriod('ar', '2026-07', '2026-09'));
    expect(arabic).toContain('<dd data-count="true">٦</dd>');
    const english = await (await app.request('/en/outcomes')).text();
    expect(english).toContain(`<bdi dir="auto">${note.didEn}</bdi>`);
    expect(english).toContain(formatPeriod('en', '2026-07', '2026-09'));
    expect(english).not.toContain(note.didAr);

    // An edit is a new draft; the public keeps version 1 until it is published.
    const editForm = await (await app.request(`/en/staff/outcomes/${id}/edit`, { headers: staff() })).text();
    expect(editForm).toContain('name="expectedLatest" value="1"');
    const edited = await post(
      `/en/staff/outcomes/${id}`,
      { ...note, didEn: 'The donors funded two programmes.', expectedLatest: '1' },
      staff('admin2@ose.example'),
    );
    expect(edited.status).toBe(303);
    expect(await (await app.request('/en/outcomes')).text()).toContain(note.didEn);
    // Saving again from the old version is a conflict that keeps the text.
    const stale = await post(`/en/staff/outcomes/${id}`, { ...note, didEn: 'Late edit', expectedLatest: '1' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Late edit</textarea>');
    expect((await post(`/en/staff/outcomes/${id}/publish`, { version: '1' })).status).toBe(409);
    expect((await post(`/en/staff/outcomes/${id}/publish`, { version: '2' })).status).toBe(303);
    expect(await (await app.request('/en/outcomes')).text()).toContain('The donors funded two programmes.');

    const history = await (await app.request(`/staff/outcomes/${id}/history`, { headers: staff() })).text();
    expect(history).toContain(ar('outcomes.admin.version', { n: 1 }));
    expect(history).toContain(ar('outcomes.admin.version', { n: 2 }));
    expect(history).toContain('admin2@ose.example');
    const first = await (await app.request(`/en/staff/outcomes/${id}/versions/1`, { headers: staff() })).text();
    expect(first).toContain(note.didEn);
    expect((await app.request(`/en/staff/outcomes/${id}/versions/9`, { headers: staff() })).status).toBe(404);
  });

  it('show a small count only as "fewer than 5"', async () => {
    const saved = await post('/staff/outcomes', { ...note, topic: 'cultural-heritage' });
    const id = saved.headers.get('location')!.split('/')[3]!;
    expect((await post(`/staff/outcomes/${id}/publish`, { version: '1' })).status).toBe(303);
    const arabic = await (await app.request('/outcomes')).text();
    const english = await (await app.request('/en/outcomes')).text();
    const article = (html: string) =>
      new RegExp(`<article[^>]*data-note="${id}"[^>]*>(.*?)</article>`, 's').exec(html)?.[1] ?? '';
    expect(article(arabic)).toContain(`<dd data-count="true">${ar('outcomes.count.fewer', { n: 5 })}</dd>`);
    expect(ar('outcomes.count.fewer', { n: 5 })).toBe('أقل من ٥');
    expect(article(english)).toContain('<dd data-count="true">Fewer than 5</dd>');
    expect(article(english)).not.toMatch(/data-count="true">2</);
  });
});

describe('easy read and the links to it', () => {
  it('explains what happens in short sentences, in both languages, linked from the form and every footer', async () => {
    for (const [path, t] of [
      ['/easy-read', ar],
      ['/en/easy-read', en],
    ] as const) {
      const html = await (await app.request(path)).text();
      expect(html).toContain(`<h1>${t('easyRead.title')}</h1>`);
      expect(html).toContain(t('easyRead.codes.3'));
      const prefix = path.startsWith('/en') ? '/en' : '';
      expect(html).toContain(`<a href="${prefix}/status">${t('easyRead.check.1')}</a>`);
      expect(html).toContain(`<a href="${prefix}/outcomes">${t('easyRead.done.2')}</a>`);
    }
    const form = await (await app.request('/en')).text();
    expect(form).toContain(`<a href="/en/easy-read">${en('easyRead.link')}</a>`);
    expect(form).toContain(`<nav aria-label="${en('status.nav.label')}">`);
    expect(form).toContain(`<a href="/en/status">${en('status.nav.status')}</a>`);
  });
});

describe('every follow-up page state is valid HTML', () => {
  it('including the 429 page and the admin pages, in both languages', async () => {
    const staffHeaders = { 'x-test-staff': 'admin@ose.example' };
    const saved = await app.request('/staff/outcomes', {
      method: 'POST',
      body: new URLSearchParams({
        topic: 'advocacy',
        periodStart: '2026-01',
        periodEnd: '2026-02',
        actor: 'donors',
        saidAr: 'أ',
        saidEn: 'a',
        didAr: 'ب',
        didEn: 'b',
      }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...staffHeaders },
    });
    const id = saved.headers.get('location')!.split('/')[3]!;
    const tooMany = async (path: string) => {
      freshWindow();
      const { reference, receipt } = await submit();
      const client = newClient();
      for (let i = 0; i < LIMITS.perReference.limit; i++) await lookup(path, { reference, receipt }, client);
      const response = await lookup(path, { reference, receipt }, client);
      expect(response.status).toBe(429);
      return response.text();
    };
    for (const base of ['', '/en']) {
      const pages: [string, string][] = [
        ['429', await tooMany(`${base}/status`)],
        ['admin list', await (await app.request(`${base}/staff/outcomes`, { headers: staffHeaders })).text()],
        ['admin new', await (await app.request(`${base}/staff/outcomes/new`, { headers: staffHeaders })).text()],
        [
          'admin errors',
          await (
            await app.request(`${base}/staff/outcomes`, {
              method: 'POST',
              body: new URLSearchParams({ periodStart: 'x' }),
              headers: { 'content-type': 'application/x-www-form-urlencoded', ...staffHeaders },
            })
          ).text(),
        ],
        [
          'admin edit',
          await (await app.request(`${base}/staff/outcomes/${id}/edit`, { headers: staffHeaders })).text(),
        ],
        [
          'admin preview',
          await (await app.request(`${base}/staff/outcomes/${id}/preview`, { headers: staffHeaders })).text(),
        ],
        [
          'admin history',
          await (await app.request(`${base}/staff/outcomes/${id}/history`, { headers: staffHeaders })).text(),
        ],
        [
          'admin version',
          await (await app.request(`${base}/staff/outcomes/${id}/versions/1`, { headers: staffHeaders })).text(),
        ],
      ];
      for (const [name, html] of pages) {
        const report = await htmlValidate.validateString(html, `${base || '/ar'} ${name}.html`);
        expect(report.valid, `${base || '/ar'} ${name}: ${describeReport(report, html)}`).toBe(true);
      }
    }
  });
});
