/**
 * A real screen reader: Orca in an Arabic locale reads the Arabic form in Chromium on a
 * private Xvfb desktop, keys sent by xdotool, speech captured to a file
 * (tests/support/orca.ts). The journey: load `/`, Tab to the first questions, send the form
 * empty, hear the error summary, follow its first link, fix the errors, send, reach the
 * confirmation and read it line by line.
 *
 * Only a few stable phrases are asserted (the question, "required", the error text when the
 * field gets focus, the confirmation title, the spelled reference), never whole transcripts:
 * what a live region says during a page load is read in a varying order. The transcripts
 * are written to test-results/screen-reader/ for people to read (docs/accessibility.md).
 *
 * Run with `npm run test:screen-reader` (CI runs it after `npm test`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '#core';
import { type Desktop, launchAccessibleBrowser, startDesktop } from '../support/desktop.ts';
import { focusBrowserWindow, type Orca, startOrca, type Utterance } from '../support/orca.ts';
import { removeDataDir, type Service, startService } from '../support/service.ts';

const t = translator('ar');
/** Orca 43's Arabic word for the required state (its catalogue: "required" → "مطلوب"). */
const REQUIRED = 'مطلوب';
/** Orca 43's Arabic "finished loading". */
const FINISHED = 'انتهى تحميل';

let service: Service;
let desktop: Desktop;
let browser: Browser;
let orca: Orca;
let page: Page;
const transcript: string[] = [];

const said = (utterances: Utterance[]) => utterances.map((u) => u.text).join(' | ');
function log(step: string, utterances: Utterance[]): string {
  const text = said(utterances);
  transcript.push(`## ${step}\n${utterances.map((u) => `[${u.language}] ${u.text}`).join('\n')}\n`);
  return text;
}

beforeAll(async () => {
  [service, desktop] = await Promise.all([startService(), startDesktop()]);
  // An Arabic browser (its UI language comes from the locale on Linux): no "Translate this
  // page?" bar for Orca to announce on Arabic pages.
  browser = await launchAccessibleBrowser(desktop, ['--lang=ar'], { LANG: 'ar_SY.UTF-8', LANGUAGE: 'ar' });
  orca = await startOrca(desktop, 'ar_SY.UTF-8');
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ar-SY' })).newPage();
});

afterAll(async () => {
  if (transcript.length) {
    mkdirSync('test-results/screen-reader', { recursive: true });
    writeFileSync(
      'test-results/screen-reader/orca-ar.md',
      `# Orca 43, Arabic, the form journey\n\n${transcript.join('\n')}`,
    );
    writeFileSync('test-results/screen-reader/orca-ar-debug.txt', orca?.debugSpeech().join('\n') ?? '');
  }
  await browser?.close();
  await desktop?.stop();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

/** Tab until Orca has said `phrase` (or give up after `max` presses). */
async function tabUntil(phrase: string, max: number): Promise<Utterance[]> {
  const heard: Utterance[] = [];
  for (let i = 0; i < max && !said(heard).includes(phrase); i++) heard.push(...(await orca.press('Tab')));
  return heard;
}

/**
 * Sends the form (by script: Enter in Orca's browse mode acts on Orca's caret, which can sit
 * on another control than the focused button) and returns what Orca says until the new page
 * has loaded and it falls silent.
 *
 * Orca says "finished loading <title>" (انتهى تحميل) once the new page is ready, then reads
 * on. Now and then (seen once in CI, on an idle machine) Orca 43 says "loading, please wait"
 * and never hears the load finish, and then stays silent on that page. A listener would load
 * the page again; so does this, once, by `again` (the same post for the error page, a reload
 * of the confirmation's own address), and the transcript says so. Only what is heard after a
 * finished load counts.
 */
async function sendForm(again: () => Promise<unknown>): Promise<Utterance[]> {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('form[method=post]').evaluate((form: HTMLFormElement) => form.requestSubmit()),
  ]);
  for (let attempt = 1; ; attempt++) {
    const heard: Utterance[] = [];
    for (let i = 0; i < 10 && !said(heard).includes(FINISHED); i++) heard.push(...(await orca.settle(1500)));
    if (said(heard).includes(FINISHED) || attempt === 2) {
      heard.push(...(await orca.settle(1500)));
      return heard;
    }
    log('Orca never said the page had finished loading: load it again', heard);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), again()]);
  }
}

/** Focus by script (Orca hears the focus change as from a key), then wait for silence. */
async function focus(selector: string): Promise<Utterance[]> {
  await page.locator(selector).focus();
  return orca.settle();
}

describe('Orca 43 in Arabic: the form, its errors and the confirmation', () => {
  it('hears the first question, and that it is required, when Tab reaches it', async () => {
    await page.goto(`${service.url}/`);
    await focusBrowserWindow(desktop);
    log('load /', await orca.settle(1500));
    const heard = log('Tab to the first question', await tabUntil(t('addressee.ose'), 12));
    expect(heard).toContain(t('field.addressee.legend').replace('؟', ''));
    expect(heard).toContain(REQUIRED);
    const topics = log('Tab to the topics', await orca.press('Tab'));
    expect(topics).toContain(t('field.topics.hint'));
    expect(topics).toContain(REQUIRED);
    const message = log('focus the message box', await focus('#message'));
    expect(message).toContain(t('field.message.label'));
    expect(message).toContain(REQUIRED);
  });

  it('sent empty: hears the named error summary, follows its first link and hears the error on the field', async () => {
    const load = log(
      'send the empty form',
      await sendForm(() => page.locator('form[method=post]').evaluate((form: HTMLFormElement) => form.requestSubmit())),
    );
    expect(await page.title()).toMatch(new RegExp(`^${t('error.titlePrefix')}`));
    expect(load).toContain(t('error.summary.title'));
    const link = log('Tab to the first error link', await orca.press('Tab'));
    expect(link).toContain(t('error.addressee.required'));
    const followed = log('follow it (Enter)', await orca.press('Return'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('addressee-ose');
    expect(followed).toContain(t('addressee.ose'));
    expect(followed).toContain(t('error.addressee.required'));
  });

  it('fixed and sent: reaches the confirmation and hears the reference spelled out', async () => {
    // The answers are filled by script: the journey is about what is heard, not typing.
    await page.locator('#addressee-ose').check();
    await page.locator('#topic-detainees').check();
    await page.locator('#message').focus();
    await page.keyboard.type('نحتاج إلى معرفة مصير المعتقلين.');
    await orca.settle();
    const load = await sendForm(() => page.reload({ waitUntil: 'load' }));
    log('send', load);
    expect(page.url()).toMatch(/\/sent\//);
    const reference = (await page.locator('[data-reference]').textContent())!.trim();
    const reading: Utterance[] = [...load];
    for (let i = 0; i < 8; i++) reading.push(...(await orca.press('Down')));
    const heard = log('read the confirmation (Down arrow)', reading);
    expect(heard).toContain(t('sent.title'));
    // Each character of the reference, in order, said on its own.
    const spelled = reference
      .replaceAll('-', '')
      .split('')
      .map((char) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^A-Z0-9]+');
    expect(heard).toMatch(new RegExp(spelled));
    expect(heard).not.toContain(reference);
  });

  it("agrees with Orca's own record of what it spoke", () => {
    const debug = orca.debugSpeech().join(' ');
    for (const phrase of [t('error.addressee.required'), t('sent.title')]) expect(debug).toContain(phrase);
  });
});
