/**
 * Reflow (WCAG 2.2 SC 1.4.10) on the page a suite already has open, in the three ways a
 * person narrows it: a 320 CSS px phone, a 1280×1024 screen at 400% browser zoom (320×256
 * CSS px at 4 device px each, Chromium's own emulation), and CSS zoom 4 on the root of a
 * 1280 px page. The page is measured in place — no second page, no second request, so a
 * state reached by a post is measured as reached — and put back as it was.
 */
import type { Page } from 'playwright-core';
import { checkReflow } from './in-page.ts';

export interface ReflowOptions {
  /** Save a full-page screenshot at 320 px here (for people to look at). */
  screenshot?: string;
  /** More checks at 320 px: problems, as sentences. */
  at320?: (page: Page) => Promise<string[]>;
}

/** What does not reflow, as sentences (empty when everything does). */
export async function reflowProblems(page: Page, options: ReflowOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const check = async (name: string) => {
    const report = await checkReflow(page);
    if (report.scrollWidth > report.clientWidth || report.scrolledLeft !== 0 || report.scrolledRight !== 0) {
      problems.push(
        `${name}: scrollWidth ${report.scrollWidth} > ${report.clientWidth} (scrolls to ${report.scrolledLeft}/${report.scrolledRight})`,
      );
    }
    if (report.cut.length) problems.push(`${name}: cut at the edges: ${JSON.stringify(report.cut)}`);
  };
  const before = page.viewportSize() ?? { width: 1280, height: 900 };

  await page.setViewportSize({ width: 320, height: 640 });
  await check('320×640');
  if (options.at320) problems.push(...(await options.at320(page)));
  if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true });

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: 320,
    height: 256,
    deviceScaleFactor: 4,
    mobile: false,
  });
  await check('1280×1024 at 400% (device scale 4)');
  await cdp.send('Emulation.clearDeviceMetricsOverride');
  await cdp.detach();

  await page.setViewportSize({ width: 1280, height: 1024 });
  await page.evaluate(() => document.documentElement.style.setProperty('zoom', '4'));
  await check('1280×1024 with CSS zoom 4');
  await page.evaluate(() => document.documentElement.style.removeProperty('zoom'));
  await page.setViewportSize(before);
  return problems;
}
