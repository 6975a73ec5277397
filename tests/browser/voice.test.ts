import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceFromToken, translator } from '#core';
import { pdf, wav } from '../fixtures/audio.ts';
import { formatAxe, runAxe } from '../support/axe.ts';
import { activeElement, checkContrast, writtenInArabic } from '../support/in-page.ts';
import { tabTo } from '../support/keyboard.ts';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  formPath,
  LANGUAGES,
  type Lang,
  newPage,
  type Service,
  startService,
} from '../support/service.ts';
import { serviceStore, signInByForm } from '../support/staff-browser.ts';

/**
 * The voice recorder and upload (issue 19) in Chromium: a fake microphone
 * (--use-fake-device-for-media-stream, a beeping tone) with the permission prompt answered
 * yes (--use-fake-ui-for-media-stream); a second browser without the prompt's answer, where
 * the microphone is refused; and a context with JavaScript off, where the file input is all
 * there is. Each journey is done with the keyboard where a person would use it.
 */
let service: Service;
let microphone: Browser;
let refusing: Browser;
let seeds: ReturnType<typeof serviceStore>;

beforeAll(async () => {
  service = await startService();
  seeds = serviceStore(service);
  microphone = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  refusing = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--deny-permission-prompts'],
  });
}, 60_000);
afterAll(async () => {
  await microphone?.close();
  await refusing?.close();
  seeds?.close();
  await service?.stop();
});

/** The recorder's words in a language, from the catalogue the page uses. */
const words = (lang: Lang) => translator(lang);
/** The start of a status message: the words before its first full stop or placeholder. */
const opening = (text: string) => text.split(/[.{(]/)[0]?.trim() ?? text;

const status = (page: Page) => page.locator('[data-recorder="status"]').textContent();
const mainButton = (page: Page) => page.locator('[data-recorder="main"]');
const filesChosen = (page: Page) =>
  page.locator('#voice').evaluate((input: HTMLInputElement) => input.files?.length ?? 0);

async function answerRequired(page: Page) {
  await page.locator('#addressee-ose').check();
  await page.locator('#topic-detainees').check();
}

async function sendAndReference(page: Page): Promise<string> {
  const token = await page.locator('input[name="formToken"]').inputValue();
  await Promise.all([page.waitForURL(/\/sent\//), page.locator('form button[type="submit"]').click()]);
  return referenceFromToken(token);
}

describe.each(LANGUAGES)('recording in %s', (lang: Lang) => {
  const t = words(lang);
  it('records, lets the person listen and delete, records again and sends, all by keyboard', async () => {
    const page = await newPage(microphone);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${service.url}${formPath(lang)}`);
    await page.waitForLoadState('load');
    // The recorder's script is not part of the first load.
    expect(scripts.some((path) => path.includes('recorder'))).toBe(false);
    await answerRequired(page);

    await tabTo(page, (active) => active.text === t('recorder.open'), { what: 'the record button', max: 120 });
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(opening(t('recorder.state.recording')));
    expect(scripts.some((path) => path.includes(`recorder.${lang}.js`))).toBe(true);
    // Focus stays on the one button, now labelled Stop; the elapsed time is shown.
    expect((await activeElement(page)).text).toBe(t('recorder.stop'));
    expect(await page.locator('[data-recorder="status"]').getAttribute('aria-live')).toBe('polite');
    await page.waitForTimeout(2200);
    expect(await page.locator('[data-recorder="time"]').textContent()).toMatch(/[0-9٠-٩]:[0-9٠-٩]{2}/);
    await page.keyboard.press('Enter');
    await expect.poll(() => filesChosen(page), { timeout: 10_000 }).toBe(1);
    expect(await status(page)).toMatch(opening(t('recorder.state.ready')));
    // The length is said once, in the status ("Your recording (0:02) is ready"), not twice.
    expect(await status(page)).toMatch(/[0-9٠-٩]:[0-9٠-٩]{2}/);
    expect(await page.locator('[data-recorder="time"]').textContent()).toBe('');

    // Nothing plays by itself; Listen plays and becomes "Stop listening".
    expect(await page.locator('audio[autoplay]').count()).toBe(0);
    await tabTo(page, (active) => active.text === t('recorder.listen'), { what: 'Listen' });
    await page.keyboard.press('Enter');
    expect((await activeElement(page)).text).toBe(t('recorder.stopListening'));
    await page.keyboard.press('Enter');

    // axe and the Arabic contrast check over the recorder in its "ready" state.
    const violations = await runAxe(page);
    expect(violations, formatAxe(violations)).toEqual([]);
    const contrast = await checkContrast(page, '[data-voice]');
    expect(contrast.failures).toEqual([]);
    if (writtenInArabic(lang)) expect(contrast.arabic).toBeGreaterThan(0);

    // Delete: nothing will be sent; record again, stop, send.
    await page.keyboard.press('Tab');
    expect((await activeElement(page)).text).toBe(t('recorder.delete'));
    await page.keyboard.press('Enter');
    expect(await filesChosen(page)).toBe(0);
    expect(await status(page)).toMatch(opening(t('recorder.state.deleted')));
    await mainButton(page).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(opening(t('recorder.state.recording')));
    await page.waitForTimeout(1500);
    await page.keyboard.press('Enter');
    await expect.poll(() => filesChosen(page), { timeout: 10_000 }).toBe(1);

    const reference = await sendAndReference(page);
    const record = await seeds.store.get(reference);
    expect(record?.message).toBe('');
    expect(record?.voice).toMatchObject({ type: 'audio/webm' });
    expect(record?.voice?.seconds).toBeGreaterThanOrEqual(1);
    await page.context().close();
  }, 90_000);
});

describe('the recording, heard by staff', () => {
  it('plays in the staff page with the native player, and the listening is in the audit trail', async () => {
    const person = await newPage(microphone);
    await person.goto(`${service.url}/en`);
    await answerRequired(person);
    await person.getByRole('button', { name: words('en')('recorder.open') }).click();
    await expect.poll(() => status(person), { timeout: 10_000 }).toMatch(/Recording\./);
    await person.waitForTimeout(1500);
    await mainButton(person).click();
    await expect.poll(() => filesChosen(person), { timeout: 10_000 }).toBe(1);
    const reference = await sendAndReference(person);
    await person.context().close();

    const staff = await newPage(microphone);
    await signInByForm(staff, service, 'triage@ose.example', 'en');
    await staff.goto(`${service.url}/en/staff/submissions/${reference}`);
    const audio = staff.locator('audio[controls]');
    expect(await audio.getAttribute('preload')).toBe('none');
    const played = await audio.evaluate(
      (element: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          element.muted = true;
          element.addEventListener('playing', () => resolve(element.currentTime), { once: true });
          element.addEventListener('error', () => reject(new Error(`media error ${element.error?.code}`)), {
            once: true,
          });
          void element.play();
        }),
    );
    expect(played).toBeGreaterThanOrEqual(0);
    const audit = (await seeds.store.get(reference))?.audit ?? [];
    expect(audit.some((event) => event.action === 'voice-played' && event.by === 'triage@ose.example')).toBe(true);
    const violations = await runAxe(staff);
    expect(violations, formatAxe(violations)).toEqual([]);
    await staff.context().close();
  }, 90_000);
});

describe('without the microphone, and without JavaScript', () => {
  it.each(LANGUAGES)('says plainly in %s that the microphone was refused', async (lang) => {
    const t = words(lang);
    const page = await newPage(refusing);
    await page.goto(`${service.url}${formPath(lang)}`);
    await page.getByRole('button', { name: t('recorder.open') }).click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(opening(t('recorder.error.denied')));
    expect(await filesChosen(page)).toBe(0);
    // The person can still choose a file or write: the file input is still there.
    expect(await page.locator('#voice').isVisible()).toBe(true);
    await page.context().close();
  });

  it('sends a chosen audio file with JavaScript off', async () => {
    const page = await newPage(microphone, { javaScriptEnabled: false });
    await page.goto(`${service.url}/`);
    expect(await page.locator('[data-record-open]').isVisible()).toBe(false);
    await answerRequired(page);
    await page
      .locator('#voice')
      .setInputFiles({ name: 'رسالتي.wav', mimeType: 'audio/wav', buffer: Buffer.from(wav(3)) });
    const reference = await sendAndReference(page);
    expect((await seeds.store.get(reference))?.voice).toMatchObject({ type: 'audio/wav', seconds: 3 });
    await page.context().close();
  });

  it.each([
    [
      'en',
      'mislabelled',
      () => ({ name: 'talk.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from(pdf()) }),
      'not an audio recording',
    ],
    [
      'ar',
      'mislabelled',
      () => ({ name: 'talk.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from(pdf()) }),
      'ليس تسجيلاً صوتياً',
    ],
    [
      'en',
      'oversized',
      () => ({ name: 'big.wav', mimeType: 'audio/wav', buffer: Buffer.alloc(4 * 1024 * 1024 + 10) }),
      '4 MB or smaller',
    ],
    ['ar', 'too long', () => ({ name: 'long.wav', mimeType: 'audio/wav', buffer: Buffer.from(wav(301)) }), '٥ دقائق'],
  ] as const)(
    'refuses a %s %s file with a clear message, linked from the summary, and stores nothing',
    async (lang, _what, file, says) => {
      const page = await newPage(microphone, { javaScriptEnabled: false });
      await page.goto(`${service.url}${formPath(lang as Lang)}`);
      await answerRequired(page);
      await page.locator('#message').fill('with a file');
      const token = await page.locator('input[name="formToken"]').inputValue();
      await page.locator('#voice').setInputFiles(file());
      await page.locator('form button[type="submit"]').click();
      await page.waitForLoadState('load');
      expect(await page.locator('.error-summary a[href="#voice"]').textContent()).toContain(says);
      expect(await page.locator('#voice-error').textContent()).toContain(says);
      expect(await page.locator('#voice').getAttribute('aria-invalid')).toBe('true');
      expect(await seeds.store.get(referenceFromToken(token))).toBeUndefined();
      await page.context().close();
    },
  );
});
