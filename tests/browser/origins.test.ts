/**
 * No page makes a request to another origin, in a real browser: Chromium loads every public
 * page state (tests/support/states.ts), the privacy notice, status, outcomes and easy-read
 * pages in both languages, and every request the pages make is recorded, with any CSP
 * violation the browser reports. Then a person fills the form with JavaScript on, so
 * the proof-of-work script fetches its challenge and solves it: still same-origin only, the
 * CSP reports no violation, and the server credits the proof of work.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formPath,
  freshDataDir,
  LANGUAGES,
  launchBrowser,
  newPage,
  prefix,
  removeDataDir,
  type Service,
  startService,
} from '../support/service.ts';
import { gotoState, STATES } from '../support/states.ts';

let service: Service;
let browser: Browser;

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(freshDataDir()), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

/**
 * Every request the page's context makes, and every CSP violation it reports. `settled`
 * waits for the load event and then until no request has been in flight for 150 ms
 * (Playwright's `networkidle` waits 500 ms on every one of the 48 pages).
 */
async function recorded(page: Page) {
  const requests: string[] = [];
  const violations: string[] = [];
  let inFlight = 0;
  let lastChange = Date.now();
  const done = () => {
    inFlight -= 1;
    lastChange = Date.now();
  };
  page.context().on('request', (request) => {
    requests.push(request.url());
    inFlight += 1;
    lastChange = Date.now();
  });
  page.context().on('requestfinished', done);
  page.context().on('requestfailed', done);
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const settled = async () => {
    await page.waitForLoadState('load');
    await expect.poll(() => inFlight <= 0 && Date.now() - lastChange >= 150, { interval: 50 }).toBe(true);
  };
  return { requests, violations, settled };
}

describe('every request stays on our origin', () => {
  for (const lang of LANGUAGES) {
    it(`in ${lang}: every page state, the privacy notice, status, outcomes and easy read load from our origin only`, async () => {
      const origin = new URL(service.url).origin;
      const seen: string[] = [];
      for (const state of STATES) {
        const page = await newPage(browser);
        const { requests, violations, settled } = await recorded(page);
        await gotoState(page, service, lang, state);
        await settled();
        expect(violations, state).toEqual([]);
        for (const url of requests) expect(new URL(url).origin, `${state}: ${url}`).toBe(origin);
        seen.push(...requests);
        await page.context().close();
      }
      // The pages other parts of the service add: the privacy notice, status, outcomes, easy read.
      for (const path of ['/privacy', '/status', '/outcomes', '/easy-read']) {
        const page = await newPage(browser);
        const { requests, violations, settled } = await recorded(page);
        await page.goto(`${service.url}${prefix(lang)}${path}`);
        await settled();
        expect(violations, path).toEqual([]);
        for (const url of requests) expect(new URL(url).origin, `${path}: ${url}`).toBe(origin);
        seen.push(...requests);
        await page.context().close();
      }
      // The pages did load their stylesheet and scripts (so the check looked at something).
      expect(seen.some((url) => url.includes('/assets/site.css'))).toBe(true);
      expect(seen.some((url) => url.includes('/assets/site.js'))).toBe(true);
      expect(seen.some((url) => url.includes('/assets/protect.js'))).toBe(true);
    }, 120_000);
  }

  it('would notice a CSP violation (the recorder is not blind)', async () => {
    const page = await newPage(browser);
    const { violations } = await recorded(page);
    await page.goto(`${service.url}${prefix('en')}/privacy`);
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    await page.context().close();
  });

  it('solves the proof of work while a person writes, from our origin, and sends the solution with the form', async () => {
    const page = await newPage(browser);
    const origin = new URL(service.url).origin;
    const { requests, violations } = await recorded(page);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.postData() ?? '');
    });
    await page.goto(`${service.url}${formPath('en')}`);
    await page.locator('#addressee-ose').check();
    await page.locator('#topic-detainees').check();
    await page.locator('#message').fill('Sent with JavaScript on: the proof of work runs while I write.');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/en\/sent\//);
    expect(violations).toEqual([]);
    for (const url of requests) expect(new URL(url).origin, url).toBe(origin);
    expect(requests.some((url) => url.includes('/altcha/challenge?form='))).toBe(true);
    // Solved off the main thread, in the same-origin worker the CSP allows.
    expect(requests.some((url) => url.includes('/assets/pow-worker.js'))).toBe(true);
    expect(posts).toHaveLength(1);
    const altcha = new URLSearchParams(posts[0]).get('altcha') ?? '';
    const payload = JSON.parse(Buffer.from(altcha, 'base64').toString('utf8'));
    expect(payload.solution.derivedKey).toMatch(/^[0-9a-f]{64}$/);
    expect(payload.challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    await page.context().close();
  }, 60_000);
});
