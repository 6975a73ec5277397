import type { AddressInfo } from 'node:net';
import sesServer from 'aws-ses-v2-local';
import { Hono } from 'hono';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesSender } from '#mail';
import { type CapturedMail, createDevMailRoutes } from './dev-mail.tsx';

let server: Awaited<ReturnType<typeof sesServer>>;
let sesEndpoint: string;
let app: Hono;

const first = {
  to: ['ose-inbox@ose.example'],
  from: 'no-reply@mashura.example',
  subject: 'مشاركة جديدة / New input · ABCD-2345-WXYZ',
  html: '<!DOCTYPE html><html lang="ar" dir="rtl"><body><p>مرحبا</p></body></html>',
  text: 'مرحبا\nHello\n',
};
const second = {
  to: ['donors-inbox@donors.example', 'liaison@donors.example'],
  from: 'no-reply@mashura.example',
  subject: 'Urgent <script>alert("subject")</script> · WXYZ-2345-ABCD',
  html: '<!DOCTYPE html><html lang="en"><body><script>alert("body")</script><img src="https://tracker.example/x.gif"></body></html>',
  text: 'Text with <b>tags</b> & ampersands\n',
};

beforeAll(async () => {
  // Port 0: the OS picks a free port, read back from server.address().
  server = await sesServer({ host: '127.0.0.1', port: 0 });
  sesEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await fetch(`${sesEndpoint}clear-store`, { method: 'POST' });
  const sender = createSesSender({ region: 'eu-central-1', endpoint: sesEndpoint });
  await sender.send(first);
  await sender.send(second);
  app = new Hono();
  app.route('/', createDevMailRoutes({ sesEndpoint }));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('/dev/mail.json', () => {
  it('lists captured mail newest first, with to, from, subject, text, html and an ISO date', async () => {
    const response = await app.request('/dev/mail.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const mails = (await response.json()) as CapturedMail[];
    expect(mails.map((mail) => mail.subject)).toEqual([second.subject, first.subject]);
    const [newest, oldest] = mails;
    expect(newest).toMatchObject({ ...second, cc: [], bcc: [] });
    expect(oldest).toMatchObject({ ...first, cc: [], bcc: [] });
    expect(newest!.messageId).toMatch(/^ses-/);
    for (const mail of mails) {
      expect(mail.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      expect(Math.abs(Date.parse(mail.date) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('answers 502 when the local SES is not reachable', async () => {
    const closed = await sesServer({ host: '127.0.0.1', port: 0 });
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = new Hono().route('/', createDevMailRoutes({ sesEndpoint: `http://127.0.0.1:${port}` }));
    expect((await offline.request('/dev/mail.json')).status).toBe(502);
    const page = await offline.request('/dev/mail');
    expect(page.status).toBe(502);
    expect(await page.text()).toContain('<p role="alert">The local SES store is not reachable.</p>');
  });
});

describe('/dev/mail', () => {
  it('is an English page with a captioned table of date, recipients and subject, newest first', async () => {
    const response = await app.request('/dev/mail');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(page).toContain('<h1>Captured mail</h1>');
    expect(page).toContain('<caption>Captured mail, newest first</caption>');
    expect(page).toMatch(/<th scope="col">Date<\/th><th scope="col">To<\/th><th scope="col">Subject<\/th>/);
    expect(page).toContain('donors-inbox@donors.example, liaison@donors.example');
    expect(page.indexOf('WXYZ-2345-ABCD')).toBeLessThan(page.indexOf('مشاركة جديدة'));
    expect(page).toContain('<pre dir="auto">مرحبا\nHello\n</pre>');
    expect(page).toContain('<details><summary>HTML part, as source</summary>');
  });

  it('escapes everything from the mail: subject, text and HTML body never become markup', async () => {
    const page = await (await app.request('/dev/mail')).text();
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain('Urgent &lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;');
    expect(page).toContain(
      '&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;&lt;img src=&quot;https://tracker.example/x.gif&quot;&gt;',
    );
    expect(page).toContain('Text with &lt;b&gt;tags&lt;/b&gt; &amp; ampersands');
  });

  it('forbids scripts, images and remote loads, and serves its own stylesheet', async () => {
    const response = await app.request('/dev/mail');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; img-src 'none'",
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const css = await app.request('/dev/mail.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('is valid HTML', async () => {
    const page = await (await app.request('/dev/mail')).text();
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'void-style': ['error', { style: 'selfclose' }] },
    });
    const report = await validator.validateString(page);
    expect(report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });

  it('says so when nothing was captured yet', async () => {
    await fetch(`${sesEndpoint}clear-store`, { method: 'POST' });
    const page = await (await app.request('/dev/mail')).text();
    expect(page).toContain('No mail captured yet.');
    expect(page).not.toContain('<table>');
    expect(await (await app.request('/dev/mail.json')).json()).toEqual([]);
  });
});
