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

export async function runAxe(page: Page): Promise<AxeResult[]> {
  await page.evaluate(axe.source);
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
