import { Hono } from 'hono';
import { html } from 'hono/html';
import * as z from 'zod';
import { securityHeaders } from './security-headers.ts';

/**
 * Local mode only: the mail aws-ses-v2-local captured, at /dev/mail (a page for people)
 * and /dev/mail.json (for tests and tools), newest first. DESIGN.md's contract:
 * `[{ to, from, subject, text, html, date }]`; `to` is the list of recipients, and `cc`,
 * `bcc` and `messageId` come along so tests can prove nothing else was addressed.
 *
 * The HTML body of each mail is shown only as escaped source, never rendered: a captured
 * email is arbitrary HTML (hostile input may have reached it), and escaped text cannot run
 * or load anything whatever the browser, the CSP or the sandbox support. A sandboxed
 * srcdoc iframe would still load remote images and relies on CSP inheritance to stop it.
 */
export interface DevMailOptions {
  /** Base URL of aws-ses-v2-local, e.g. http://127.0.0.1:8005 */
  sesEndpoint: string;
}

export interface CapturedMail {
  messageId: string;
  to: string[];
  cc: string[];
  bcc: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** When the local SES accepted it, ISO 8601 (the store keeps whole seconds). */
  date: string;
}

const storeSchema = z.object({
  emails: z.array(
    z.object({
      messageId: z.string(),
      from: z.string(),
      destination: z.object({
        to: z.array(z.string()).default([]),
        cc: z.array(z.string()).default([]),
        bcc: z.array(z.string()).default([]),
      }),
      subject: z.string(),
      body: z.object({ html: z.string().optional(), text: z.string().optional() }),
      at: z.number(),
    }),
  ),
});

/** Reads the local SES store, newest first (same-second mails keep their sending order, reversed). */
export async function readCapturedMail(sesEndpoint: string): Promise<CapturedMail[]> {
  const response = await fetch(`${sesEndpoint.replace(/\/+$/, '')}/store`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`local SES store answered ${response.status}`);
  const { emails } = storeSchema.parse(await response.json());
  return [...emails]
    .reverse()
    .sort((a, b) => b.at - a.at)
    .map((email) => ({
      messageId: email.messageId,
      to: email.destination.to,
      cc: email.destination.cc,
      bcc: email.destination.bcc,
      from: email.from,
      subject: email.subject,
      text: email.body.text ?? '',
      html: email.body.html ?? '',
      date: new Date(email.at * 1000).toISOString(),
    }));
}

const CSS = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;padding:1rem;max-width:70rem;color:#1b1b1b;background:#fff}
table{border-collapse:collapse;width:100%}caption{text-align:start;font-weight:bold;padding:.5rem 0}
th,td{text-align:start;vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid #8a8a8a}
a{color:#0b57d0}a:focus-visible,summary:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
section{border-top:2px solid #1b1b1b;margin-top:2rem}dt{font-weight:bold}dd{margin:0 0 .5rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;text-align:start;border:1px solid #8a8a8a;padding:.75rem;font-size:.95rem}
summary{cursor:pointer;padding:.25rem 0}
@media (forced-colors:active){a:focus-visible,summary:focus-visible{outline-color:Highlight}}`;

/**
 * Stricter than the app's: no script at all, no images, no forms. The local runtime serves
 * these routes outside the app (dev/runtime.ts), so the app-wide headers never replace it.
 */
export const DEV_MAIL_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'none'"],
};

const dateText = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

function Page({ mails, problem }: { mails: CapturedMail[]; problem?: string }) {
  const count = mails.length;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{`Captured mail (${count}) – Mashura local`}</title>
        <link rel="stylesheet" href="/dev/mail.css" />
      </head>
      <body>
        <main>
          <h1>Captured mail</h1>
          {problem ? (
            <p role="alert">{problem}</p>
          ) : (
            <p>
              {count === 0
                ? 'No mail captured yet. '
                : `${count} ${count === 1 ? 'message' : 'messages'} captured by the local SES, newest first. `}
              Reload the page to see new mail. The same list as JSON: <a href="/dev/mail.json">/dev/mail.json</a>.
            </p>
          )}
          {count > 0 && (
            <table>
              <caption>Captured mail, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">To</th>
                  <th scope="col">Subject</th>
                </tr>
              </thead>
              <tbody>
                {mails.map((mail, index) => (
                  <tr>
                    <td>
                      <time datetime={mail.date}>{dateText(mail.date)}</time>
                    </td>
                    <td>{mail.to.join(', ')}</td>
                    <td>
                      <a href={`#mail-${index + 1}`}>
                        <bdi>{mail.subject || '(no subject)'}</bdi>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {mails.map((mail, index) => (
            <section id={`mail-${index + 1}`} aria-labelledby={`mail-${index + 1}-subject`}>
              <h2 id={`mail-${index + 1}-subject`}>
                <bdi>{mail.subject || '(no subject)'}</bdi>
              </h2>
              <dl>
                <dt>Date</dt>
                <dd>
                  <time datetime={mail.date}>{dateText(mail.date)}</time>
                </dd>
                <dt>From</dt>
                <dd>{mail.from}</dd>
                <dt>To</dt>
                <dd>{mail.to.join(', ')}</dd>
                {mail.cc.length > 0 && (
                  <>
                    <dt>Cc</dt>
                    <dd>{mail.cc.join(', ')}</dd>
                  </>
                )}
                {mail.bcc.length > 0 && (
                  <>
                    <dt>Bcc</dt>
                    <dd>{mail.bcc.join(', ')}</dd>
                  </>
                )}
              </dl>
              <h3>Plain-text part</h3>
              <pre dir="auto">{mail.text || '(none)'}</pre>
              <details>
                <summary>HTML part, as source</summary>
                <pre dir="ltr">{mail.html || '(none)'}</pre>
              </details>
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}

/** Mount only in local mode: `app.route('/', createDevMailRoutes({ sesEndpoint }))`. */
export function createDevMailRoutes({ sesEndpoint }: DevMailOptions) {
  const routes = new Hono();
  routes.use('/dev/*', securityHeaders(DEV_MAIL_CSP));

  routes.get('/dev/mail.json', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      return c.json(await readCapturedMail(sesEndpoint));
    } catch {
      return c.json({ error: 'The local SES store is not reachable' }, 502);
    }
  });

  routes.get('/dev/mail.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'no-store');
    return c.body(CSS);
  });

  routes.get('/dev/mail', async (c) => {
    c.header('Cache-Control', 'no-store');
    let mails: CapturedMail[];
    try {
      mails = await readCapturedMail(sesEndpoint);
    } catch {
      return c.html(html`<!DOCTYPE html>${<Page mails={[]} problem="The local SES store is not reachable." />}`, 502);
    }
    return c.html(html`<!DOCTYPE html>${<Page mails={mails} />}`);
  });

  return routes;
}
