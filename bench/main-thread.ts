import type { Browser, Page } from 'playwright-core';
import { round } from './stats.ts';

/**
 * Main-thread tasks on an old phone: Chromium with its CPU slowed 4× (DevTools'
 * `Emulation.setCPUThrottlingRate`, as Lighthouse's mobile runs do), a performance trace
 * over a whole visit: the form loads, the person writes (the proof of work starts and runs
 * to its end), sends, and the confirmation loads. Every top-level task on the page's main
 * thread is taken from the trace; a task is "ours" when it runs the page's script (our pages
 * load no one else's: DESIGN.md), or parses, styles and lays out our page. Long tasks are
 * those over 50 ms, what total blocking time adds up.
 */
export const CPU_SLOWDOWN = 4;
const LONG_TASK_MS = 50;

export interface LongTaskFigure {
  page: string;
  path: string;
  /** The longest task of ours, in ms (4× slowed CPU). */
  longestOursMs: number;
  /** The longest task of any kind on the page's main thread. */
  longestMs: number;
  /** Tasks of ours over 50 ms, and the blocking time they add (each one's time past 50 ms). */
  overBudget: number;
  blockingMs: number;
  /** The longest tasks of ours, with what they did. */
  worst: { ms: number; what: string }[];
  /** Top-level tasks on the page's main thread over the visit. */
  tasks: number;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; frame?: string; type?: string; functionName?: string }; name?: string };
}

const SCRIPT_EVENTS = new Set([
  'EvaluateScript',
  'FunctionCall',
  'v8.compile',
  'v8.compileModule',
  'TimerFire',
  'EventDispatch',
  'RunMicrotasks',
  'FireAnimationFrame',
  'v8.callFunction',
  'ParseHTML',
  'UpdateLayoutTree',
  'Layout',
  'ParseAuthorStyleSheet',
]);

/** Top-level tasks of the renderer main thread of the page, with the events inside each. */
function tasksOf(events: TraceEvent[]) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 0).sort((a, b) => a.ts - b.ts);
  const children = onMain.filter((e) => e.name !== 'RunTask').sort((a, b) => a.ts - b.ts);
  return tasks.map((task) => {
    const end = task.ts + (task.dur ?? 0);
    const within = children.filter((e) => e.ts >= task.ts && e.ts < end);
    const inside = within.filter((e) => SCRIPT_EVENTS.has(e.name));
    const what = new Map<string, number>();
    for (const e of within) {
      const url = e.args?.data?.url ? ` ${new URL(e.args.data.url, 'http://x').pathname}` : '';
      const key = `${e.name}${url}`;
      what.set(key, (what.get(key) ?? 0) + (e.dur ?? 0) / 1000);
    }
    return {
      ms: (task.dur ?? 0) / 1000,
      ours: inside.length > 0,
      what: [...what]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([name, ms]) => `${name} ${round(ms)} ms`)
        .join(', '),
    };
  });
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'toplevel',
  '__metadata',
];

async function traced(browser: Browser, page: Page, work: () => Promise<void>) {
  await browser.startTracing(page, { categories: CATEGORIES });
  let failure: unknown;
  await work().catch((error: unknown) => {
    failure = error;
  });
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  if (failure) throw failure;
  return tasksOf(trace.traceEvents);
}

/**
 * The visit, in two traces: the form's load, then (once Playwright's own helper script is in
 * the page, so its compilation is not counted as ours) writing, the proof of work, sending
 * and the confirmation's load.
 */
async function visit(browser: Browser, page: Page, base: string, path: string) {
  const load = await traced(browser, page, async () => {
    await page.goto(base + path, { waitUntil: 'load' });
    await page.waitForTimeout(300);
  });
  await page.locator('#message').count();
  const use = await traced(browser, page, async () => {
    // The person starts to write: the proof of work starts (on focus) and runs while they do.
    await page.check('#addressee-ose');
    await page.check('#topic-detainees');
    await page.locator('#message').pressSequentially('We need to know what happened to the detainees.', { delay: 40 });
    // Enough for the proof of work to finish on a slowed CPU (the form waits for it at most 10 s anyway).
    await page.waitForTimeout(6000);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load', timeout: 60_000 }),
      page.locator('form[method=post] button[type=submit]').click(),
    ]);
    if (!page.url().includes('/sent/')) throw new Error(`a valid submission landed on ${page.url()}`);
    await page.waitForTimeout(500);
  });
  return [...load, ...use];
}

/** One visit per path, in a fresh context, traced on a 4× slowed CPU. */
export async function measureMainThread(
  browser: Browser,
  base: string,
  pages: { page: string; path: string }[],
  onProgress: (what: string) => void = () => {},
): Promise<LongTaskFigure[]> {
  const figures: LongTaskFigure[] = [];
  for (const { page: name, path } of pages) {
    onProgress(name);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      const tasks = await visit(browser, page, base, path);
      const ours = tasks.filter((task) => task.ours);
      const long = ours.filter((task) => task.ms > LONG_TASK_MS);
      figures.push({
        page: name,
        path,
        longestOursMs: round(Math.max(0, ...ours.map((task) => task.ms))),
        longestMs: round(Math.max(0, ...tasks.map((task) => task.ms))),
        overBudget: long.length,
        blockingMs: round(long.reduce((sum, task) => sum + task.ms - LONG_TASK_MS, 0)),
        worst: [...ours]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 3)
          .map((task) => ({ ms: round(task.ms), what: task.what })),
        tasks: tasks.length,
      });
    } finally {
      await context.close();
    }
  }
  return figures;
}
