import { STAFF_BASES } from '#core';
import { formsIn, linksIn, Session } from './http.ts';

/**
 * The staff queue through its real pages, when the service has them: sign in the way a
 * triager does (the emailed single-use link, read from the local mail catcher), then walk
 * the queue by its own "next" links. Anything unexpected returns a reason instead of a
 * session, and the benchmark times the index query beneath instead.
 */
export const TRIAGER = 'triage@ose.example';
// The staff pages in each language of the route table, the first that answers is used.
const STAFF_PATHS = STAFF_BASES;
const QUEUE_PATHS = STAFF_BASES.map((base) => `${base}/inbox`);

export type StaffAccess = { ok: true; session: Session; queuePath: string } | { ok: false; reason: string };

type Mail = { to: string | string[]; subject: string; text?: string; html?: string; date?: string };

async function latestMailTo(base: string, address: string, after: number): Promise<Mail | undefined> {
  const response = await fetch(`${base}/dev/mail.json`);
  if (!response.ok) return undefined;
  const mails = (await response.json()) as Mail[];
  return mails.find((mail) => {
    const to = Array.isArray(mail.to) ? mail.to.join(',') : String(mail.to);
    return to.includes(address) && (!mail.date || Date.parse(mail.date) >= after - 1000);
  });
}

export async function signInAsTriager(base: string): Promise<StaffAccess> {
  const session = new Session(base);
  let staffPath: string | undefined;
  let page = '';
  for (const path of STAFF_PATHS) {
    const response = await session.get(path);
    if (response.status === 200) {
      staffPath = path;
      page = await response.text();
      break;
    }
  }
  if (!staffPath) return { ok: false, reason: 'no staff pages (GET /staff answered 404)' };

  const form = formsIn(page).find((f) => f.method === 'post' && f.inputs.some((input) => input.type === 'email'));
  if (!form) return { ok: false, reason: 'no sign-in form with an email field on /staff' };
  const emailField = form.inputs.find((input) => input.type === 'email')!.name;
  const asked = Date.now();
  const posted = await session.request(new URL(form.action || staffPath, new URL(staffPath, base)).toString(), {
    form: { ...form.fields, [emailField]: TRIAGER },
  });
  if (posted.status >= 400) return { ok: false, reason: `sign-in request answered ${posted.status}` };

  let mail: Mail | undefined;
  for (let tries = 0; tries < 50 && !mail; tries++) {
    mail = await latestMailTo(base, TRIAGER, asked);
    if (!mail) await new Promise((done) => setTimeout(done, 100));
  }
  if (!mail) return { ok: false, reason: 'no sign-in email arrived at /dev/mail.json' };
  const found = /https?:\/\/[^\s"'<>]+\/staff\/[^\s"'<>]+/.exec(`${mail.text ?? ''} ${mail.html ?? ''}`)?.[0];
  if (!found) return { ok: false, reason: 'no /staff/ link in the sign-in email' };
  // The link names the configured public host; only its path matters here.
  const link = new URL(found.replace(/&amp;/g, '&').replace(/[.,;:)]+$/, ''));
  const linkPath = link.pathname + link.search;

  // The link may sign in at once, or show a button (so mail scanners cannot spend it).
  let landing = await session.get(linkPath);
  const confirm = formsIn(await landing.clone().text()).find((f) => f.method === 'post');
  if (confirm) {
    const response = await session.request(new URL(confirm.action || linkPath, new URL(linkPath, base)).toString(), {
      form: confirm.fields,
    });
    landing =
      response.status >= 300 && response.status < 400 ? await session.get(response.headers.get('location')!) : response;
  }
  for (const queuePath of QUEUE_PATHS) {
    const response = await session.get(queuePath);
    if (
      response.status === 200 &&
      !formsIn(await response.text()).some((f) => f.inputs.some((i) => i.type === 'email'))
    ) {
      return { ok: true, session, queuePath };
    }
  }
  return { ok: false, reason: `signed-in session could not open the queue (last landing ${landing.status})` };
}

/** The queue's link to its next page, if it has one. */
export function nextPageLink(html: string): string | undefined {
  const tagged = /<a\b[^>]*\brel="next"[^>]*>/i.exec(html)?.[0];
  const fromRel = tagged ? /\bhref="([^"]+)"/.exec(tagged)?.[1] : undefined;
  const href = fromRel ?? linksIn(html, /[?&](cursor|after|next|page|from)=/i)[0];
  return href?.replace(/&amp;/g, '&');
}
