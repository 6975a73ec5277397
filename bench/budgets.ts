import type { LambdaFigure } from './lambda.ts';
import type { PageWeight } from './page-weight.ts';
import type { QueueFigure } from './queue.ts';
import type { LoadResult, PutResult } from './submissions.ts';

/**
 * The budgets, as DESIGN.md states them and docs/performance.md explains them. A missed
 * budget is a product problem: fix the product, never the number.
 */
export const BUDGETS = {
  /**
   * Public page, first load with a cold cache: HTML+CSS+JS (and anything else the browser
   * fetches on its own, like a favicon) as compressed on the wire, without HTTP headers.
   */
  pageBytes: 14 * 1024,
  /** Flat: the largest table's time at most 1.5× the smallest's, give or take 5 ms of noise. */
  flatFactor: 1.5,
  flatSlackMs: 5,
  /**
   * A submission may cost at most four raw puts of server throughput. By design it makes
   * three writes (two rate-limit counters without proof of work, then the put); the fourth
   * is everything else: parsing, validation, the stamp, rendering.
   */
  submissionOverhead: 4,
  /** Web Lambdas (public and staff): what the sandbox downloads (compressed) and what its cold start evaluates. */
  webBundleGzipBytes: 512 * 1024,
  /** CPU time of the module's import, median: see LambdaFigure.initCpuMs. */
  webInitMs: 400,
  /** Each workflow and sweep function. */
  workerBundleGzipBytes: 512 * 1024,
  workerInitMs: 400,
} as const;

export interface BudgetCheck {
  name: string;
  budget: string;
  actual: string;
  ok: boolean;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

export function isFlat(smallest: number, largest: number): boolean {
  return largest <= Math.max(smallest * BUDGETS.flatFactor, smallest + BUDGETS.flatSlackMs);
}

export function checkPages(pages: PageWeight[]): BudgetCheck[] {
  return pages
    .filter((page) => page.site === 'mashura')
    .map((page) => ({
      name: `page weight: ${page.page}`,
      budget: `≤ ${kb(BUDGETS.pageBytes)}`,
      actual: `${kb(page.bodyBytes)} in ${page.requests} requests (${kb(page.bytes)} with HTTP/1.1 headers)`,
      ok: page.bodyBytes <= BUDGETS.pageBytes,
    }));
}

export function checkQueue(figures: QueueFigure[]): BudgetCheck[] {
  if (figures.length < 2) return [];
  const first = figures[0]!;
  const last = figures.at(-1)!;
  const range = `${first.size.toLocaleString('en')} → ${last.size.toLocaleString('en')}`;
  const check = (name: string, pick: (figure: QueueFigure) => number): BudgetCheck => ({
    name: `${name} flat (${range})`,
    budget: `≤ max(${BUDGETS.flatFactor}×, +${BUDGETS.flatSlackMs} ms)`,
    actual: `${ms(pick(first))} → ${ms(pick(last))}`,
    ok: isFlat(pick(first), pick(last)),
  });
  return [
    check('queue first page', (x) => x.firstPageMs),
    check('queue deep page', (x) => x.deepPageMs),
    check('status lookup', (x) => x.statusLookupMs),
  ];
}

/** Raw puts per second over submissions per second, at the same concurrency. */
export function overheadRatio(load: LoadResult, put: PutResult): number {
  return Math.round((put.rps / load.rps) * 100) / 100;
}

export function checkSubmissions(loads: LoadResult[], puts: PutResult[]): BudgetCheck[] {
  return loads
    .filter((load) => load.target === 'web' && load.mode === 'post')
    .flatMap((load) => {
      const put = puts.find((x) => x.connections === load.connections);
      if (!put) return [];
      const ratio = overheadRatio(load, put);
      return [
        {
          name: `submission overhead, c=${load.connections}`,
          budget: `≤ ${BUDGETS.submissionOverhead}× a raw put`,
          actual: `${ratio}× (${load.rps} vs ${put.rps} /s)`,
          ok: ratio <= BUDGETS.submissionOverhead,
        },
      ];
    });
}

export function checkLambdas(figures: LambdaFigure[]): BudgetCheck[] {
  return figures.flatMap((figure) => {
    const web = figure.web;
    const gzipBudget = web ? BUDGETS.webBundleGzipBytes : BUDGETS.workerBundleGzipBytes;
    const initBudget = web ? BUDGETS.webInitMs : BUDGETS.workerInitMs;
    return [
      {
        name: `bundle: ${figure.name}`,
        budget: `≤ ${kb(gzipBudget)} gzip`,
        actual: kb(figure.gzipBytes),
        ok: figure.gzipBytes <= gzipBudget,
      },
      {
        name: `init: ${figure.name}`,
        budget: `≤ ${ms(initBudget)} CPU`,
        actual: `${ms(figure.initCpuMs)} CPU (${ms(figure.initMs)} wall)`,
        ok: figure.initCpuMs <= initBudget,
      },
    ];
  });
}
