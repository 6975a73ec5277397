/**
 * Staff journeys through the real local service in Chromium, by keyboard alone: Tab,
 * Shift+Tab, arrow keys, typing and Enter. Opening the emailed sign-in link is the one
 * navigation by address, as a person would from their mail. The page is only read (what has
 * focus, what a field holds) to assert.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCode, translator } from '#core';
import { type ActiveElement, byId, fieldValue, tabTo } from '../support/keyboard.ts';
import {
  type Lang,
  launchBrowser,
  newPage,
  removeDataDir,
  type Service,
  STAFF_LANGUAGES,
  startService,
} from '../support/service.ts';
import { referencesIn } from '../support/staff.ts';
import { STAFF, serviceStore, signInLink, staffPrefix } from '../support/staff-browser.ts';

let service: Service;
let browser: Browser;
let seeds: ReturnType<typeof serviceStore>;

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  seeds = serviceStore(service);
});

afterAll(async () => {
  seeds?.close();
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

const button = (text: string) => (active: ActiveElement) => active.tag === 'button' && active.text === text;
const link = (text: string) => (active: ActiveElement) => active.tag === 'a' && active.text === text;

/** Presses a key on the focused control and waits for the page it leads to. */
async function pressAndWait(page: Page, key: string) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

/** Sign in by keyboard: the address typed into the form, the emailed link opened, the button pressed. */
async function signInByKeyboard(page: Page, lang: Lang, email: string) {
  const t = translator(lang);
  await page.goto(`${service.url}${staffPrefix(lang)}`);
  await tabTo(page, byId('email'), { what: 'the email field' });
  await page.keyboard.type(email);
  await pressAndWait(page, 'Enter');
  expect(await page.locator('h1').textContent()).toBe(t('staff.signIn.sent.title'));
  await page.goto(await signInLink(service, email));
  await tabTo(page, button(t('staff.signIn.confirm.submit')), { what: 'the sign-in button' });
  await pressAndWait(page, 'Enter');
  expect(new URL(page.url()).pathname).toBe(`${staffPrefix(lang)}/inbox`);
}

/** Moves a closed <select> with the arrow keys until it holds `value`. */
async function chooseByKeyboard(page: Page, selector: string, value: string) {
  for (let presses = 0; presses < 10 && (await fieldValue(page, selector)) !== value; presses++) {
    await page.keyboard.press('ArrowDown');
  }
  expect(await fieldValue(page, selector)).toBe(value);
}

async function mailTo(address: string): Promise<{ subject: string }[]> {
  const mails = (await (await fetch(`${service.url}/dev/mail.json`)).json()) as { to: string[]; subject: string }[];
  return mails.filter((mail) => mail.to.includes(address));
}

describe.each(STAFF_LANGUAGES)('%s', (lang) => {
  const t = translator(lang);

  it('a triager signs in, finds a new submission in the queue, reads it, answers it publicly and closes it', async () => {
    const person = `journey-${lang}@example.org`;
    const message =
      lang === 'ar' ? 'نطلب معلومات عن المعتقلين في حلب.' : 'Please tell us about the detainees in Aleppo.';
    const record = await seeds.seed({ language: lang, message }, { routeTo: ['ose'], contact: { email: person } });
    const page = await newPage(browser);
    try {
      await signInByKeyboard(page, lang, STAFF.triager);

      // The queue opens on new submissions, newest first: this one leads.
      expect(referencesIn(await page.content())[0]).toBe(record.reference);
      await tabTo(page, link(groupCode(record.reference)), { max: 80, what: 'the submission in the queue' });
      await pressAndWait(page, 'Enter');
      expect(await page.locator('.user-text').first().textContent()).toBe(message);

      // Into review first (new → in review is the only way on).
      await tabTo(page, byId('status-to'), { what: 'the status field' });
      await chooseByKeyboard(page, '#status-to', 'in-review');
      await tabTo(page, button(t('staff.action.status.submit')), { what: 'the change-status button' });
      await pressAndWait(page, 'Enter');
      expect(await page.locator('.notice').textContent()).toContain(t('staff.done.status'));

      // Then the public reply, closing it in the same decision.
      const reply =
        lang === 'ar' ? 'شكرًا لكم، نقلنا طلبكم إلى الفريق المختص.' : 'Thank you, we passed this to the team.';
      await tabTo(page, byId('reply-text'), { what: 'the reply field' });
      await page.keyboard.type(reply);
      await tabTo(page, byId('reply-then'), { what: 'the status after replying' });
      await chooseByKeyboard(page, '#reply-then', 'closed');
      await tabTo(page, button(t('staff.action.reply.submit')), { what: 'the publish button' });
      await pressAndWait(page, 'Enter');

      const notice = await page.locator('.notice').textContent();
      expect(notice).toContain(t('staff.done.reply'));
      expect(notice).toContain(t('staff.done.emailQueued'));
      const stored = await seeds.store.get(record.reference);
      expect(stored).toMatchObject({ status: 'closed', publicReply: { text: reply, by: STAFF.triager } });
      expect(stored?.audit?.map((event) => event.action)).toEqual(['routed', 'status', 'reply', 'status']);
      await expect.poll(() => mailTo(person), { timeout: 10_000 }).toHaveLength(1);
    } finally {
      await page.context().close();
    }
  });

  it('a liaison sees only work routed to the donors', async () => {
    const donors = await seeds.seed(
      { addressee: 'donors', language: 'en', message: `Donor work ${lang}` },
      { routeTo: ['donors'] },
    );
    const both = await seeds.seed(
      { addressee: 'both', message: `Shared work ${lang}` },
      { routeTo: ['ose', 'donors'] },
    );
    const oseOnly = await seeds.seed({ message: `OSE only ${lang}` }, { routeTo: ['ose'] });
    const page = await newPage(browser);
    try {
      await signInByKeyboard(page, lang, STAFF.liaison);
      const listed = referencesIn(await page.content());
      expect(listed).toEqual(expect.arrayContaining([donors.reference, both.reference]));
      expect(listed).not.toContain(oseOnly.reference);

      await tabTo(page, link(groupCode(donors.reference)), { max: 80, what: 'the donor-routed submission' });
      await pressAndWait(page, 'Enter');
      expect(await page.locator('.user-text').first().textContent()).toBe(donors.message);
      // No decisions but a note, and no contact details.
      expect(await page.locator('#status-to').count()).toBe(0);
      expect(await page.locator('form[action$="/contact"]').count()).toBe(0);
      await tabTo(page, byId('note-text'), { what: 'the note field' });

      const response = await page.goto(`${service.url}${staffPrefix(lang)}/submissions/${oseOnly.reference}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe(t('staff.notFound.title'));
      expect(await page.content()).not.toContain(oseOnly.message);
    } finally {
      await page.context().close();
    }
  });
});
