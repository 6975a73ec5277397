/**
 * Helpers for the staff suites: submissions written straight through the store (no form,
 * no workflow: fast, and with chosen times), and a cookie-keeping client for in-process
 * `app.request` tests.
 */
import type { Hono } from 'hono';
import {
  type Inbox,
  newFormToken,
  receiptHash,
  referenceFromToken,
  STAFF_BASES,
  type SubmissionRecord,
  tokenHash,
} from '#core';
import type { ContactVault } from '#crypto/contact.ts';
import type { SubmissionStore } from '#store';

export interface SeedOptions {
  /** Where intake routed it; omit to leave it pending. */
  routeTo?: Inbox[];
  contact?: { email?: string; organisation?: string };
  vault?: Pick<ContactVault, 'seal'>;
}

/** A stored submission as intake writes it, with a real reference code. */
export function submissionRecord(overrides: Partial<SubmissionRecord> = {}): SubmissionRecord {
  const token = newFormToken();
  return {
    reference: referenceFromToken(token),
    tokenHash: tokenHash(token),
    receiptHash: receiptHash('RECEIPT'),
    language: 'ar',
    addressee: 'ose',
    topics: ['education'],
    urgent: false,
    message: 'نريد مدارس آمنة لأطفالنا.',
    hasEmail: false,
    status: 'new',
    createdAt: new Date().toISOString(),
    version: 1,
    ...overrides,
  };
}

/** Writes a submission through the store, routed if asked, and returns it as stored. */
export async function seedSubmission(
  store: SubmissionStore,
  overrides: Partial<SubmissionRecord> = {},
  { routeTo, contact, vault }: SeedOptions = {},
): Promise<SubmissionRecord> {
  const record = submissionRecord(overrides);
  if (contact && vault) {
    record.contactCiphertext = await vault.seal(contact, record.reference);
    record.hasEmail = Boolean(contact.email);
  }
  await store.create(record);
  if (routeTo) await store.markRouted(record.reference, routeTo);
  return (await store.get(record.reference))!;
}

/** `count` submissions one second apart, oldest first, starting at `start`. */
export async function seedMany(
  store: SubmissionStore,
  count: number,
  start: Date,
  each: (index: number) => Partial<SubmissionRecord> = () => ({}),
  options: SeedOptions = {},
): Promise<SubmissionRecord[]> {
  const records: SubmissionRecord[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(start.getTime() + i * 1000).toISOString();
    records.push(await seedSubmission(store, { createdAt, ...each(i) }, options));
  }
  return records;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A client for `app.request` that keeps cookies like a browser (one per person in a test). */
export function cookieClient(app: Pick<Hono, 'request'>) {
  const jar = new Map<string, string>();
  async function send(path: string, init: RequestInit = {}): Promise<TestResponse> {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await app.request(path, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (!value || expired) jar.delete(name.trim());
      else jar.set(name.trim(), value);
    }
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
  return {
    jar,
    get: (path: string) => send(path),
    /** Any request, as built (hostile bodies), with the jar's cookies. */
    send,
    /** The body as bytes, exactly as sent (Response.text() would drop a byte-order mark). */
    async bytes(path: string): Promise<Buffer> {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await app.request(path, { headers: cookie ? { cookie } : {} });
      return Buffer.from(await response.arrayBuffer());
    },
    post: (path: string, fields: Record<string, string>) =>
      send(path, {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
  };
}

export type CookieClient = ReturnType<typeof cookieClient>;

/** A hidden field's value in a served page. */
export function fieldOf(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  if (value === undefined) throw new Error(`no field ${name} in the page`);
  return value;
}

/** Any staff base of the route table, as a regular expression alternative. */
const STAFF_BASE_PATTERN = `(?:${STAFF_BASES.map((base) => base.replaceAll('/', '\\/')).join('|')})`;
const SIGN_IN_LINK = new RegExp(`https?:\\/\\/\\S+?${STAFF_BASE_PATTERN}\\/sign-in\\/\\S+`);
const SUBMISSION_LINK = new RegExp(`href="${STAFF_BASE_PATTERN}\\/submissions\\/([0-9A-Z]{12})"`, 'g');

/** The sign-in link in the newest email to `to`, as a path (the base URL in tests is not the server's). */
export function signInPath(mails: { to: string[]; text: string }[], to: string): string {
  const mail = mails.find((m) => m.to.includes(to));
  const link = mail && SIGN_IN_LINK.exec(mail.text)?.[0];
  if (!link) throw new Error(`no sign-in link for ${to}`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

/** Every reference linked from a queue page, in order. */
export const referencesIn = (html: string) => [...html.matchAll(SUBMISSION_LINK)].map((m) => m[1]!);
