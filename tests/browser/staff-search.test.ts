/**
 * Staff search and near-duplicate groups in Chromium on the real local service (issue 15):
 * the "done when" journey by keyboard alone in Arabic, and every new page state in Arabic
 * and English checked with axe-core, html-validate and our contrast check.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCode, type SubmissionRecord, translator } from '#core';
import { FAMILIES } from '../fixtures/near-duplicates.ts';
import { AXE_TAGS, formatAxe, runAxe } from '../support/axe.ts';
import { engineFindings, formatFindings } from '../support/engines.ts';
import { describeReport, htmlValidate } from '../support/html-validate.ts';
import { checkContrast } from '../support/in-page.ts';
import { type ActiveElement, byId, tabTo } from '../support/keyboard.ts';
import {
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
let seeds: ReturnType<typeof serviceStore>;
/** The same word written three ways, in three unrelated messages. */
let spellings: SubmissionRecord[];
/** A copied appeal: the original (with an email address) and its variants. */
let group: SubmissionRecord[];

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  seeds = serviceStore(service);
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  spellings = [
    await seeds.seed({ message: 'مصير المُعتقَلين في صيدنايا ما زال مجهولًا', createdAt: at(50) }, { routeTo: ['ose'] }),
    await seeds.seed({ message: 'والمعتقلات ينتظرن المحاكمة منذ ٢٠١٣', createdAt: at(40) }, { routeTo: ['ose'] }),
  ];
  const family = FAMILIES[0]!;
  group = [
    await seeds.seed(
      { message: family.original, createdAt: at(30) },
      { routeTo: ['ose'], contact: { email: 'family@example.org' } },
    ),
  ];
  for (const [i, variant] of family.variants.slice(0, 2).entries())
    group.push(await seeds.seed({ message: variant.text, createdAt: at(20 - i) }, { routeTo: ['ose'] }));
  group = await Promise.all(group.map(async (record) => (await seeds.store.get(record.reference))!));
});

afterAll(async () => {
  seeds?.close();
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

const button = (text: string) => (active: ActiveElement) => active.tag === 'button' && active.text === text;
const linkContaining = (text: string) => (active: ActiveElement) => active.tag === 'a' && active.text.includes(text);

async function pressAndWait(page: Page, key: string) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

describe('the done-when journey, by keyboard alone, in Arabic', () => {
  it('searches one spelling, finds the others, opens one, sees its similar submissions and answers the whole group', async () => {
    const t = translator('ar');
    const page = await newPage(browser);
    try {
      await page.goto(`${service.url}/staff`);
      await tabTo(page, byId('email'), { what: 'the email field' });
      await page.keyboard.type(STAFF.triager);
      await pressAndWait(page, 'Enter');
      await page.goto(await signInLink(service, STAFF.triager));
      await tabTo(page, button(t('staff.signIn.confirm.submit')), { what: 'the sign-in button' });
      await pressAndWait(page, 'Enter');

      // The search landmark and its box, by their names.
      // One search landmark (html-validate advises against naming <search>; its heading says what it is).
      expect(await page.getByRole('search').count()).toBe(1);
      expect(
        await page
          .getByRole('search')
          .getByRole('heading', { name: t('search.landmark') })
          .count(),
      ).toBe(1);
      expect(await page.getByRole('searchbox', { name: t('search.label') }).count()).toBe(1);
      await tabTo(page, byId('q'), { what: 'the search box' });
      await page.keyboard.type('معتقلين');
      await pressAndWait(page, 'Enter');

      // Every spelling is found: المُعتقَلين, والمعتقلات, and the group (shown once) with المعتقلين.
      const rows = await page.locator('table.data tbody th[scope=row] > a').allTextContents();
      for (const record of spellings) expect(rows).toContain(groupCode(record.reference));
      const shownOfGroup = group.filter((record) => rows.includes(groupCode(record.reference)));
      expect(shownOfGroup).toHaveLength(1);
      const marks = await page.locator('mark').allTextContents();
      expect(marks).toEqual(expect.arrayContaining(['المُعتقَلين', 'والمعتقلات', 'المعتقلين']));
      expect(await page.locator('[role=status]').first().textContent()).toContain('«معتقلين»');

      // Open the group's row: its page lists the similar submissions.
      await tabTo(page, linkContaining(groupCode(shownOfGroup[0]!.reference)), {
        max: 80,
        what: 'the grouped submission',
      });
      await pressAndWait(page, 'Enter');
      const similar = await page.locator('section[aria-labelledby=similar-heading]').textContent();
      for (const record of group.filter((r) => r.reference !== shownOfGroup[0]!.reference))
        expect(similar).toContain(groupCode(record.reference));

      // Open the group and answer every member with one public reply.
      await tabTo(page, linkContaining(t('group.open', { n: group.length }).slice(0, 12)), {
        max: 80,
        what: 'the link to the group',
      });
      await pressAndWait(page, 'Enter');
      expect(await page.locator('h1').textContent()).toBe(t('group.title'));
      const reply = 'شكرًا لكم، نقلنا مطلبكم بشأن المعتقلين إلى المبعوث الخاص.';
      await tabTo(page, byId('group-reply-text'), { what: 'the group reply field' });
      await page.keyboard.type(reply);
      await tabTo(page, button(t('staff.action.reply.submit')), { what: 'the publish button' });
      await pressAndWait(page, 'Enter');

      const outcome = await page.locator('[role=status]').first().textContent();
      expect(outcome).toContain(t('group.result.done', { n: group.length }));
      // Announced: the outcome takes focus.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
      for (const record of group) {
        const stored = await seeds.store.get(record.reference);
        expect(stored?.publicReply).toMatchObject({ text: reply, by: STAFF.triager });
        expect(stored?.audit?.at(-1)).toMatchObject({ action: 'reply', by: STAFF.triager });
      }
    } finally {
      await page.context().close();
    }
  }, 120_000);
});

type Step = (page: Page, lang: Lang) => Promise<void>;
const base = (lang: Lang) => `${service.url}${staffPrefix(lang)}`;
const STATES: Record<string, Step> = {
  'search results': async (page, lang) =>
    void (await page.goto(`${base(lang)}/inbox?status=all&q=${encodeURIComponent('المعتقلين')}`)),
  'search, nothing found': async (page, lang) =>
    void (await page.goto(`${base(lang)}/inbox?status=all&q=${encodeURIComponent('كلمةغيرموجودة')}`)),
  'search, nothing to search': async (page, lang) => void (await page.goto(`${base(lang)}/inbox?q=%22%22`)),
  'submission with similar ones': async (page, lang) =>
    void (await page.goto(`${base(lang)}/submissions/${group[0]!.reference}`)),
  'group page': async (page, lang) => void (await page.goto(`${base(lang)}/groups/${group[0]!.group}`)),
  'group decision refused': async (page, lang) => {
    await page.goto(`${base(lang)}/groups/${group[0]!.group}`);
    await Promise.all([
      page.waitForNavigation(),
      page.locator('form:has(#group-reply-text)').evaluate((form: HTMLFormElement) => form.requestSubmit()),
    ]);
  },
  'group decision with a conflict': async (page, lang) => {
    await page.goto(`${base(lang)}/groups/${group[0]!.group}`);
    // Someone changes one member meanwhile (a note, written straight to the store).
    const current = (await seeds.store.get(group[1]!.reference))!;
    const { createDocumentClient, createStatusCounts, createTriageStore } = await import('#store');
    const { loadConfig } = await import('#core');
    const config = loadConfig({});
    const client = createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint });
    await createTriageStore(
      client,
      config.tableName,
      createStatusCounts(client, config.tableName),
      seeds.store.get,
    ).applyTriageChange(current.reference, {
      expectedVersion: current.version,
      urgent: current.urgent,
      at: new Date().toISOString(),
      events: [{ at: new Date().toISOString(), by: STAFF.admin, action: 'note' }],
      note: { text: 'meanwhile', at: new Date().toISOString(), by: STAFF.admin },
    });
    client.destroy();
    await page.locator('#group-status-to').selectOption('in-review');
    await Promise.all([
      page.waitForNavigation(),
      page.locator('form:has(#group-status-to)').evaluate((form: HTMLFormElement) => form.requestSubmit()),
    ]);
  },
};

describe.each(STAFF_LANGUAGES)('%s', (lang) => {
  let signedIn: Page;
  beforeAll(async () => {
    signedIn = await newPage(browser);
    await signInByForm(signedIn, service, STAFF.triager, lang);
  });
  afterAll(async () => signedIn?.context().close());

  // The signed-in page itself goes to each state: the engines compile once per page, not per state.
  describe.each(Object.keys(STATES))('%s', (state) => {
    let page: Page;
    let served: string;
    beforeAll(async () => {
      page = signedIn;
      const documents = servedDocuments(page);
      await STATES[state]!(page, lang);
      served = await documents.html();
    });

    it(`axe-core (${AXE_TAGS.join(', ')}) finds no violations`, async () => {
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
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
