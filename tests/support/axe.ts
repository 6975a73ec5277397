/**
 * axe-core in a Playwright page, with the tags the public suite uses (WCAG 2.0–2.2 A/AA and
 * best practice), and a readable report of what failed.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeResult {
  id: string;
  impact?: string;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/**
 * axe-core into the page. The test-only pseudo-locale `qps-plocm` (docs/languages.md) has a
 * valid BCP 47 tag from the private-use range qaa–qtz, which axe's list of languages leaves
 * out: `qps` is added to that list, and only it.
 */
export async function loadAxe(page: Page): Promise<void> {
  await page.evaluate(axe.source);
  await page.evaluate(
    "axe.configure({ checks: [{ id: 'valid-lang', options: { value: axe.utils.validLangs().concat(['qps']) } }] })",
  );
}

export async function runAxe(page: Page): Promise<AxeResult[]> {
  await loadAxe(page);
  const options = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
  const result = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`)) as { violations: AxeResult[] };
  return result.violations;
}

export const formatAxe = (violations: AxeResult[]) =>
  violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .map((n) => `    ${n.target.join(' ')}: ${n.html.slice(0, 160)}\n      ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
