import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/service.ts';
import { median, round } from './stats.ts';

export { CHROMIUM_PATH };

/**
 * What a browser downloads for each public page, and how long a slow link takes to make
 * the form usable, measured in Chromium over the DevTools protocol: `encodedDataLength`
 * is the bytes on the wire (headers plus compressed body), so compression is counted as
 * the browser received it, not as the server meant it.
 */

/** Chrome DevTools' "Slow 3G" preset: 2 s round trip, 400 kbit/s each way. */
export const SLOW_3G = { latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 } as const;

export interface Transfer {
  url: string;
  status: number;
  type: string;
  /** Content-Encoding as received (gzip, br…); undefined when sent uncompressed. */
  encoding?: string;
  /** Bytes on the wire: headers and (compressed) body. */
  bytes: number;
  /** The compressed body alone. */
  bodyBytes: number;
}

export interface PageWeight {
  page: string;
  site: 'mashura' | 'govuk-frontend';
  url: string;
  requests: number;
  bytes: number;
  bodyBytes: number;
  transfers: Transfer[];
}

export interface SlowLoad {
  site: 'mashura' | 'govuk-frontend';
  url: string;
  runs: number;
  /** Medians, in milliseconds from navigation start. */
  fcpMs: number;
  readyMs: number;
  loadMs: number;
  bytes: number;
}

/** A page a site can be brought to: how to get there from a fresh browser context. */
export interface PageState {
  page: string;
  path: string;
  /** Steps before the measured navigation (e.g. submitting the form); none for a plain GET. */
  via?: 'submit-empty' | 'submit-valid' | 'record';
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

const header = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

type CdpResponse = {
  url: string;
  status: number;
  headers: Record<string, string>;
  encodedDataLength: number;
};

/** Records every response from `start()` until `stop()`, with its bytes on the wire. */
function recorder(cdp: CDPSession) {
  const pending = new Map<string, Omit<Transfer, 'bytes' | 'bodyBytes'> & { headerBytes: number }>();
  const transfers: Transfer[] = [];
  const fromResponse = (response: CdpResponse, type: string) => ({
    url: response.url,
    status: response.status,
    type: type.toLowerCase(),
    encoding: header(response.headers, 'content-encoding'),
    headerBytes: response.encodedDataLength,
  });
  const onRequest = (event: { requestId: string; type?: string; redirectResponse?: CdpResponse }) => {
    // The page being left may still fetch (the proof-of-work challenge when a form is sent
    // early): only what the new page's own document request starts belongs to it.
    if (event.type === 'Document' && !event.redirectResponse) {
      transfers.length = 0;
      for (const id of pending.keys()) if (id !== event.requestId) pending.delete(id);
    }
    // A redirect (the 303 after a POST) reuses the request id: its response arrives here.
    if (!event.redirectResponse) return;
    const hop = fromResponse(event.redirectResponse, event.type ?? 'document');
    transfers.push({ ...hop, bytes: hop.headerBytes, bodyBytes: 0 });
    pending.delete(event.requestId);
  };
  const onResponse = (event: { requestId: string; type: string; response: CdpResponse }) => {
    if (event.response.url.startsWith('data:')) return;
    pending.set(event.requestId, fromResponse(event.response, event.type));
  };
  const onFinished = (event: { requestId: string; encodedDataLength: number }) => {
    const response = pending.get(event.requestId);
    if (!response) return;
    pending.delete(event.requestId);
    const { headerBytes, ...rest } = response;
    transfers.push({ ...rest, bytes: event.encodedDataLength, bodyBytes: event.encodedDataLength - headerBytes });
  };
  cdp.on('Network.requestWillBeSent', onRequest);
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  return {
    stop() {
      cdp.off('Network.requestWillBeSent', onRequest);
      cdp.off('Network.responseReceived', onResponse);
      cdp.off('Network.loadingFinished', onFinished);
      return transfers;
    },
  };
}

/**
 * Sends the form and waits for the page it lands on. Mashura's sender (send.js, issue 19)
 * posts with XMLHttpRequest and writes the answer into the document (no navigation), so
 * the landing is told by what the page shows; the reference site navigates as usual.
 */
async function submit(page: Page, landed: string): Promise<void> {
  await page.locator('form[method=post] button[type=submit]').click();
  await page.waitForSelector(landed, { timeout: 120_000 });
  await page.waitForLoadState('load');
}

/** Mashura's sender loads when the form is first used: use it first, so every run takes the same path. */
async function useForm(page: Page): Promise<void> {
  if ((await page.locator('form[data-send]').count()) === 0) return;
  await page.focus('textarea');
  await page.waitForSelector('[data-draft]:not([hidden])', { timeout: 60_000 });
}

async function fillValid(page: Page): Promise<void> {
  await page.check('#addressee-ose');
  await page.check('#topic-detainees');
  await page.fill('#message', 'We need to know what happened to the detainees.');
}

/**
 * Brings a fresh context to the state's page and records what that last navigation
 * downloads with the cache off: the first load of that page, as a newcomer gets it.
 */
export async function measurePage(
  browser: Browser,
  site: PageWeight['site'],
  base: string,
  state: PageState,
): Promise<PageWeight> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let recording: ReturnType<typeof recorder>;
    if (!state.via) {
      recording = recorder(cdp);
      await page.goto(base + state.path, { waitUntil: 'load' });
    } else if (state.via === 'record') {
      // Only what the recorder brings: recording starts after the form is loaded and idle.
      await page.goto(base + state.path, { waitUntil: 'networkidle' });
      recording = recorder(cdp);
      await page.locator('[data-record-open]').click();
      await page.waitForSelector('[data-recorder="main"]');
    } else {
      await page.goto(base + state.path, { waitUntil: 'networkidle' });
      await useForm(page);
      if (state.via === 'submit-valid') await fillValid(page);
      recording = recorder(cdp);
      await submit(
        page,
        state.via === 'submit-valid' ? '[data-reference], .govuk-panel' : '.error-summary, .govuk-error-summary',
      );
    }
    await page.waitForLoadState('networkidle');
    const transfers = recording.stop();
    const landed = page.url();
    if (state.via === 'submit-valid' && !landed.includes('/sent/')) {
      throw new Error(`${site}: a valid submission landed on ${landed}, not the confirmation`);
    }
    return {
      page: state.page,
      site,
      url: landed,
      requests: transfers.length,
      bytes: transfers.reduce((sum, x) => sum + x.bytes, 0),
      bodyBytes: transfers.reduce((sum, x) => sum + x.bodyBytes, 0),
      transfers,
    };
  } finally {
    await context.close();
  }
}

/**
 * Marks the moment the form is ready to use: the page's script has enhanced the
 * character count (which it does last, after the stylesheet has applied).
 */
const READY_PROBE = `(() => {
  const ready = () => {
    const ours = document.querySelector('[data-count-visible]');
    if (ours && ours.textContent.trim()) return true;
    return Boolean(document.querySelector('.govuk-character-count__status'));
  };
  const mark = () => { if (window.__benchReady === undefined && ready()) window.__benchReady = performance.now(); };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

async function slowLoadOnce(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_3G });
    await page.addInitScript(READY_PROBE);
    const recording = recorder(cdp);
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(() => (window as { __benchReady?: number }).__benchReady !== undefined, undefined, {
      timeout: 120_000,
    });
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
    const bytes = recording.stop().reduce((sum, x) => sum + x.bytes, 0);
    const timing = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return {
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        ready: (window as { __benchReady?: number }).__benchReady ?? Number.NaN,
        load: navigation?.loadEventEnd ?? Number.NaN,
      };
    });
    return { ...timing, bytes };
  } finally {
    await context.close();
  }
}

/** Loads `url` `runs` times on emulated slow 3G, each in a fresh context with a cold cache. */
export async function slowLoad(browser: Browser, site: SlowLoad['site'], url: string, runs: number): Promise<SlowLoad> {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await slowLoadOnce(browser, url));
  return {
    site,
    url,
    runs,
    fcpMs: round(median(results.map((x) => x.fcp)), 0),
    readyMs: round(median(results.map((x) => x.ready)), 0),
    loadMs: round(median(results.map((x) => x.load)), 0),
    bytes: median(results.map((x) => x.bytes)),
  };
}
