/**
 * Two more checking engines, injected into the page like axe-core: IBM's Equal Access
 * engine (accessibility-checker-engine's ace.js, WCAG 2.2 A/AA ruleset; its wrapper package
 * downloads a browser driver and is not used) and HTML_CodeSniffer (WCAG2AA standard).
 * Only their definite failures count (IBM "violation", HTMLCS "error"); each finding is
 * dropped only when ALLOWED names it with the reason it is a false positive.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const ACE = readFileSync(require.resolve('accessibility-checker-engine/ace.js'), 'utf8');
const HTMLCS = readFileSync(require.resolve('html_codesniffer/build/HTMLCS.js'), 'utf8');

export interface Finding {
  engine: 'ibm' | 'htmlcs';
  rule: string;
  element: string;
  message: string;
}

/**
 * Known false positives, each with its reason. `element` matches the start of the
 * finding's element description (tag#id.class or the engine's path).
 */
export const ALLOWED: { engine: Finding['engine']; rule: RegExp; element?: RegExp; why: string }[] = [
  {
    engine: 'ibm',
    rule: /^input_checkboxes_grouped$/,
    why: 'The topic checkboxes sit in two named groups (OSE topics, donor topics) nested in the named topic question; IBM wants checkboxes that share a name in a single group and flags the second group. The AT-SPI layer asserts every checkbox name and description.',
  },
  {
    engine: 'ibm',
    rule: /^aria_form_label_unique$/,
    // Only forms with no accessible name of their own: a named form is still checked.
    element: /^<form(?![^>]*\b(?:aria-label|aria-labelledby|title)=)[^>]*>/,
    why: 'IBM counts every <form> as a form landmark. By HTML-AAM a form without an accessible name has no form role and is no landmark, so staff pages with several small action forms (sign out, decide, change role) have no landmarks to tell apart; naming each would add a landmark per button. Named forms are still held to unique names (tested in engines.test.ts).',
  },
  {
    engine: 'ibm',
    rule: /^input_label_exists$/,
    element: / \[in a closed details\]$/,
    why: 'Inside a closed <details> IBM cannot see the label (the content is not rendered) and reports the field as unlabelled; the same field passes once the details is open, which engines.test.ts shows, and axe checks the label either way.',
  },
];

function allowed(finding: Finding): boolean {
  return ALLOWED.some(
    (rule) =>
      rule.engine === finding.engine &&
      rule.rule.test(finding.rule) &&
      (!rule.element || rule.element.test(finding.element)),
  );
}

export async function runIbm(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate('typeof ace !== "undefined"'))) await page.evaluate(ACE);
  const results = (await page.evaluate(`(async () => {
    const report = await new ace.Checker().check(document, ['WCAG_2_2']);
    return report.results
      .filter((r) => r.value[0] === 'VIOLATION' && r.value[1] === 'FAIL')
      .map((r) => {
        const dom = r.path && r.path.dom;
        const node = dom ? document.evaluate(dom, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue : null;
        const closed = node && node.nodeType === 1 && node.closest('details:not([open])') ? ' [in a closed details]' : '';
        return { rule: r.ruleId, element: ((r.path && (r.path.dom || r.path.aria)) || '') + closed, message: r.message, snippet: r.snippet };
      });
  })()`)) as { rule: string; element: string; message: string; snippet: string }[];
  return results.map((r) => ({
    engine: 'ibm',
    rule: r.rule,
    element: `${r.snippet} ${r.element}`,
    message: r.message,
  }));
}

export async function runHtmlcs(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate('typeof HTMLCS !== "undefined"'))) await page.evaluate(HTMLCS);
  const results = (await page.evaluate(`new Promise((resolve) => {
    HTMLCS.process('WCAG2AA', document, () => {
      resolve(HTMLCS.getMessages().filter((m) => m.type === 1).map((m) => {
        const el = m.element;
        const name = el && el.nodeType === 1
          ? el.localName + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
          : String(el && el.nodeName);
        return { rule: m.code, element: name, message: m.msg };
      }));
    });
  })`)) as { rule: string; element: string; message: string }[];
  return results.map((r) => ({ engine: 'htmlcs', ...r }));
}

/** Both engines' definite failures on the page as it is now, minus the allowlist. */
export async function engineFindings(page: Page): Promise<{ findings: Finding[]; allowed: Finding[] }> {
  const all = [...(await runIbm(page)), ...(await runHtmlcs(page))];
  return { findings: all.filter((f) => !allowed(f)), allowed: all.filter(allowed) };
}

export const formatFindings = (findings: Finding[]) =>
  findings.map((f) => `${f.engine} ${f.rule}: ${f.element.slice(0, 160)}\n    ${f.message}`).join('\n');
