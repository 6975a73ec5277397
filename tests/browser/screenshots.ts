/**
 * Screenshots for looking at the pages by eye: the form empty, with errors and the
 * confirmation, in Arabic and English, 1280 and 320 CSS px wide (full page), plus a few
 * extra views a reviewer should see (forced colours, 400% zoom, keyboard focus).
 *
 *   npx tsx tests/browser/screenshots.ts        → test-results/screenshots/*.png (gitignored)
 *
 * A script rather than a test: pictures prove nothing until a person looks at them, and
 * the suites already assert what can be asserted (tests/browser/accessibility.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContextOptions } from 'playwright-core';
import { LANGUAGES, launchBrowser, newPage, removeDataDir, startService } from '../support/service.ts';
import { gotoState, type State } from '../support/states.ts';

const OUT = resolve(import.meta.dirname, '../../test-results/screenshots');
const STATES: State[] = ['form', 'errors', 'sent'];
const WIDTHS = [1280, 320];

interface Extra {
  name: string;
  state: State;
  options: BrowserContextOptions;
  forcedColors?: boolean;
  tabs?: number;
}
const EXTRAS: Extra[] = [
  { name: 'forced-colours', state: 'errors', options: { viewport: { width: 1280, height: 900 } }, forcedColors: true },
  { name: 'zoom-400', state: 'errors', options: { viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 } },
  // Keyboard focus on the exit link (three Tabs from the top) and on the first summary link.
  { name: 'focus-exit', state: 'form', options: { viewport: { width: 1280, height: 400 } }, tabs: 4 },
  { name: 'focus-summary-link', state: 'errors', options: { viewport: { width: 1280, height: 600 } }, tabs: 1 },
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  const [service, browser] = await Promise.all([startService(), launchBrowser()]);
  const written: string[] = [];
  try {
    for (const lang of LANGUAGES) {
      for (const state of STATES) {
        for (const width of WIDTHS) {
          const page = await newPage(browser, { viewport: { width, height: 800 } });
          await gotoState(page, service, lang, state);
          const file = join(OUT, `${lang}-${state}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          written.push(file);
          await page.context().close();
        }
      }
      for (const extra of EXTRAS) {
        const page = await newPage(browser, extra.options);
        if (extra.forcedColors) await page.emulateMedia({ forcedColors: 'active' });
        await gotoState(page, service, lang, extra.state);
        for (let i = 0; i < (extra.tabs ?? 0); i++) await page.keyboard.press('Tab');
        const file = join(OUT, `${lang}-${extra.name}.png`);
        await page.screenshot({ path: file, fullPage: extra.tabs === undefined });
        written.push(file);
        await page.context().close();
      }
    }
  } finally {
    await browser.close();
    await service.stop();
    removeDataDir(service.dataDir);
  }
  console.log(written.join('\n'));
}

await main();
