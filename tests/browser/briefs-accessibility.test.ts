/**
 * Every state of the brief pages (issue 16) in Chromium, in Arabic and in English: axe-core
 * (WCAG 2.0–2.2 A/AA and best practice: zero violations), html-validate on the HTML as
 * served, and text contrast with our own check (axe skips joined Arabic text).
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directionOf, loadConfig, previousMonth, type SubmissionRecord } from '#core';
import { createBriefStore, createDocumentClient } from '#store';
import { createMonthlyDraft } from '../../functions/brief/tasks.ts';
import { AXE_TAGS, formatAxe, runAxe } from '../support/axe.ts';
import { engineFindings, formatFindings } from '../support/engines.ts';
import { describeReport, htmlValidate } from '../support/html-validate.ts';
import { checkContrast } from '../support/in-page.ts';
import {
  type Lang,
  launchBrowser,
  newPage,
  prefix,
  removeDataDir,
  type Service,
  STAFF_LANGUAGES,
  startService,
} from '../support/service.ts';
import { STAFF, servedDocuments, serviceStore, signInByForm } from '../support/staff-browser.ts';

let service: Service;
let browser: Browser;
const month = previousMonth(new Date());
const at = (day: number) => `${month}-${String(day).padStart(2, '0')}T10:00:00.000Z`;
let seeded: { consenting: SubmissionRecord; refusing: SubmissionRecord };
const briefs = { ose: '', donors: '' };

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  const { seed, close } = serviceStore(service);
  const both = { routeTo: ['ose' as const, 'donors' as const] };
  seeded = {
    consenting: await seed(
      { createdAt: at(2), message: 'Our schools have no heating. Children study in coats.', quoteConsent: true },
      both,
    ),
    refusing: await seed({ createdAt: at(3), message: 'Please do not quote me.' }, both),
  };
  for (let i = 0; i < 7; i++) await seed({ createdAt: at(4 + i), gender: 'woman', region: 'syria-south' }, both);
  close();
  // The monthly draft, as the schedule makes it on a first working day.
  const config = loadConfig({});
  const client = createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint });
  await createMonthlyDraft({ briefs: createBriefStore(client, config.tableName), log: () => {} })(
    new Date('2026-12-01T06:00:00Z'),
  );
  client.destroy();

  // One brief per addressee, saved and published by an admin through the pages' own posts.
  const admin = await newPage(browser);
  await signInByForm(admin, service, STAFF.admin, 'en');
  for (const addressee of ['ose', 'donors'] as const) {
    await admin.goto(`${service.url}/en/staff/briefs/new`);
    const csrf = await admin.locator('input[name=csrf]').first().inputValue();
    const created = await admin.request.post(`${service.url}/en/staff/briefs`, {
      form: {
        csrf,
        periodStart: month,
        periodEnd: month,
        addressee,
        topics: 'education',
        introAr: 'ما كتبه الناس هذا الشهر.',
        introEn: 'What people wrote this month.',
        'note-education-ar': 'ملاحظة عن التعليم.',
        'note-education-en': 'A note on education.',
        quote1Reference: seeded.consenting.reference,
        quote1Topic: 'education',
        quote1Text: 'Children study in coats.',
      },
      maxRedirects: 0,
    });
    expect(created.status()).toBe(303);
    const path = new URL(created.headers().location!, service.url).pathname.replace(/^\/en/, '');
    briefs[addressee] = path;
    if (addressee === 'donors') {
      const published = await admin.request.post(`${service.url}/en${path}/publish`, {
        form: { csrf, version: '1' },
        maxRedirects: 0,
      });
      expect(published.status()).toBe(303);
    }
  }
  await admin.context().close();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

type Step = (page: Page, lang: Lang) => Promise<void>;
const base = (lang: Lang) => `${service.url}${prefix(lang)}`;
const submit = (page: Page, selector: string) =>
  Promise.all([
    page.waitForNavigation(),
    page.locator(selector).evaluate((form: HTMLFormElement) => form.requestSubmit()),
  ]);

const STATES: Record<string, { as: keyof typeof STAFF; go: Step }> = {
  list: { as: 'admin', go: async (page, lang) => void (await page.goto(`${base(lang)}/staff/briefs`)) },
  'new brief': { as: 'admin', go: async (page, lang) => void (await page.goto(`${base(lang)}/staff/briefs/new`)) },
  'refused quote and a passage to confirm': {
    as: 'admin',
    go: async (page, lang) => {
      await page.goto(`${base(lang)}/staff/briefs/new`);
      await page.locator('#periodStart').fill(month);
      await page.locator('#periodEnd').fill('not a month');
      await page.locator('#addressee-ose').check();
      await page.locator('#topic-education').check();
      await page.locator('#quote1Reference').fill(seeded.consenting.reference);
      await page.locator('#quote1Topic').selectOption('education');
      await page.locator('#quote1Text').fill('Our schools have no heating.');
      await page.locator('#flagWords').fill('heating');
      await page.locator('#quote2Reference').fill(seeded.refusing.reference);
      await page.locator('#quote2Topic').selectOption('education');
      await page.locator('#quote2Text').fill('Please do not quote me.');
      await submit(page, 'main form');
    },
  },
  'draft with a quote': { as: 'admin', go: async (page, lang) => void (await page.goto(`${base(lang)}${briefs.ose}`)) },
  'editing a draft': {
    as: 'triager',
    go: async (page, lang) => void (await page.goto(`${base(lang)}${briefs.ose}/edit`)),
  },
  'published, ready to send': {
    as: 'admin',
    go: async (page, lang) => void (await page.goto(`${base(lang)}${briefs.donors}`)),
  },
  'monthly draft awaiting review': {
    as: 'admin',
    go: async (page, lang) => void (await page.goto(`${base(lang)}/staff/briefs/monthly-2026-11-ose`)),
  },
  'print version': {
    as: 'admin',
    go: async (page, lang) => void (await page.goto(`${base(lang)}${briefs.donors}/versions/1/print`)),
  },
  'as a liaison, without the personal tables': {
    as: 'liaison',
    go: async (page, lang) => void (await page.goto(`${base(lang)}${briefs.donors}`)),
  },
  'list as a liaison': {
    as: 'liaison',
    go: async (page, lang) => void (await page.goto(`${base(lang)}/staff/briefs`)),
  },
};

describe.each(STAFF_LANGUAGES)('%s', (lang) => {
  const sessions = new Map<string, Page>();
  /**
   * One signed-in page per role and language, brought to each of that role's states in turn:
   * the engines compile once per page instead of once per state.
   */
  async function pageFor(as: keyof typeof STAFF): Promise<Page> {
    let signedIn = sessions.get(as);
    if (!signedIn) {
      signedIn = await newPage(browser);
      await signInByForm(signedIn, service, STAFF[as], lang);
      sessions.set(as, signedIn);
    }
    return signedIn;
  }
  afterAll(async () => {
    for (const page of sessions.values()) await page.context().close();
  });

  describe.each(Object.keys(STATES))('%s', (state) => {
    let page: Page;
    let served: string;
    beforeAll(async () => {
      page = await pageFor(STATES[state]!.as);
      const documents = servedDocuments(page);
      await STATES[state]!.go(page, lang);
      served = await documents.html();
    });

    it(`axe-core (${AXE_TAGS.join(', ')}) finds no violations`, async () => {
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe(directionOf(lang));
      const violations = await runAxe(page);
      expect(violations, formatAxe(violations)).toEqual([]);
    });

    it('IBM Equal Access and HTML_CodeSniffer find nothing outside the allowlist', async () => {
      const { findings } = await engineFindings(page);
      expect(findings, formatFindings(findings)).toEqual([]);
    });

    it('is valid HTML as served (html-validate)', async () => {
      const report = await htmlValidate.validateString(served);
      expect(report.valid, describeReport(report, served)).toBe(true);
    });

    it('meets text contrast everywhere, Arabic text included, with no unfilled placeholder', async () => {
      const report = await checkContrast(page);
      expect(report.failures, JSON.stringify(report.failures, null, 2)).toEqual([]);
      expect(report.unknown).toEqual([]);
      const text = await page.evaluate(() => `${document.title}\n${document.body.textContent}`);
      expect(text.match(/\{[A-Za-z]\w*\}/g) ?? []).toEqual([]);
    });
  });
});
