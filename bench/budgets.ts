import type { LambdaFigure } from './lambda.ts';
import type { LongTaskFigure } from './main-thread.ts';
import type { PageWeight } from './page-weight.ts';
import type { QueueFigure } from './queue.ts';
import { SEARCH_QUERIES, type SearchFigure, type SearchQueryName } from './search.ts';
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
   * A submission at one connection may cost at most two raw puts of server throughput: the
   * put it cannot avoid, and everything else (the rate-limit counters, which run side by side
   * in one round trip, parsing, validation, the stamp, the redirect). At 16 connections the
   * earlier budget of four stays.
   */
  submissionOverhead: 2,
  submissionOverheadLoaded: 4,
  /**
   * The public function (functions/http.ts): what a cold start loads (the entry and the
   * chunks it imports statically), compressed, and the CPU of that import, median, on the
   * Lambda's Node major.
   */
  publicBundleGzipBytes: 150 * 1024,
  publicInitMs: 120,
  /** The SDK clients a cold POST may load (KMS only when the person left an email). */
  publicPostClients: ['client-dynamodb', 'client-sfn', 'client-kms'],
  /**
   * Code that must never be in the public function, lazily or not: the staff side, the mail
   * side, the decrypt path. (SSM's client is a lazy chunk: a deployed stage reads its two
   * secrets with it once per cold start; docs/performance.md.)
   */
  publicForbidden: ['web/staff/', 'packages/mail/', '@aws-sdk/client-sesv2', '@aws-crypto/decrypt-node'],
  /** The staff function. */
  staffBundleGzipBytes: 250 * 1024,
  staffInitMs: 200,
  /** Each workflow task, sweep and event function. */
  workerBundleGzipBytes: 150 * 1024,
  workerInitMs: 150,
  /** The longest main-thread task of our pages on a 4× slowed CPU (Lighthouse's mobile). */
  longTaskMs: 50,
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

/**
 * The most a first round reads for one term: a page of postings (100, as each of several words
 * reads; one word alone reads just the 21 it shows) and the queue's page of rows (20, and the
 * one that says there is more).
 */
const FIRST_ROUND_READS = 121;

/** Issue 15: each search query flat from the smallest table to the largest, as the queue is. */
export function checkSearch(figures: SearchFigure[]): BudgetCheck[] {
  if (figures.length < 2) return [];
  const first = figures[0]!;
  const last = figures.at(-1)!;
  const range = `${first.size.toLocaleString('en')} → ${last.size.toLocaleString('en')}`;
  return (Object.keys(SEARCH_QUERIES) as SearchQueryName[]).flatMap((name) => [
    {
      name: `search, ${SEARCH_QUERIES[name].label}, flat (${range})`,
      budget: `≤ max(${BUDGETS.flatFactor}×, +${BUDGETS.flatSlackMs} ms)`,
      actual: `${ms(first.queries[name])} → ${ms(last.queries[name])}`,
      ok: isFlat(first.queries[name], last.queries[name]),
    },
    // The work itself, which no machine load changes: items read for the page. A query with
    // few matches reads more as matches grow, until its first round is full (one page of
    // postings per term and a page of rows); past that, nothing grows with the table.
    {
      name: `search, ${SEARCH_QUERIES[name].label}, items read flat (${range})`,
      budget: `≤ ${BUDGETS.flatFactor}× max(smallest, ${FIRST_ROUND_READS})`,
      actual: `${first.reads[name]} → ${last.reads[name]}`,
      ok: last.reads[name] <= BUDGETS.flatFactor * Math.max(first.reads[name], FIRST_ROUND_READS),
    },
  ]);
}

/** Raw puts per second over submissions per second, at the same concurrency. */
export function overheadRatio(load: LoadResult, put: PutResult): number {
  return load.rounds?.median ?? Math.round((put.rps / load.rps) * 100) / 100;
}

export function checkSubmissions(loads: LoadResult[], puts: PutResult[]): BudgetCheck[] {
  return loads
    .filter((load) => load.target === 'web' && load.mode === 'post')
    .flatMap((load) => {
      const put = puts.find((x) => x.connections === load.connections);
      if (!put) return [];
      const ratio = overheadRatio(load, put);
      const budget = load.connections === 1 ? BUDGETS.submissionOverhead : BUDGETS.submissionOverheadLoaded;
      return [
        {
          name: `submission overhead${load.encoding === 'multipart' ? ' (multipart)' : ''}, c=${load.connections}`,
          budget: `≤ ${budget}× a raw put`,
          actual: load.rounds
            ? `${ratio}×, the median of ${load.rounds.ratios.length} alternating rounds (${load.rounds.ratios.map((r) => `${r}×`).join(', ')}; median round ${load.rps} vs ${load.rounds.putRps} /s)`
            : `${ratio}× (${load.rps} vs ${put.rps} /s)`,
          ok: ratio <= budget,
        },
      ];
    });
}

const PUBLIC_HANDLER = 'functions/http.handler';

function lambdaBudget(figure: LambdaFigure): { gzip: number; init: number } {
  if (figure.handler === PUBLIC_HANDLER) return { gzip: BUDGETS.publicBundleGzipBytes, init: BUDGETS.publicInitMs };
  if (figure.web) return { gzip: BUDGETS.staffBundleGzipBytes, init: BUDGETS.staffInitMs };
  return { gzip: BUDGETS.workerBundleGzipBytes, init: BUDGETS.workerInitMs };
}

export function checkLambdas(figures: LambdaFigure[]): BudgetCheck[] {
  return figures.flatMap((figure) => {
    const budget = lambdaBudget(figure);
    const checks: BudgetCheck[] = [
      {
        name: `cold start loads: ${figure.name}`,
        budget: `≤ ${kb(budget.gzip)} gzip`,
        actual: `${kb(figure.gzipBytes)} in ${figure.files} file(s)${figure.lazyFiles ? ` (+ ${kb(figure.lazyGzipBytes)} lazy)` : ''}`,
        ok: figure.gzipBytes <= budget.gzip,
      },
      {
        name: `init: ${figure.name}`,
        budget: `≤ ${ms(budget.init)} CPU`,
        actual: `${ms(figure.initCpuMs)} CPU (${ms(figure.initMs)} wall), ${figure.node}`,
        ok: figure.initCpuMs <= budget.init,
      },
    ];
    if (figure.handler === PUBLIC_HANDLER) {
      const forbidden = figure.contains ?? [];
      checks.push({
        name: 'public function: no staff, mail or decrypt code',
        budget: 'none of them, lazily or not',
        actual: forbidden.length === 0 ? 'none' : forbidden.join(', '),
        ok: forbidden.length === 0,
      });
      for (const cold of figure.cold ?? []) {
        const allowed: readonly string[] = cold.request.startsWith('GET') ? [] : BUDGETS.publicPostClients;
        const extra = cold.sdkClients.filter((client) => !allowed.includes(client));
        checks.push({
          name: `cold ${cold.request}: SDK clients loaded`,
          budget: allowed.length === 0 ? 'none' : `only ${allowed.join(', ')}`,
          actual: `${cold.sdkClients.join(', ') || 'none'} (first byte ${ms(cold.firstByteMs)})`,
          ok: extra.length === 0,
        });
      }
    }
    return checks;
  });
}

export function checkLongTasks(figures: LongTaskFigure[]): BudgetCheck[] {
  return figures.map((figure) => ({
    name: `longest run of our script in one main-thread task, 4× slower CPU: ${figure.page}`,
    budget: `≤ ${ms(BUDGETS.longTaskMs)}`,
    actual: `${ms(figure.longestOursMs)} ours (its task ${ms(figure.worst[0]?.ms ?? 0)}; longest with ours ${ms(figure.longestWithOursMs)}, any ${ms(figure.longestMs)}; ${figure.overBudget} over)`,
    ok: figure.longestOursMs <= BUDGETS.longTaskMs,
  }));
}
