/**
 * The staff pages in Chromium, every state in Arabic and in English: axe-core (WCAG 2.0–2.2
 * A/AA and best practice: zero violations), IBM Equal Access and HTML_CodeSniffer (zero
 * findings outside tests/support/engines.ts's allowlist), html-validate on the HTML as served, text
 * contrast at AAA with our own check (axe skips joined Arabic text), reflow at 320 CSS px
 * and at 400% zoom, one digit style, table wrappers that are Tab stops only when they
 * scroll, and a chart that says so in words when it has nothing to draw.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionRecord } from '#core';
import { directionOf } from '#core';
import { AXE_TAGS, formatAxe, runAxe } from '../support/axe.ts';
import { engineFindings, formatFindings } from '../support/engines.ts';
import { describeReport, htmlValidate } from '../support/html-validate.ts';
import { checkContrast, checkDigits } from '../support/in-page.ts';
import { reflowProblems } from '../support/reflow.ts';
import {
  forgetVisit,
  type Lang,
  launchBrowser,
  newPage,
  removeDataDir,
  type Service,
  STAFF_LANGUAGES,
  startService,
} from '../support/service.ts';
import {
  STAFF,
  servedDocuments,
  serviceStore,
  signInByForm,
  signInLink,
  staffPrefix,
} from '../support/staff-browser.ts';

let service: Service;
let browser: Browser;
let seeded: { ose: SubmissionRecord; donors: SubmissionRecord; answered: SubmissionRecord };

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  const { seed, close } = serviceStore(service);
  seeded = {
    ose: await seed(
      {
        urgent: true,
        topics: ['detainees', 'education'],
        message: 'نريد معرفة مصير المعتقلات والمعتقلين.\n\nWe need answers.',
        region: 'turkey',
        gender: 'woman',
      },
      { routeTo: ['ose'], contact: { email: 'person@example.org', organisation: 'منظمة المثال' } },
    ),
    donors: await seed(
      {
        addressee: 'donors',
        topics: ['cssr-ownership'],
        language: 'en',
        message: 'More Syrian ownership of the room, please.',
      },
      { routeTo: ['donors'] },
    ),
    answered: await seed(
      {
        status: 'answered',
        message: 'سؤال قديم',
        publicReply: { text: 'شكرًا لكم.', at: new Date().toISOString(), by: STAFF.triager },
        notes: [{ text: 'Checked with the team', at: new Date().toISOString(), by: STAFF.admin }],
      },
      { routeTo: ['ose', 'donors'] },
    ),
  };
  close();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

type Step = (page: Page, lang: Lang) => Promise<void>;
const base = (lang: Lang) => `${service.url}${staffPrefix(lang)}`;
const submit = (page: Page, selector: string) =>
  Promise.all([
    page.waitForNavigation(),
    page.locator(selector).evaluate((form: HTMLFormElement) => form.requestSubmit()),
  ]);

/** Each state: who is signed in (if anyone), and how to get there from a fresh page. */
const STATES: Record<string, { as?: keyof typeof STAFF; go: Step }> = {
  'sign-in': { go: async (page, lang) => void (await page.goto(base(lang))) },
  'sign-in with an error': {
    go: async (page, lang) => {
      await page.goto(base(lang));
      await page.locator('#email').fill('not an address');
      await submit(page, 'form[action$="/sign-in"]');
    },
  },
  'link sent': {
    go: async (page, lang) => {
      await page.goto(base(lang));
      await page.locator('#email').fill('someone@example.org');
      await submit(page, 'form[action$="/sign-in"]');
    },
  },
  'link landing (confirm)': {
    go: async (page, lang) => {
      await page.goto(base(lang));
      await page.locator('#email').fill(STAFF.admin);
      await submit(page, 'form[action$="/sign-in"]');
      // The link comes back in the language the person asked in.
      await page.goto(await signInLink(service, STAFF.admin));
    },
  },
  'link expired': { go: async (page, lang) => void (await page.goto(`${base(lang)}/sign-in/${'x'.repeat(43)}`)) },
  queue: { as: 'triager', go: async (page, lang) => void (await page.goto(`${base(lang)}/inbox`)) },
  'queue, all statuses': {
    as: 'triager',
    go: async (page, lang) => void (await page.goto(`${base(lang)}/inbox?status=all&order=oldest`)),
  },
  'queue, nothing matches': {
    as: 'triager',
    go: async (page, lang) => void (await page.goto(`${base(lang)}/inbox?status=closed&topic=advocacy&urgent=1`)),
  },
  submission: {
    as: 'triager',
    go: async (page, lang) => void (await page.goto(`${base(lang)}/submissions/${seeded.ose.reference}`)),
  },
  'submission with reply and notes': {
    as: 'admin',
    go: async (page, lang) => void (await page.goto(`${base(lang)}/submissions/${seeded.answered.reference}`)),
  },
  'submission, contact shown': {
    as: 'triager',
    go: async (page, lang) => {
      await page.goto(`${base(lang)}/submissions/${seeded.ose.reference}`);
      await submit(page, 'form[action$="/contact"]');
    },
  },
  'submission, decision refused': {
    as: 'triager',
    go: async (page, lang) => {
      await page.goto(`${base(lang)}/submissions/${seeded.ose.reference}`);
      await submit(page, 'form:has(#note-text)');
    },
  },
  'submission as a liaison': {
    as: 'liaison',
    go: async (page, lang) => void (await page.goto(`${base(lang)}/submissions/${seeded.donors.reference}`)),
  },
  statistics: { as: 'admin', go: async (page, lang) => void (await page.goto(`${base(lang)}/stats`)) },
  'staff accounts': { as: 'admin', go: async (page, lang) => void (await page.goto(`${base(lang)}/admin/staff`)) },
  'your account': { as: 'liaison', go: async (page, lang) => void (await page.goto(`${base(lang)}/account`)) },
  'not found': {
    as: 'liaison',
    go: async (page, lang) => void (await page.goto(`${base(lang)}/submissions/${seeded.ose.reference}`)),
  },
  'signed out': {
    as: 'triager',
    go: async (page, lang) => {
      await page.goto(`${base(lang)}/account`);
      await submit(page, 'form[action$="/sign-out"]');
    },
  },
};

describe.each(STAFF_LANGUAGES)('%s', (lang) => {
  const sessions = new Map<string, Page>();
  let anonymous: Page | undefined;
  /**
   * One signed-in page per role and language, and one page signed in as nobody, each brought
   * to its states in turn: the engines compile once per page instead of once per state. The
   * page signed in as nobody forgets each visit first (cookies, storage), as a fresh context.
   */
  async function pageFor(as: keyof typeof STAFF | undefined): Promise<Page> {
    if (!as) {
      anonymous ??= await newPage(browser);
      await forgetVisit(anonymous);
      return anonymous;
    }
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
    await anonymous?.context().close();
  });

  describe.each(Object.keys(STATES))('%s', (state) => {
    let page: Page;
    let served: string;
    beforeAll(async () => {
      const { as, go } = STATES[state]!;
      // Signing out ends the session, so that state gets a session of its own.
      page = state === 'signed out' ? await newPage(browser) : await pageFor(as);
      if (state === 'signed out') await signInByForm(page, service, STAFF.triager, lang);
      const documents = servedDocuments(page);
      await go(page, lang);
      served = await documents.html();
    });
    afterAll(async () => {
      if (state === 'signed out') await page?.context().close();
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

    it('meets AAA text contrast (7:1, large 4.5:1) everywhere, Arabic text included, with no unfilled placeholder', async () => {
      const report = await checkContrast(page);
      expect(report.failures, JSON.stringify(report.failures, null, 2)).toEqual([]);
      expect(report.unknown).toEqual([]);
      const text = await page.evaluate(() => `${document.title}\n${document.body.textContent}`);
      expect(text.match(/\{[A-Za-z]\w*\}/g) ?? []).toEqual([]);
    });

    it('writes every number in one digit style (Arabic pages: Arabic-Indic, Latin codes aside)', async () => {
      const digits = await checkDigits(page);
      if (lang === 'ar') expect([...digits.latin, ...digits.lists]).toEqual([]);
    });

    it('makes a table wrapper a Tab stop only when it scrolls sideways', async () => {
      const wrappers = await page.locator('.table-scroll').evaluateAll((regions) =>
        regions.map((region) => ({
          tabbable: region.tabIndex >= 0,
          overflows: region.scrollWidth > region.clientWidth + 1,
        })),
      );
      expect(wrappers.filter((wrapper) => wrapper.tabbable !== wrapper.overflows)).toEqual([]);
    });

    it('shows a chart only with bars in it, and otherwise says why in words', async () => {
      for (const chart of await page.locator('svg.chart').all())
        expect(await chart.locator('rect.bar').count()).toBeGreaterThan(0);
      if (state === 'statistics') {
        const charts = await page.locator('svg.chart').count();
        const words = await page.locator('.chart-empty').count();
        expect(charts + words, 'the month chart or its words').toBe(1);
      }
    });

    it('reflows without horizontal scrolling at 320 CSS px and at 400% zoom', async () => {
      // Tables scroll inside their own region, the page never sideways.
      const problems = await reflowProblems(page);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  });
});
