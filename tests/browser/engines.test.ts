/**
 * IBM Equal Access and HTML_CodeSniffer (WCAG2AA) over every public page state, in Arabic
 * and in English: zero findings beyond the short, reasoned allowlist in
 * tests/support/engines.ts. (axe-core runs in accessibility.test.ts; the staff states run
 * these engines in staff-accessibility.test.ts.) The last tests show the engines and the
 * allowlist are not blind.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFindings, formatFindings, runHtmlcs, runIbm } from '../support/engines.ts';
import { LANGUAGES, launchBrowser, newPage, removeDataDir, type Service, startService } from '../support/service.ts';
import { gotoState, STATES } from '../support/states.ts';

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

describe.each(LANGUAGES)('%s', (lang) => {
  it.each(STATES)('%s: IBM Equal Access and HTML_CodeSniffer find nothing outside the allowlist', async (state) => {
    const page = await newPage(browser);
    await gotoState(page, service, lang, state);
    const { findings } = await engineFindings(page);
    expect(findings, formatFindings(findings)).toEqual([]);
    await page.context().close();
  });
});

describe('the engines themselves', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(browser);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('both report an unlabelled field and an image without a text alternative', async () => {
    await page.setContent(
      '<!doctype html><html lang="ar" dir="rtl"><head><title>اختبار</title></head><body><main><h1>اختبار</h1><form><input type="text" id="x"></form><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
    );
    expect((await runIbm(page)).length).toBeGreaterThan(0);
    expect((await runHtmlcs(page)).length).toBeGreaterThan(0);
  });

  it('count a visually hidden label as a label (so IBM finds none missing on the staff tables)', async () => {
    const css = await (await fetch(`${service.url}/assets/site.css`)).text();
    await page.setContent(
      `<!doctype html><html lang="en"><head><title>Test</title><style>${css}</style></head><body><main><h1>Test</h1><form><label for="role" class="visually-hidden">Change the role</label><select id="role"><option>Triager</option></select><button>Save</button></form></main></body></html>`,
    );
    expect((await engineFindings(page)).findings).toEqual([]);
  });

  it('allow an unseen label only inside a closed details, and find a missing label there all the same', async () => {
    const notes = (open: string, label: string) =>
      `<!doctype html><html lang="en"><head><title>Test</title></head><body><main><h1>Test</h1><form><details${open}><summary>Notes</summary>${label}<textarea id="note" name="note"></textarea></details><button>Save</button></form></main></body></html>`;
    await page.setContent(notes('', '<label for="note">Note on education</label>'));
    expect((await engineFindings(page)).findings).toEqual([]);
    await page.setContent(notes(' open', '<label for="note">Note on education</label>'));
    expect((await runIbm(page)).map((finding) => finding.rule)).not.toContain('input_label_exists');
    await page.setContent(notes(' open', ''));
    expect((await engineFindings(page)).findings.map((finding) => finding.rule)).toContain('input_label_exists');
  });

  it('still hold named forms to unique names: only unnamed forms are allowed', async () => {
    const forms = (label: string) =>
      `<form ${label} method="post" action="/a"><button>One</button></form><form ${label} method="post" action="/b"><button>Two</button></form>`;
    const page2 = (body: string) =>
      `<!doctype html><html lang="en"><head><title>Test</title></head><body><main><h1>Test</h1>${body}</main></body></html>`;
    await page.setContent(page2(forms('')));
    const unnamed = await engineFindings(page);
    expect(unnamed.allowed.map((finding) => finding.rule)).toContain('aria_form_label_unique');
    expect(unnamed.findings).toEqual([]);
    await page.setContent(page2(forms('aria-label="Actions"')));
    expect((await engineFindings(page)).findings.map((finding) => finding.rule)).toContain('aria_form_label_unique');
  });
});
