import type { Browser, Page } from 'playwright-core';
import { round } from './stats.ts';

/**
 * Main-thread tasks on an old phone: Chromium with its CPU slowed 4× (DevTools'
 * `Emulation.setCPUThrottlingRate`, as Lighthouse's mobile runs do), a performance trace
 * over a whole visit: the form loads, the person writes (the proof of work starts and runs
 * to its end), sends, and the confirmation loads. Every top-level task on the page's main
 * thread is taken from the trace.
 *
 * What is ours: the time our pages' script runs in a task, measured from the trace events
 * that carry a script's address (compiling and evaluating a script, calling a listener or a
 * timer callback), with the style and layout that script forces (nested inside them), and
 * every promise callback (microtasks carry no address, so they are counted as ours, Playwright's
 * own included, except inside an animation frame: our pages request none, Playwright's helper
 * polls with them). Our script is always a file of the page's origin (the CSP
 * forbids inline script); Playwright's helper script has no address and is not ours.
 *
 * The rest of a task is the browser's own: committing a navigation (tearing the old document
 * down, making the new one), parsing, style, layout and paint of a page, hit-testing a tap.
 * A task that holds only that, or a few milliseconds of our listeners inside a long input
 * task, is reported (longest task, longest task with our script in it, total blocking time
 * over all tasks) but the budget is the longest stretch of our script in one task: that is
 * what our code can keep short. Long tasks are those over 50 ms, what total blocking time
 * adds up.
 */
export const CPU_SLOWDOWN = 4;
const LONG_TASK_MS = 50;

export interface LongTaskFigure {
  page: string;
  path: string;
  /** The longest time our script ran within one task, in ms (4× slowed CPU). */
  longestOursMs: number;
  /** The longest task that ran any of our script, in ms, ours and the browser's work together. */
  longestWithOursMs: number;
  /** The longest task of any kind on the page's main thread. */
  longestMs: number;
  /** Tasks in which our script ran for over 50 ms. */
  overBudget: number;
  /** Total blocking time over every task (each one's time past 50 ms), as Lighthouse adds it. */
  blockingMs: number;
  /** The tasks where our script ran longest, with what they did. */
  worst: { ms: number; oursMs: number; what: string }[];
  /** The longest tasks of all, with what they did. */
  longest: { ms: number; oursMs: number; what: string }[];
  /** Top-level tasks on the page's main thread over the visit. */
  tasks: number;
}

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; frame?: string; type?: string; functionName?: string }; name?: string };
}

/** Trace events that carry the address of the script they run. */
const ADDRESSED_SCRIPT = new Set([
  'EvaluateScript',
  'FunctionCall',
  'v8.compile',
  'v8.compileModule',
  'v8.callFunction',
]);

export interface Task {
  ms: number;
  /** Time our script ran in this task. */
  oursMs: number;
  what: string;
}

/** Top-level tasks of the renderer main thread of the page, with our script's share of each. */
export function tasksOf(events: TraceEvent[], origin: string): Task[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 0).sort((a, b) => a.ts - b.ts);
  const children = onMain
    .filter((e) => e.name !== 'RunTask')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const isOurs = (e: TraceEvent) =>
    e.name === 'RunMicrotasks' || (ADDRESSED_SCRIPT.has(e.name) && (e.args?.data?.url ?? '').startsWith(origin));
  // Our pages ask for no animation frames; Playwright's helper does, to see an element is
  // still before acting on it, so promise callbacks inside one are its own.
  const frames = onMain.filter((e) => e.name === 'FireAnimationFrame');
  const inFrame = (e: TraceEvent) => frames.some((f) => e.ts >= f.ts && e.ts < f.ts + (f.dur ?? 0));
  return tasks.map((task) => {
    const end = task.ts + (task.dur ?? 0);
    const within = children.filter((e) => e.ts >= task.ts && e.ts < end);
    // Our script's stretches, outermost only (a listener's nested compile is inside its call).
    let oursEnd = 0;
    let oursMs = 0;
    const what = new Map<string, number>();
    for (const e of within) {
      const ms = (e.dur ?? 0) / 1000;
      if (isOurs(e) && e.ts >= oursEnd && !(e.name === 'RunMicrotasks' && inFrame(e))) {
        oursEnd = e.ts + (e.dur ?? 0);
        oursMs += ms;
        const url = e.args?.data?.url;
        const name = e.args?.data?.functionName;
        const key = url ? `ours: ${new URL(url).pathname}${name ? ` ${name}` : ''}` : `ours: ${e.name}`;
        what.set(key, (what.get(key) ?? 0) + ms);
      } else if (e.ts >= oursEnd && ms >= 1 && !e.name.startsWith('ThreadControllerImpl')) {
        what.set(e.name, Math.max(what.get(e.name) ?? 0, ms));
      }
    }
    return {
      ms: (task.dur ?? 0) / 1000,
      oursMs,
      what: [...what]
        .sort((a, b) => Number(b[0].startsWith('ours')) - Number(a[0].startsWith('ours')) || b[1] - a[1])
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

async function traced(browser: Browser, page: Page, origin: string, work: () => Promise<void>) {
  await browser.startTracing(page, { categories: CATEGORIES });
  let failure: unknown;
  await work().catch((error: unknown) => {
    failure = error;
  });
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  if (failure) throw failure;
  return tasksOf(trace.traceEvents, origin);
}

/**
 * The visit, in two traces: the form's load, then (once Playwright's own helper script is in
 * the page, so its compilation is not counted as ours) writing, the proof of work, sending
 * and the confirmation's load.
 */
async function visit(browser: Browser, page: Page, base: string, path: string) {
  const origin = new URL(base).origin;
  const load = await traced(browser, page, origin, async () => {
    await page.goto(base + path, { waitUntil: 'load' });
    await page.waitForTimeout(300);
  });
  await page.locator('#message').count();
  const use = await traced(browser, page, origin, async () => {
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
      const withOurs = tasks.filter((task) => task.oursMs > 0);
      const top = (list: Task[], by: (task: Task) => number) =>
        [...list]
          .sort((a, b) => by(b) - by(a))
          .slice(0, 3)
          .map((task) => ({ ms: round(task.ms), oursMs: round(task.oursMs), what: task.what }));
      figures.push({
        page: name,
        path,
        longestOursMs: round(Math.max(0, ...tasks.map((task) => task.oursMs))),
        longestWithOursMs: round(Math.max(0, ...withOurs.map((task) => task.ms))),
        longestMs: round(Math.max(0, ...tasks.map((task) => task.ms))),
        overBudget: tasks.filter((task) => task.oursMs > LONG_TASK_MS).length,
        blockingMs: round(tasks.reduce((sum, task) => sum + Math.max(0, task.ms - LONG_TASK_MS), 0)),
        worst: top(withOurs, (task) => task.oursMs),
        longest: top(tasks, (task) => task.ms),
        tasks: tasks.length,
      });
    } finally {
      await context.close();
    }
  }
  return figures;
}
