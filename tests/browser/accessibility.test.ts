/**
 * WCAG 2.2 AA checks over every state of every public page, in Arabic and in English:
 * axe-core, html-validate on the served HTML, our own text-contrast check (axe skips
 * joined Arabic text), reflow at 320 CSS px and at 400% zoom, target size, and a visible
 * focus indicator on every Tab stop. The last block proves each hand-written check can fail.
 */

import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directionOf, LANGUAGE_TABLE } from '#core';
import { loadAxe } from '../support/axe.ts';
import { engineFindings, formatFindings } from '../support/engines.ts';
import { describeReport, htmlValidate } from '../support/html-validate.ts';
import {
  activeElement,
  type ContrastReport,
  checkContrast,
  checkDigits,
  checkReflow,
  checkTargets,
  emptyFieldDirections,
  errorMarks,
  focusIndicator,
  focusStop,
  NON_TEXT_RATIO,
  TARGET_MIN,
  tabStopCount,
  unfocusedStyles,
} from '../support/in-page.ts';
import { tabTo } from '../support/keyboard.ts';
import { reflowProblems } from '../support/reflow.ts';
import {
  fetchLocal,
  forgetVisit,
  LANGUAGES,
  type Lang,
  launchBrowser,
  newPage,
  PAGE_LANGUAGES,
  removeDataDir,
  type Service,
  startService,
} from '../support/service.ts';
import { gotoState, SERVED_STATES, STATE_DESCRIPTIONS, STATES, type State, servedHtml } from '../support/states.ts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

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

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeResult {
  id: string;
  impact?: string;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

async function runAxe(page: Page): Promise<{ violations: AxeResult[]; passes: AxeResult[] }> {
  await loadAxe(page);
  const options = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
  return page.evaluate(`axe.run(document, ${JSON.stringify(options)})`) as Promise<{
    violations: AxeResult[];
    passes: AxeResult[];
  }>;
}

const formatAxe = (violations: AxeResult[]) =>
  violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .map((n) => `    ${n.target.join(' ')}: ${n.html.slice(0, 160)}\n      ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');

const formatContrast = (report: ContrastReport) =>
  [
    ...report.failures.map(
      (f) =>
        `${f.element} "${f.text}": ${f.color} on ${f.background} = ${f.ratio}:1, needs ${f.required}:1 (${f.fontSize}px${f.bold ? ' bold' : ''})`,
    ),
    ...report.unknown.map((u) => `${u.element} "${u.text}": cannot tell (${u.reason})`),
  ].join('\n');

async function pageIn(lang: Lang, state: State, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await newPage(browser, options);
  await gotoState(page, service, lang, state);
  return page;
}

describe.each(PAGE_LANGUAGES)('%s', (lang) => {
  // The pseudo-locale is English with longer, accented, mirrored words: it is here for what
  // longer text and its direction change (placeholders, targets, reflow, the served HTML).
  // Styles, contrast, focus and digits are the English page's, checked there.
  const pseudo = LANGUAGE_TABLE[lang].testOnly;
  // One page per language, brought to each state in turn and shared by that state's checks in
  // order (reflow, last, resizes and zooms it and puts it back). Before each state the visit is
  // forgotten (cookies, storage), as in a fresh context; the renderer stays, so the engines
  // injected into every state compile once (a context per state cost 0.6 s to open and
  // 0.7 s more per engine injection).
  let page: Page;
  beforeAll(async () => {
    page = await newPage(browser);
  });
  afterAll(async () => {
    await page?.context().close();
  });
  describe.each(STATES)('%s', (state) => {
    beforeAll(async () => {
      await forgetVisit(page);
      await gotoState(page, service, lang, state);
    });

    if (!pseudo) {
      it(`axe-core (${AXE_TAGS.join(', ')}) finds no violations in ${STATE_DESCRIPTIONS[state]}`, async () => {
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('html').getAttribute('dir')).toBe(directionOf(lang));
        const { violations } = await runAxe(page);
        expect(violations, formatAxe(violations)).toEqual([]);
      });
    }

    if (!pseudo) {
      it('IBM Equal Access and HTML_CodeSniffer find nothing outside the allowlist', async () => {
        const { findings } = await engineFindings(page);
        expect(findings, formatFindings(findings)).toEqual([]);
      });
    }

    it('shows no unfilled {placeholder} from the catalogues, in its text or its title', async () => {
      // Templates for the script (data-* attributes) may hold {n}; text people read may not.
      const text = await page.evaluate(() => `${document.title}\n${document.body.textContent}`);
      expect(text.match(/\{[A-Za-z]\w*\}/g) ?? []).toEqual([]);
    });

    if (!pseudo) {
      it('every piece of text, Arabic included, meets AAA contrast (7:1, large text 4.5:1)', async () => {
        const report = await checkContrast(page);
        expect(report.failures.length + report.unknown.length, formatContrast(report)).toBe(0);
        expect(report.checked).toBeGreaterThan(5);
        // The check really read the page's script: nearly all text on an Arabic page is Arabic.
        if (lang === 'ar') expect(report.arabic / report.checked).toBeGreaterThan(0.8);
      });
    }

    it(`every target is at least ${TARGET_MIN}×${TARGET_MIN} CSS px or spaced apart (inline links exempt)`, async () => {
      const report = await checkTargets(page);
      expect(report.failures, JSON.stringify(report.failures, null, 2)).toEqual([]);
      expect(report.measured).toBeGreaterThanOrEqual(4);
    });

    if (!pseudo) {
      it('every Tab stop shows a focus indicator meeting 2.4.13 (area and 3:1 change), and focused text stays readable', async () => {
        const before = await unfocusedStyles(page);
        const expected = await tabStopCount(page);
        const visited = new Set<number>();
        const problems: string[] = [];
        for (let presses = 0; presses < expected + 10; presses++) {
          await page.keyboard.press('Tab');
          const stop = await focusStop(page, before);
          const { index } = stop;
          if (index < 0) continue; // the document itself, between the last stop and the first
          if (visited.has(index)) break;
          visited.add(index);
          const indicator = stop.indicator!;
          if (indicator.best < NON_TEXT_RATIO) {
            problems.push(`${indicator.element}: indicator [${indicator.parts.join(', ')}] best ${indicator.best}:1`);
          }
          if (!indicator.aaa.ok) {
            problems.push(
              `${indicator.element}: 2.4.13 area ${indicator.aaa.area} < ${indicator.aaa.required} px² [${indicator.aaa.parts.join(', ')}]`,
            );
          }
          // Target size again while focused: the skip link is only on screen now.
          const focused = stop.active!;
          const targets = stop.targets!;
          for (const small of targets.failures.filter((f) => f.element === focused.element)) {
            problems.push(`${small.element}: ${small.width}×${small.height} px and crowded, when focused`);
          }
          const contrast = stop.contrast!;
          if (contrast.failures.length || contrast.unknown.length) problems.push(formatContrast(contrast));
        }
        expect(problems.join('\n'), problems.join('\n')).toBe('');
        // Counted again after the walk: the first use of the form loads the sender, which shows
        // the "keep a draft" button (server-rendered, hidden until the script can offer it).
        expect(visited.size, 'every Tab stop was visited').toBe(Math.max(expected, await tabStopCount(page)));
      });
    }

    if (!pseudo) {
      it('writes every number in one digit style (Arabic pages: Arabic-Indic, Latin codes aside)', async () => {
        const digits = await checkDigits(page);
        if (lang === 'ar') expect([...digits.latin, ...digits.lists]).toEqual([]);
        else expect(digits.lists.filter((list) => !list.endsWith(': decimal'))).toEqual([]);
      });
    }

    // A monospace font or letter-spacing pulls Arabic letters apart (they no longer join): a
    // style meant for Latin codes must never reach Arabic text.
    if (!pseudo) {
      it('sets no Arabic text in a monospace font or with letter-spacing', async () => {
        const broken = await page.evaluate(() => {
          const found: string[] = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!/[\u0600-\u06FF]/.test(node.textContent ?? '')) continue;
            const element = node.parentElement as HTMLElement;
            const style = getComputedStyle(element);
            if (/mono/i.test(style.fontFamily) || (style.letterSpacing !== 'normal' && style.letterSpacing !== '0px'))
              found.push(
                `${element.tagName.toLowerCase()}.${element.className}: ${(node.textContent ?? '').trim().slice(0, 30)}`,
              );
          }
          return found;
        });
        expect(broken).toEqual([]);
      });
    }

    if (!pseudo) {
      it("starts every empty text field in the page's direction (the caret is on the start side)", async () => {
        const fields = await emptyFieldDirections(page);
        const expected = directionOf(lang);
        expect(fields.filter((field) => field.direction !== expected && field.explicit !== 'ltr')).toEqual([]);
      });
    }

    it('reflows without horizontal scrolling at 320 CSS px and at 400% zoom', async () => {
      // Codes people copy stay on one line: a receipt code broken across lines is misread.
      const at320 = async (narrow: Page) =>
        (
          await narrow
            .locator('.code')
            .evaluateAll((codes) => codes.map((code) => `${code.textContent}: ${code.getClientRects().length}`))
        )
          .filter((lines) => !lines.endsWith(': 1'))
          .map((lines) => `320 px: code on several lines: ${lines}`);
      const problems = await reflowProblems(page, { at320 });
      expect(problems, problems.join('\n')).toEqual([]);
    });
  });

  describe.each(SERVED_STATES)('served HTML: %s', (state) => {
    it('is valid (html-validate:recommended)', async () => {
      const { status, html } = await servedHtml(service, lang, state);
      const expected = { errors: 400, 'errors-with-values': 400, 'not-found': 404, 'too-large': 413 } as Record<
        string,
        number
      >;
      expect(status).toBe(expected[state] ?? 200);
      const report = await htmlValidate.validateString(html, `${lang}-${state}.html`);
      expect(report.valid, describeReport(report, html)).toBe(true);
    });
  });
});

describe('containers focused by script keep their look', () => {
  it.each(LANGUAGES)(
    '(%s) the error summary and <main> (after the skip link) get an outline, not a new background',
    async (lang) => {
      const page = await pageIn(lang, 'errors');
      const background = (selector: string) =>
        page.locator(selector).evaluate((el) => getComputedStyle(el).backgroundColor);
      await expect.poll(async () => (await activeElement(page)).element).toContain('error-summary');
      expect(await background('.error-summary')).toBe('rgba(0, 0, 0, 0)');
      // Back from the summary to the skip link, the first Tab stop of the page, and follow it.
      await tabTo(page, (active) => active.element.includes('skip-link'), {
        backwards: true,
        max: 8,
        what: 'the skip link',
      });
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await activeElement(page)).id).toBe('main');
      expect(await background('main')).toBe('rgba(0, 0, 0, 0)');
      const contrast = await checkContrast(page);
      expect(contrast.failures, formatContrast(contrast)).toEqual([]);
      await page.context().close();
    },
  );
});

describe('forced colours (Windows high contrast)', () => {
  it.each(LANGUAGES)('(%s) error messages keep a difference from their questions that is not colour', async (lang) => {
    const page = await newPage(browser);
    await page.emulateMedia({ forcedColors: 'active' });
    await gotoState(page, service, lang, 'errors');
    const marks = await errorMarks(page);
    expect(marks.length).toBeGreaterThanOrEqual(3);
    expect(marks.filter((mark) => mark.marks.length === 0)).toEqual([]);
    await page.context().close();
  });
});

describe('a fresh browser', () => {
  it.each(LANGUAGES)(
    '(%s) loads the form with no console error and no failed request (favicon included)',
    async (lang) => {
      const page = await newPage(browser);
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
      });
      await gotoState(page, service, lang, 'form');
      // Chromium asks for /favicon.ico after load; wait for that request to settle.
      const icon = await fetchLocal(`${service.url}/favicon.ico`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/x-icon');
      await page.waitForTimeout(500);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );
});

/**
 * The hand-written checks are only worth something if they fail on bad pages. Each gets a
 * small page (page.setContent) that breaks exactly one rule.
 */
describe('the checks themselves', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(browser, { viewport: { width: 320, height: 640 } });
  });
  afterAll(async () => {
    await page?.context().close();
  });

  const arabic = (body: string, style = '') =>
    `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>body{margin:0;font-family:"Noto Sans Arabic",sans-serif;font-size:16px}${style}</style></head><body>${body}</body></html>`;

  it('contrast: fails joined Arabic text in light grey, which axe lets through', async () => {
    await page.setContent(arabic('<p style="color:#999">نص المشاركة باللون الرمادي الفاتح</p>'));
    const report = await checkContrast(page);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ color: '#999999', background: '#ffffff', required: 7 });
    expect(report.failures[0]!.ratio).toBeCloseTo(2.85, 1);
    expect(report.arabic).toBe(1);
  });

  it('contrast: applies 4.5:1 only to large text (24 px, or 18.66 px bold), 7:1 to the rest', async () => {
    const grey = 'color:#737373'; // 4.74:1 on white
    await page.setContent(
      arabic(
        `<p style="${grey};font-size:24px">كبير</p><p style="${grey};font-size:19px;font-weight:700">عريض</p><p style="${grey};font-size:19px">عادي</p><p style="${grey};font-size:18px;font-weight:700">صغير عريض</p>`,
      ),
    );
    const report = await checkContrast(page);
    expect(report.checked).toBe(4);
    expect(report.failures.map((f) => f.text)).toEqual(['عادي', 'صغير عريض']);
  });

  it('contrast: composites translucent backgrounds over what is behind them, and reads form values', async () => {
    await page.setContent(
      arabic(
        '<div style="background:#000"><p style="background:rgba(255,255,255,.5);color:#fff">أبيض على رمادي</p></div><input value="قيمة باهتة" style="color:#aaa;background:#fff;border:1px solid #000">',
      ),
    );
    const report = await checkContrast(page);
    expect(report.failures.map((f) => [f.text, f.background])).toEqual([
      ['أبيض على رمادي', '#808080'],
      ['قيمة باهتة', '#ffffff'],
    ]);
  });

  it('contrast: refuses to guess over a background image, and ignores visually hidden text', async () => {
    await page.setContent(
      arabic(
        '<p style="background-image:linear-gradient(#fff,#eee)">فوق صورة</p><p style="position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);color:#eee">مخفي</p>',
      ),
    );
    const report = await checkContrast(page);
    expect(report.unknown.map((u) => u.text)).toEqual(['فوق صورة']);
    expect(report.failures).toEqual([]);
  });

  it('focus: finds a link whose focus style was removed, and a yellow-only ring on white', async () => {
    await page.setContent(
      arabic(
        '<a id="none" href="#x">بلا مؤشر</a> <a id="weak" href="#y">مؤشر باهت</a>',
        'a:focus{outline:none} #weak:focus{outline:3px solid #ffdd00}',
      ),
    );
    const before = await unfocusedStyles(page);
    await page.keyboard.press('Tab');
    expect((await activeElement(page)).id).toBe('none');
    const none = await focusIndicator(page, before[0]!);
    expect(none.parts).toEqual([]);
    expect(none.best).toBeLessThan(NON_TEXT_RATIO);
    await page.keyboard.press('Tab');
    const weak = await focusIndicator(page, before[1]!);
    expect(weak.parts).toHaveLength(1);
    expect(weak.parts[0]).toMatch(/^outline 1\.3/);
    expect(weak.best).toBeLessThan(NON_TEXT_RATIO);
  });

  it('focus appearance (2.4.13): fails a field whose only strong ring is 2 px inside it, passes a dark ring outside', async () => {
    await page.setContent(
      arabic(
        '<input id="old" style="border:2px solid #0b0c0c"> <input id="new" style="border:2px solid #0b0c0c">',
        'input:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c} #new:focus{box-shadow:inset 0 0 0 2px #0b0c0c,0 0 0 6px #0b0c0c}',
      ),
    );
    const before = await unfocusedStyles(page);
    await page.keyboard.press('Tab');
    const old = await focusIndicator(page, before[0]!);
    expect(old.best).toBeGreaterThanOrEqual(NON_TEXT_RATIO); // passes 1.4.11 (AA)…
    expect(old.aaa.ok, JSON.stringify(old.aaa)).toBe(false); // …but not 2.4.13
    await page.keyboard.press('Tab');
    const fixed = await focusIndicator(page, before[1]!);
    expect(fixed.aaa.ok, JSON.stringify(fixed.aaa)).toBe(true);
  });

  it('targets: fails small controls crowded together, passes small ones spaced out and inline links', async () => {
    await page.setContent(
      arabic(
        '<div><button id="a" style="width:16px;height:16px;padding:0">أ</button><button id="b" style="width:16px;height:16px;padding:0">ب</button></div><div style="margin-top:40px"><button style="width:16px;height:16px;padding:0">ج</button></div><p>نص فيه <a href="#z" style="font-size:10px">رابط</a> داخل الجملة.</p>',
      ),
    );
    const report = await checkTargets(page);
    expect(report.failures.map((f) => f.element)).toEqual(['button#a', 'button#b']);
    expect(report.inlineExempt).toBe(1);
  });

  it('reflow: fails content wider than 320 px and content cut at the edge', async () => {
    await page.setContent(arabic('<div style="width:400px">عريض</div>'));
    const wide = await checkReflow(page);
    expect(wide.scrollWidth).toBeGreaterThan(wide.clientWidth);
    await page.setContent(
      arabic('<div style="overflow:hidden"><p style="width:400px;margin-inline-start:-40px">مقطوع</p></div>'),
    );
    const cut = await checkReflow(page);
    expect(cut.cut.length).toBeGreaterThan(0);
  });
});
