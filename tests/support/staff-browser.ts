/**
 * The staff side on the running local service: submissions seeded straight into its table
 * (the local key file seals contact details, as intake would), and signing in the way a
 * person does, reading the link from /dev/mail.json.
 */
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { loadConfig, type SubmissionRecord, staffBase } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createDocumentClient, createSubmissionStore } from '#store';
import { ensureKeyFile } from '../../dev/keys.ts';
import type { Lang, Service } from './service.ts';
import { type SeedOptions, seedSubmission, signInPath } from './staff.ts';

export const STAFF = {
  triager: 'triage@ose.example',
  admin: 'admin@ose.example',
  liaison: 'liaison@donors.example',
} as const;

/** Where the staff pages are in a language (the route table's staffBase). */
export const staffPrefix = (lang: Lang) => staffBase(lang);

export function serviceStore(service: Service) {
  const config = loadConfig({});
  const client = createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint });
  const store = createSubmissionStore(client, config.tableName);
  const vault = createContactVault(
    contactKeyring({ kind: 'local', key: ensureKeyFile(join(service.dataDir, 'contact.key')) }),
  );
  return {
    store,
    seed: (overrides: Partial<SubmissionRecord> = {}, options: SeedOptions = {}) =>
      seedSubmission(store, overrides, { vault, ...options }),
    close: () => client.destroy(),
  };
}

/** Newest sign-in link sent to `email`, as a URL on this service, once it has arrived. */
export async function signInLink(service: Service, email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const mails = (await (await fetch(`${service.url}/dev/mail.json`)).json()) as { to: string[]; text: string }[];
    try {
      return `${service.url}${signInPath(mails, email)}`;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no sign-in link for ${email}`);
}

/** Signs in through the pages (not by keyboard: the journeys suite does that). */
export async function signInByForm(page: Page, service: Service, email: string, lang: Lang): Promise<void> {
  await page.goto(`${service.url}${staffPrefix(lang)}`);
  await page.locator('#email').fill(email);
  await Promise.all([page.waitForURL(/\/sign-in$/), page.locator('form[action$="/sign-in"] button').click()]);
  await page.goto(await signInLink(service, email));
  await Promise.all([page.waitForURL(/\/inbox/), page.locator('form[action$="/sign-in/confirm"] button').click()]);
}

/** Keeps the last main-frame document response, so tests can read the HTML as served. */
export function servedDocuments(page: Page) {
  let last: Response | undefined;
  page.on('response', (response) => {
    if (
      response.request().isNavigationRequest() &&
      response.frame() === page.mainFrame() &&
      (response.status() < 300 || response.status() >= 400)
    ) {
      last = response;
    }
  });
  return {
    async html(): Promise<string> {
      if (!last) throw new Error('no document yet');
      return last.text();
    },
  };
}
