/**
 * Starting the real service and a real browser for the browser suites.
 *
 * The service is the same one `npm start` runs (dev/runtime.ts: embedded dynalite, the
 * Hono app, local key files), on a free port and a fresh data directory per test file, so
 * files can run in parallel and nothing touches the developer's `.data/`. The browser is
 * Debian's Chromium driven by playwright-core; each test file launches one and reuses it
 * (two cores: a browser per test is too slow).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import {
  LANGUAGE_TABLE,
  type Language,
  loadConfig,
  localPath,
  pathPrefix,
  LANGUAGES as SERVED_LANGUAGES,
  STAFF_LANGUAGES as SERVED_STAFF_LANGUAGES,
} from '#core';
import { startLocal } from '../../dev/runtime.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The languages people are served, from the language table, so a new language is covered
 * by every suite that loops here.
 */
export const LANGUAGES = SERVED_LANGUAGES.filter((language) => !LANGUAGE_TABLE[language].testOnly);
/**
 * The same plus the test-only pseudo-locale (served in the test run: vitest.config.ts):
 * longer, accented, mirrored text that finds layout and catalogue gaps. The suites about
 * the page itself loop over it (the form's states, the languages check, the Tab order);
 * the rest stay with the real languages — the pseudo-locale only repeats what they check.
 */
export const PAGE_LANGUAGES = SERVED_LANGUAGES;
export type Lang = Language;
/** The languages staff pages are served in (the pseudo-locale has none). */
export const STAFF_LANGUAGES = SERVED_STAFF_LANGUAGES;

/** The form's path for each language; every other page hangs off the same prefix. */
export const formPath = (lang: Lang) => localPath(lang, '/');
export const prefix = (lang: Lang) => pathPrefix(lang);

/** Crockford base32 as used by packages/core/codes.ts: no I, L, O or U. */
const GROUP = '[0-9A-HJKMNP-TV-Z]{4}';
export const REFERENCE_FORMAT = new RegExp(`^${GROUP}-${GROUP}-${GROUP}$`);
export const RECEIPT_FORMAT = new RegExp(`^${GROUP}-${GROUP}-${GROUP}-${GROUP}$`);

export interface Service {
  url: string;
  dataDir: string;
  dynamodbEndpoint: string;
  stop(): Promise<void>;
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'mashura-test-'));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The browser suites test what a person meets, not the abuse defences (web/public/protect.ts has
 * its own tests), and every post here comes from 127.0.0.1 in quick succession. So: no
 * minimum fill time (forms are sent the moment they load), rate limits far above what a
 * suite sends, and a proof of work that finishes at once (it only ever earns a higher
 * limit). Everything else is the default configuration.
 */
export const TEST_ENV: Record<string, string> = {
  MASHURA_MIN_FILL_SECONDS: '0',
  MASHURA_RATE_SUBMIT_PER_HOUR: '10000',
  MASHURA_RATE_SUBMIT_NO_POW_PER_HOUR: '10000',
  MASHURA_POW_MAX_COUNTER: '100',
};

/**
 * The staff side reads its settings from the process environment (loadStaffConfig): sign-in
 * limits far above what a suite sends from 127.0.0.1 in quick succession, for the same reason
 * (web/staff/sign-in.test.ts tests them). The per-address 15-minute cap keeps its default.
 */
export const STAFF_TEST_ENV: Record<string, string> = {
  MASHURA_STAFF_SIGNIN_EMAILS_PER_DAY: '10000',
  MASHURA_STAFF_SIGNIN_PER_CLIENT_PER_15MIN: '10000',
  MASHURA_STAFF_SIGNIN_ANONYMOUS_PER_10S: '10000',
};

/** Starts the local service on a free port; pass a data dir to reuse one (restart tests). */
export async function startService(
  dataDir: string = freshDataDir(),
  env: Record<string, string> = {},
): Promise<Service> {
  for (const [name, value] of Object.entries(STAFF_TEST_ENV)) process.env[name] ??= value;
  const service = await startLocal({ ...loadConfig({ ...TEST_ENV, ...env }), dataDir, port: 0 }, () => {});
  return {
    url: service.url,
    dataDir: service.dataDir,
    dynamodbEndpoint: service.dynamodbEndpoint,
    stop: () => service.stop(),
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A fresh context (own cookies, no shared state) with one page. */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

/**
 * A reused page back to a first visit: no cookies, nothing in local or session storage (the
 * draft lives there). What stays is the renderer and its caches — the point of reusing it.
 */
export async function forgetVisit(page: Page): Promise<void> {
  await page.context().clearCookies();
  // about:blank, before the first visit, has no storage of its own.
  if (/^https?:/.test(page.url())) {
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
  }
}

/**
 * How many stored items carry this reference. A test-only Scan over the local table: it
 * builds no key (DESIGN.md keeps key shapes inside packages/store), it only counts.
 * `submissionsOnly` counts the submissions themselves (they alone carry a token hash), not
 * the search index's rows that name them (a near-duplicate group's members do).
 */
export async function countStored(service: Service, reference: string, submissionsOnly = false): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: service.dynamodbEndpoint,
    region: loadConfig(TEST_ENV).region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { Count } = await client.send(
      new ScanCommand({
        TableName: loadConfig(TEST_ENV).tableName,
        FilterExpression: submissionsOnly ? '#r = :r AND attribute_exists(tokenHash)' : '#r = :r',
        ExpressionAttributeNames: { '#r': 'reference' },
        ExpressionAttributeValues: { ':r': { S: reference } },
        Select: 'COUNT',
      }),
    );
    return Count ?? 0;
  } finally {
    client.destroy();
  }
}

/**
 * fetch for the local service, retried once when a kept-alive connection was reset. Under
 * load (two cores, several suites) undici can reuse a socket in the instant the server's
 * 5 s keep-alive timer closes it; browsers retry such a request, so the tests do too.
 * Retrying a form post is safe by design: the form token makes it idempotent.
 */
export async function fetchLocal(url: string | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code !== 'ECONNRESET' && cause?.code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, init);
  }
}

/** Reads the form token out of a served form page. */
export function formTokenOf(html: string): string {
  const token = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no formToken in the page');
  return token;
}

/** The hidden fields of a served form (form token, form stamp…), as a browser would send them. */
export function hiddenFieldsOf(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*\btype="hidden"[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    if (name) fields[name] = (value ?? '').replaceAll('&amp;', '&').replaceAll('&quot;', '"');
  }
  if (!fields.formToken) throw new Error('no formToken in the page');
  return fields;
}

/** What a browser sends for a valid form: its hidden fields and the three required answers. */
export function validFields(lang: Lang, hidden: Record<string, string>): Record<string, string> {
  return {
    ...hidden,
    addressee: 'ose',
    topics: 'detainees',
    message: lang === 'ar' ? 'نحتاج إلى معرفة مصير المعتقلين.' : 'We need to know what happened to the detainees.',
  };
}
