/**
 * The accessibility-tree layer: what Chromium really gives screen readers on Linux, read
 * over AT-SPI (as Orca reads it), for every form control in every public page state, in
 * Arabic and in English. Chromium runs headed on a private Xvfb desktop
 * (tests/support/desktop.ts); the tree is read by tests/support/atspi-tree.py.
 *
 * Asserted: every control has a name and the page's language; required questions say so
 * and optional ones do not; the error text is in the description of every control of a
 * question in error (radios and checkboxes included, not only their fieldset); the topics
 * hint is in every topic checkbox's description; the focused error summary is named by its
 * heading; checked states match the page. The tree is deterministic: it is read twice.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directionOf, translator } from '#core';
import { type AtspiDocument, AtspiReader } from '../support/atspi.ts';
import { type Desktop, launchAccessibleBrowser, startDesktop } from '../support/desktop.ts';
import { LANGUAGES, type Lang, removeDataDir, type Service, startService } from '../support/service.ts';
import { gotoState, STATES } from '../support/states.ts';

let service: Service;
let desktop: Desktop;
let browser: Browser;
let reader: AtspiReader;
const timings: string[] = [];

beforeAll(async () => {
  [service, desktop] = await Promise.all([startService(), startDesktop()]);
  browser = await launchAccessibleBrowser(desktop);
  reader = await AtspiReader.start(desktop);
});

afterAll(async () => {
  if (timings.length) console.log(`AT-SPI read times (s): ${timings.join(', ')}`);
  await browser?.close();
  await desktop?.stop();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

/** What the page says each control should expose, from its DOM. */
interface Expected {
  id: string;
  checked: boolean;
  /** The inline error of the control's question, as shown (prefix included). */
  error: string;
  required: boolean;
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

async function expectedControls(page: Page): Promise<Expected[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement>('form input:not([type=hidden]), form textarea, form select'))
      // Not the parts the page keeps hidden until they apply (a draft found on this device).
      .filter((el) => !el.closest('[aria-hidden=true], [hidden]'))
      .map((el) => ({
        id: el.id,
        checked: Boolean(el.checked),
        error: (el.closest('.field')?.querySelector('.error-message')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        required: el.required || el.getAttribute('aria-required') === 'true',
      })),
  );
}

/** The questions that must be answered: who it is for, the topics, the message. */
const REQUIRED = /^(addressee-|topic-|message$)/;

describe.each(LANGUAGES)('%s', (lang: Lang) => {
  const t = translator(lang);

  describe.each(STATES)('%s', (state) => {
    let page: Page;
    let tree: AtspiDocument;
    beforeAll(async () => {
      page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
      await gotoState(page, service, lang, state);
      // site.js focuses the error summary just after the load event.
      if (state.startsWith('errors'))
        await page.waitForFunction(() => document.activeElement?.matches('.error-summary'));
      await page.bringToFront();
      tree = await reader.read(await page.title());
      timings.push(`${lang}/${state} ${tree.seconds}`);
    });
    afterAll(async () => {
      await page?.context().close();
    });

    it('names every control, in the language of the page', () => {
      expect(tree.language).toBe(lang);
      for (const control of tree.controls) {
        expect(control.name, `${control.role} #${control.id}`).not.toBe('');
        if (control.language) expect(control.language, `${control.role} #${control.id}`).toBe(lang);
      }
    });

    it('says which questions are required, ties each error and hint to every control, and matches checked states', async () => {
      const expected = await expectedControls(page);
      const byId = new Map(tree.controls.map((control) => [control.id, control]));
      const problems: string[] = [];
      for (const field of expected) {
        const control = byId.get(field.id);
        if (!control) {
          problems.push(`#${field.id}: not in the AT-SPI tree`);
          continue;
        }
        const required = control.states.includes('required');
        if (required !== REQUIRED.test(field.id)) problems.push(`#${field.id}: required is ${required}`);
        if (field.error && !normalise(control.description).includes(field.error)) {
          problems.push(`#${field.id}: description "${control.description}" lacks its error "${field.error}"`);
        }
        if (
          field.error &&
          (control.role === 'entry' || control.role === 'check box') &&
          !control.states.includes('invalid')
        ) {
          problems.push(`#${field.id}: not invalid`);
        }
        if (!field.error && control.states.includes('invalid')) problems.push(`#${field.id}: invalid without an error`);
        if (control.states.includes('checked') !== field.checked) problems.push(`#${field.id}: checked differs`);
        if (field.id.startsWith('topic-') && !control.description.includes(t('field.topics.hint'))) {
          problems.push(`#${field.id}: the topics hint is not in its description`);
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });

    if (state === 'errors' || state === 'errors-with-values') {
      it('gives focus to the error summary, named by its heading', () => {
        expect(tree.focused?.name).toBe(t('error.summary.title'));
      });
    }

    if (state === 'form') {
      it('is the same tree when read again (deterministic)', async () => {
        const again = await reader.read(await page.title());
        expect(again.controls).toEqual(tree.controls);
      });

      it("starts the empty message box in the page's direction", () => {
        const message = tree.controls.find((control) => control.id === 'message');
        expect(message?.direction).toBe(directionOf(lang) === 'rtl' ? 'rl' : 'lr');
      });
    }
  });
});
