/**
 * Journeys through the real service in Chromium, by keyboard only: Tab, Shift+Tab, Space,
 * arrow keys, typing and Enter. No clicks and no filling of fields the keyboard has not
 * reached; the page is only read (what has focus, what a field holds) to assert.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContentLanguage, contentLanguageOf, FIELD_ORDER, LIMITS, translator } from '#core';
import { errorTarget } from '#web/public/views/form.tsx';
import { activeElement } from '../support/in-page.ts';
import { type ActiveElement, byId, fieldValue, isChecked, tab, tabTo } from '../support/keyboard.ts';
import {
  countStored,
  fetchLocal,
  formPath,
  formTokenOf,
  freshDataDir,
  hiddenFieldsOf,
  LANGUAGES,
  type Lang,
  launchBrowser,
  newPage,
  PAGE_LANGUAGES,
  prefix,
  RECEIPT_FORMAT,
  REFERENCE_FORMAT,
  removeDataDir,
  type Service,
  startService,
  validFields,
} from '../support/service.ts';

/** Where "leave this page quickly" goes (the default MASHURA_EXIT_URL); answered locally, never fetched. */
const EXIT_URL = 'https://www.google.com/';

let service: Service;
let browser: Browser;

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

/** A fresh context per test: no cookies or history shared between journeys. */
async function open(lang: Lang, options: Parameters<typeof newPage>[1] = {}): Promise<Page> {
  const page = await newPage(browser, options);
  // Nothing may leave the machine: the exit link's destination is answered here.
  await page
    .context()
    .route(`${EXIT_URL}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Elsewhere</title>' }),
    );
  await page.goto(`${service.url}${formPath(lang)}`);
  return page;
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();
const title = (page: Page) => page.title();

/** What a person types, in the content language of the page's language (languages.ts). */
const MESSAGES: Record<ContentLanguage, string> = {
  ar: 'نريد معرفة مصير المعتقلات والمعتقلين، ونطلب فتح المعابر للمساعدات.',
  en: 'We want to know what happened to the detainees, and the crossings opened for aid.',
};
/** An organisation's name, and a short word typed key by key, in the same way. */
const ORGANISATIONS: Record<ContentLanguage, string> = { ar: 'رابطة المثال', en: 'Example Association' };
const WORDS: Record<ContentLanguage, string> = { ar: 'صوتنا', en: 'voice' };

/** Records every request the page makes, to prove what a refresh or Back does not send. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

async function readCodes(page: Page) {
  const reference = page.locator('bdi[dir="ltr"].code[data-reference]');
  const receipt = page.locator('bdi[dir="ltr"].code[data-receipt]');
  // The receipt is shown once: a reload finds no receipt at all.
  const shown = (await receipt.count()) > 0;
  return {
    reference: ((await reference.textContent()) ?? '').trim(),
    receipt: shown ? ((await receipt.textContent()) ?? '').trim() : '',
    referenceVisible: await reference.isVisible(),
    receiptVisible: shown && (await receipt.isVisible()),
  };
}

describe.each(PAGE_LANGUAGES)('keyboard journeys (%s)', (lang) => {
  const t = translator(lang);

  it('tab order follows the page: skip link first, the exit link among the first four stops, every field reachable', async () => {
    const page = await open(lang);
    // Tab through the whole page until focus comes round to the first stop again.
    const stops: ActiveElement[] = [];
    for (let i = 0; i < 80; i++) {
      const active = await tab(page);
      if (stops.length && active.element === stops[0]!.element) break;
      if (active.tag !== 'body') stops.push(active);
    }
    const names = stops.map((stop) => stop.id || stop.text);
    expect(names[0]).toBe(t('nav.skip'));
    const exitAt = stops.findIndex((stop) => stop.text === t('exit.label'));
    expect(exitAt, `exit link position in ${JSON.stringify(names)}`).toBeGreaterThanOrEqual(0);
    expect(exitAt).toBeLessThan(4);
    // One stop per radio group (arrows move inside it), one per checkbox, then each field in
    // order and the send button; nothing hidden (the honeypot) takes a stop.
    const fields = stops.filter((stop) => stop.id || stop.tag === 'button').map((stop) => stop.id || stop.tag);
    const topics = await page.locator('input[name=topics]').evaluateAll((inputs) => inputs.map((input) => input.id));
    // Derived from the field table (packages/core/fields.ts) in the form's field order: a radio
    // group's first (or checked) radio, each topic checkbox, the other fields by id; the
    // recording's file input and the recorder's "Record with your microphone" button (site.js
    // shows it where MediaRecorder exists); then Send, and the locked draft the sender
    // (send.js, loaded when the form is first used) offers after it.
    expect(fields).toEqual([
      ...FIELD_ORDER.filter((field) => field !== 'formToken').flatMap((field) =>
        field === 'topics' ? topics : field === 'voice' ? ['voice', 'button'] : [errorTarget(field)],
      ),
      'button',
      'draft-keep',
    ]);
    // The same order as the DOM: nothing reordered by tabindex or CSS. Only what can take
    // focus counts (not content of a closed <details>, not tabindex="-1").
    const domOrder = await page
      .locator('a[href], summary, button, input:not([type=hidden]), select, textarea')
      .evaluateAll((elements) =>
        elements
          .filter((el) => (el as HTMLElement).tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true }))
          // A radio group takes one stop: its checked radio, or its first when none is checked.
          .filter((el) => {
            if (!(el instanceof HTMLInputElement && el.type === 'radio')) return true;
            const group = [...document.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${el.name}"]`)];
            const checked = group.find((radio) => radio.checked);
            return checked ? el === checked : el === group[0];
          })
          .map((el) => el.id || (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80)),
      );
    expect(names).toEqual(domOrder);
    await page.context().close();
  });
});

describe.each(LANGUAGES)('keyboard journeys (%s)', (lang) => {
  const t = translator(lang);

  it('fills and sends the form by keyboard, lands on the confirmation, and a refresh or a repeated post never duplicates', async () => {
    const page = await open(lang);
    const requests = recordRequests(page);

    // Who it is for: Tab into the group (first radio), Space to choose, arrows to change.
    await tabTo(page, byId('addressee-ose'), { what: 'the addressee group' });
    await page.keyboard.press('Space');
    expect(await isChecked(page, '#addressee-ose')).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect((await activeElement(page)).id).toBe('addressee-donors');
    await page.keyboard.press('ArrowDown');
    expect((await activeElement(page)).id).toBe('addressee-both');
    expect(await isChecked(page, '#addressee-both')).toBe(true);

    // Topics: each checkbox is a tab stop; Space ticks the focused one.
    await tab(page);
    expect((await activeElement(page)).id).toBe('topic-detainees');
    await page.keyboard.press('Space');
    await tab(page);
    await tab(page);
    const third = (await activeElement(page)).id;
    await page.keyboard.press('Space');
    expect(await isChecked(page, '#topic-detainees')).toBe(true);
    expect(await isChecked(page, `#${third}`)).toBe(true);

    await tabTo(page, byId('message'), { what: 'the message' });
    await page.keyboard.type(MESSAGES[contentLanguageOf(lang)]);

    // Past the recording (issue 19): the file input, then the recorder's button, unused.
    await tab(page);
    expect((await activeElement(page)).id).toBe('voice');
    await tab(page);
    expect((await activeElement(page)).text).toBe(t('recorder.open'));
    await tab(page);
    expect((await activeElement(page)).id).toBe('region');
    await page.keyboard.press('ArrowDown');
    expect(await fieldValue(page, '#region')).not.toBe('');

    await tab(page);
    expect((await activeElement(page)).id).toBe('gender-woman');
    await page.keyboard.press('ArrowDown');
    expect(await isChecked(page, '#gender-man')).toBe(true);

    await tabTo(page, byId('organisation'), { what: 'the organisation' });
    await page.keyboard.type(ORGANISATIONS[contentLanguageOf(lang)]);
    await tab(page);
    // Consent to quote: "no" by default, left as it is.
    expect((await activeElement(page)).id).toBe('quoteConsent-no');
    await tab(page);
    expect((await activeElement(page)).id).toBe('email');
    await page.keyboard.type('reply@example.org');

    await tab(page);
    const button = await activeElement(page);
    expect(button.tag).toBe('button');
    expect(button.text).toBe(t('form.submit'));

    const formToken = formTokenOf(await page.content());
    await Promise.all([page.waitForURL(/\/sent\//), page.keyboard.press('Enter')]);

    // The confirmation, in the same language, with both codes readable and well formed.
    // The sending script reaches it by an empty GET form's submission (see send.js): the
    // address may end in a bare "?", an empty query that carries nothing.
    const sentAt = new URL(page.url());
    expect(sentAt.pathname).toMatch(new RegExp(`^${prefix(lang)}/sent/[0-9A-Z]{12}$`));
    expect(sentAt.search).toBe('');
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    expect(await text(page, 'h1')).toBe(t('sent.title'));
    expect(await title(page)).toBe(`${t('sent.title')} – ${t('site.name')}`);
    const codes = await readCodes(page);
    expect(codes.referenceVisible && codes.receiptVisible).toBe(true);
    expect(codes.reference).toMatch(REFERENCE_FORMAT);
    expect(codes.receipt).toMatch(RECEIPT_FORMAT);
    expect(sentAt.pathname.endsWith(codes.reference.replaceAll('-', ''))).toBe(true);
    expect(await text(page, '.steps')).toContain(t('sent.next.routed.both'));
    expect(await text(page, '.steps')).toContain(t('sent.next.email'));
    const reference = codes.reference.replaceAll('-', '');
    expect(await countStored(service, reference, true)).toBe(1);

    // What the browser sent: one POST, then GETs only (POST → 303 → GET).
    const posts = requests.filter((request) => request.method() === 'POST');
    expect(posts).toHaveLength(1);
    // With JavaScript the sender (send.js) posts the form's FormData: multipart.
    const sentBody = posts[0]!.postData() ?? '';
    const sentType = (await posts[0]!.allHeaders())['content-type'] ?? '';
    const sentForm = await new Response(sentBody, { headers: { 'content-type': sentType } }).formData();
    expect(sentForm.get('formToken')).toBe(formToken);

    // Refresh: a GET of the confirmation; nothing is posted again, the reference is the same,
    // and the receipt is not shown again (issue 12, finding 5: a later visit cannot bring it back).
    requests.length = 0;
    await page.reload();
    expect(requests.filter((request) => request.method() === 'POST')).toHaveLength(0);
    const reloaded = await readCodes(page);
    expect(reloaded.reference).toBe(codes.reference);
    expect(reloaded.receiptVisible).toBe(false);
    expect(await page.textContent('main')).toContain(t('sent.receipt.gone'));
    expect(await countStored(service, reference, true)).toBe(1);

    // Back returns to the form page by GET, not by posting the form again.
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe(formPath(lang));
    expect(requests.filter((request) => request.method() === 'POST')).toHaveLength(0);

    // The same form posted again (same token, same body, as a resubmitting browser would):
    // the same reference and receipt, and still one stored submission.
    const again = await page.request.post(`${service.url}${formPath(lang)}`, {
      data: sentBody,
      headers: { 'content-type': sentType },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe(`${prefix(lang)}/sent/${reference}`);
    await page.goto(`${service.url}${again.headers().location}`);
    expect(await readCodes(page)).toEqual(codes);
    expect(await countStored(service, reference, true)).toBe(1);
    await page.context().close();
  });

  it('sending the form empty focuses the error summary; its links lead to the fields; typed values are kept', async () => {
    const page = await open(lang);

    // Something typed in the optional fields, the required ones left empty.
    await tabTo(page, byId('organisation'), { what: 'the organisation' });
    await page.keyboard.type(ORGANISATIONS[contentLanguageOf(lang)]);
    await tabTo(page, byId('email'), { what: 'the email' });
    await page.keyboard.type('not-an-email');
    await tab(page);
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('.error-summary');

    expect(await title(page)).toMatch(new RegExp(`^${escapeRegExp(t('error.titlePrefix'))} `));
    expect(await title(page)).toBe(`${t('error.titlePrefix')} ${t('form.title')} – ${t('site.name')}`);
    // site.js focuses the summary just after the load event.
    await expect.poll(async () => (await activeElement(page)).element).toContain('error-summary');
    expect(await text(page, '.error-summary h2')).toBe(t('error.summary.title'));

    const links = await page
      .locator('.error-summary a')
      .evaluateAll((anchors) => anchors.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent!.trim() })));
    expect(links.map((link) => link.href)).toEqual(['#addressee-ose', '#topic-detainees', '#message', '#email']);
    expect(links.map((link) => link.text)).toEqual([
      t('error.addressee.required'),
      t('error.topics.required'),
      t('error.message.required'),
      t('error.email.invalid'),
    ]);

    // Each field in error says so inline and to assistive technology.
    for (const [field, id] of [
      ['addressee', 'addressee-ose'],
      ['topics', 'topic-detainees'],
      ['message', 'message'],
      ['email', 'email'],
    ] as const) {
      expect(await text(page, `#${field}-error`)).toContain(links.find((l) => l.href === `#${id}`)!.text);
      expect(await page.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
    }
    expect(await page.locator('#message').getAttribute('aria-describedby')).toContain('message-error');
    expect(await page.locator('#email').getAttribute('aria-describedby')).toContain('email-error');

    // Values typed before sending are still there.
    expect(await fieldValue(page, '#organisation')).toBe(ORGANISATIONS[contentLanguageOf(lang)]);
    expect(await fieldValue(page, '#email')).toBe('not-an-email');

    // Follow each summary link by keyboard: Tab (or Shift+Tab back) to it, Enter, and the
    // field has focus with its question in view.
    for (const [index, link] of links.entries()) {
      const target = link.href.slice(1);
      // activeElement reads at most 80 characters (the pseudo-locale's messages are longer).
      await tabTo(page, (active) => active.tag === 'a' && active.text === link.text.replace(/\s+/g, ' ').slice(0, 80), {
        backwards: index > 0,
        what: `summary link "${link.text}"`,
      });
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await activeElement(page)).id).toBe(target);
      const questionInView = await page.locator(`#${target}`).evaluate((input) => {
        const legend = input.closest('fieldset')?.querySelector('legend');
        const label = legend ?? document.querySelector(`label[for="${input.id}"]`);
        const box = (label ?? input).getBoundingClientRect();
        return box.top >= -1 && box.bottom <= window.innerHeight + 1; // scrolling lands on sub-pixels
      });
      expect(questionInView, `the question for #${target} is on screen`).toBe(true);
    }

    // Answer by keyboard from where the last link left us and send again: accepted.
    // Shift+Tab enters a radio group with nothing chosen at its last radio.
    await tabTo(page, (active) => active.name === 'addressee', { backwards: true, what: 'the addressee group' });
    await page.keyboard.press('Space');
    await tab(page);
    await page.keyboard.press('Space');
    await tabTo(page, byId('message'), { what: 'the message' });
    await page.keyboard.type(MESSAGES[contentLanguageOf(lang)]);
    await tabTo(page, byId('email'), { what: 'the email' });
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    await tab(page);
    await Promise.all([page.waitForURL(/\/sent\//), page.keyboard.press('Enter')]);
    expect((await readCodes(page)).reference).toMatch(REFERENCE_FORMAT);
    await page.context().close();
  });

  it('the character count follows every key on screen, and the live region speaks only after a pause', async () => {
    const page = await open(lang);
    const visible = '[data-count-visible]';
    const live = '[data-count-live]';
    expect(await page.locator(live).getAttribute('aria-live')).toBe('polite');
    expect(await page.locator(visible).getAttribute('aria-hidden')).toBe('true');
    expect(await text(page, visible)).toBe(t('count.remaining', { n: LIMITS.message }));

    // Count every change the live region announces.
    await page.locator(live).evaluate((region) => {
      const w = window as unknown as { liveChanges: string[] };
      w.liveChanges = [];
      new MutationObserver(() => w.liveChanges.push(region.textContent ?? '')).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const liveChanges = () => page.evaluate(() => (window as unknown as { liveChanges: string[] }).liveChanges);

    await tabTo(page, byId('message'), { what: 'the message' });
    // The page's clock moves only when the test says: a busy machine stalling between two keys
    // cannot pass for the person's pause (it once did, under load).
    await page.clock.install();
    const typed = WORDS[contentLanguageOf(lang)];
    for (const [index, key] of [...typed].entries()) {
      await page.keyboard.type(key);
      expect(await text(page, visible)).toBe(t('count.remaining', { n: LIMITS.message - index - 1 }));
      await page.clock.runFor(150);
    }
    // Typing steadily: the screen followed each key, the live region said nothing yet.
    expect(await liveChanges()).toEqual([]);
    expect(await text(page, live)).toBe('');
    // Nor just before the pause is long enough.
    await page.clock.runFor(800);
    expect(await liveChanges()).toEqual([]);

    // After a pause, one polite announcement with the current count.
    const expected = t('count.remaining', { n: LIMITS.message - typed.length });
    await page.clock.runFor(100);
    await expect.poll(liveChanges, { timeout: 3000 }).toEqual([expected]);
    expect(await page.locator(live).textContent()).toBe(expected);

    // Past the limit the count says so, in the error style (not colour alone: the words change).
    await page.keyboard.insertText('x'.repeat(LIMITS.message));
    const over = t('count.over', { n: typed.length });
    expect(await text(page, visible)).toBe(over);
    expect(await page.locator(visible).getAttribute('class')).toContain('over');
    await page.clock.runFor(1000);
    await expect.poll(liveChanges, { timeout: 3000 }).toEqual([expected, over]);
    await page.context().close();
  });

  it('"leave this page quickly" is a keyboard-reachable link that leaves without a way Back', async () => {
    const page = await open(lang);
    const presses = await tabTo(page, (active) => active.text === t('exit.label'), { max: 4, what: 'the exit link' });
    expect(presses).toBeLessThanOrEqual(4);
    const exit = await activeElement(page);
    expect(exit.tag).toBe('a');
    expect(await page.locator('a[data-exit]').getAttribute('href')).toBe(EXIT_URL);
    await Promise.all([page.waitForURL(EXIT_URL), page.keyboard.press('Enter')]);
    // location.replace: the form is not in the history any more.
    await page.goBack().catch(() => undefined);
    expect(page.url()).not.toContain(service.url);
    await page.context().close();
  });

  it('Shift+Tab and capital letters never trigger the Shift-three-times exit', async () => {
    const page = await open(lang);
    await tabTo(page, byId('organisation'), { what: 'the organisation' });
    await page.keyboard.type('ABC DEF');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    await page.waitForTimeout(200);
    expect(page.url()).toBe(`${service.url}${formPath(lang)}`);
    expect(await fieldValue(page, '#organisation')).toBe('ABC DEF');
    await page.context().close();
  });

  it('pressing Shift three times on its own leaves the page', async () => {
    const page = await open(lang);
    await tabTo(page, byId('message'), { what: 'the message' });
    await page.keyboard.type('draft');
    await Promise.all([
      page.waitForURL(EXIT_URL),
      (async () => {
        for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
      })(),
    ]);
    await page.context().close();
  });
});

describe('without JavaScript', () => {
  it.each(LANGUAGES)(
    '(%s) the error summary comes first, its links lead to the fields, and the form sends by keyboard',
    async (lang) => {
      const t = translator(lang);
      const page = await open(lang, { javaScriptEnabled: false });
      expect(await text(page, '[data-count-visible]')).toBe('');

      // Empty submission. Without script nothing moves focus (autofocus is not used: Orca goes
      // silent on it): the title says "Error:", and the summary's first link is the first
      // Tab stop after the header.
      await tabTo(page, (active) => active.tag === 'button', { what: 'the send button' });
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('.error-summary');
      expect(await title(page)).toMatch(new RegExp(`^${escapeRegExp(t('error.titlePrefix'))} `));
      await tabTo(page, (active) => active.element.includes('error-summary'), {
        what: 'the first summary link',
        max: 6,
      });

      // A summary link is a plain fragment link: the browser moves focus to the field.
      expect((await activeElement(page)).text).toBe(t('error.addressee.required'));
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await activeElement(page)).id).toBe('addressee-ose');

      await page.keyboard.press('Space');
      await tab(page);
      await page.keyboard.press('Space');
      await tabTo(page, byId('message'), { what: 'the message' });
      await page.keyboard.type(MESSAGES[contentLanguageOf(lang)]);
      await tabTo(page, (active) => active.tag === 'button', { what: 'the send button' });
      await Promise.all([page.waitForURL(/\/sent\//), page.keyboard.press('Enter')]);
      const codes = await readCodes(page);
      expect(codes.reference).toMatch(REFERENCE_FORMAT);
      expect(codes.receipt).toMatch(RECEIPT_FORMAT);
      expect(codes.referenceVisible && codes.receiptVisible).toBe(true);
      await page.context().close();
    },
  );
});

describe('durability', () => {
  it('a submission survives a restart of the local service on the same data directory', async () => {
    const dataDir = freshDataDir();
    let first: Service | undefined = await startService(dataDir);
    let second: Service | undefined;
    try {
      const form = await (await fetchLocal(`${first.url}/`)).text();
      const response = await fetchLocal(`${first.url}/`, {
        method: 'POST',
        body: new URLSearchParams(validFields('ar', hiddenFieldsOf(form))),
        redirect: 'manual',
      });
      expect(response.status).toBe(303);
      const location = response.headers.get('location')!;
      expect(location).toMatch(/^\/sent\/[0-9A-Z]{12}$/);
      expect((await fetchLocal(`${first.url}${location}`)).status).toBe(200);
      await first.stop();
      first = undefined;

      second = await startService(dataDir);
      const page = await newPage(browser);
      const visit = await page.goto(`${second.url}${location}`);
      expect(visit?.status()).toBe(200);
      const reference = (await text(page, '[data-reference]')).replaceAll('-', '');
      expect(location.endsWith(reference)).toBe(true);
      // Another person opening the link later sees the reference, never the receipt.
      expect(await page.locator('[data-receipt]').count()).toBe(0);
      expect((await fetchLocal(`${second.url}/sent/0000000000ZZ`)).status).toBe(404);
      await page.context().close();
    } finally {
      await first?.stop();
      await second?.stop();
      removeDataDir(dataDir);
    }
  });
});

/** The pseudo-locale's texts hold brackets: literal in a pattern. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
