/**
 * IBM Equal Access and HTML_CodeSniffer (WCAG2AA) over every public page state, in Arabic
 * and in English: zero findings beyond the short, reasoned allowlist in
 * tests/support/engines.ts. (axe-core runs in accessibility.test.ts; the staff states run
 * these engines in staff-accessibility.test.ts.)
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
});
