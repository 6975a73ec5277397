import { type BudgetCheck, overheadRatio } from './budgets.ts';
import type { Results } from './run.ts';
import { SEARCH_QUERIES, type SearchQueryName } from './search.ts';

/** The tables `npm run bench` prints: plain text, aligned, readable in a CI log. */
function table(title: string, header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [`\n${title}`, line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(1));

export function renderReport(results: Results): string {
  const out: string[] = [];
  const { machine } = results;
  out.push(
    `Mashura benchmarks${results.quick ? ' (quick)' : ''} — ${results.finishedAt}`,
    `${machine.cpu}, ${machine.nproc} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; load ${machine.loadStart} → ${machine.loadEnd ?? '?'}`,
  );

  if (results.pages) {
    const reference = new Map(results.pages.filter((p) => p.site === 'govuk-frontend').map((p) => [p.page, p]));
    out.push(
      table(
        'Page weight: first load, cold cache; compressed bodies, and with HTTP/1.1 headers (KB)',
        ['page', 'Mashura', 'with headers', 'req', 'GOV.UK Frontend', 'with headers', 'req', 'ratio'],
        results.pages
          .filter((p) => p.site === 'mashura')
          .map((page) => {
            const ref = reference.get(page.page.replace(/ \((ar|en)\)$/, ''));
            return [
              page.page,
              kb(page.bodyBytes),
              kb(page.bytes),
              page.requests,
              ref ? kb(ref.bodyBytes) : '–',
              ref ? kb(ref.bytes) : '–',
              ref ? ref.requests : '–',
              ref ? `${(ref.bodyBytes / page.bodyBytes).toFixed(1)}×` : '–',
            ];
          }),
      ),
    );
  }
  if (results.slow3g) {
    out.push(
      table(
        'Slow 3G (2 s RTT, 400 kbit/s), cold cache, medians (ms)',
        ['site', 'first paint', 'form ready', 'load', 'KB'],
        results.slow3g.map((x) => [x.site, x.fcpMs, x.readyMs, x.loadMs, kb(x.bytes)]),
      ),
    );
  }
  if (results.submissions) {
    const { loads, puts, node } = results.submissions;
    out.push(
      table(
        `Submissions (POST /en, distinct served forms) beside raw PutItem${node ? `; the web app and the puts on Node ${node}` : ''}`,
        ['what', 'c', 'per s', 'p50 ms', 'p99 ms', 'raw put ÷ this'],
        [
          ...puts.map((put) => [
            `raw PutItem (${put.itemBytes} B item)`,
            put.connections,
            put.rps,
            ms(put.p50Ms),
            ms(put.p99Ms),
            '1',
          ]),
          ...loads.map((load) => {
            const put = puts.find((x) => x.connections === load.connections);
            const label =
              load.target === 'web'
                ? load.mode === 'post'
                  ? `web app: POST${load.encoding === 'multipart' ? ' (multipart + proof of work: with JavaScript)' : ''}`
                  : 'web app: GET + POST (pairs; per-request latency)'
                : `npm start service: POST (+ workflows, drained ${load.drainSeconds ?? '?'} s later)`;
            return [
              label,
              load.connections,
              load.rps,
              ms(load.p50Ms),
              ms(load.p99Ms),
              put ? `${overheadRatio(load, put)}×${load.rounds ? ' (median round)' : ''}` : '–',
            ];
          }),
        ],
      ),
    );
    for (const load of loads.filter((x) => x.rounds)) {
      out.push(
        `  1 connection, ${load.encoding ?? 'urlencoded'}: raw put ÷ POST in ${load.rounds!.ratios.length} alternating rounds: ${load.rounds!.ratios.map((r) => `${r}×`).join(', ')} (median ${load.rounds!.median}×)`,
      );
    }
  }
  if (results.queue) {
    out.push(
      table(
        `Queue at scale (ms, medians): queue via ${results.queue.figures[0]?.queueSource ?? '?'}, status via ${results.queue.figures[0]?.statusSource ?? '?'}`,
        ['submissions', 'seed s', 'seed /s', 'first page', 'deep page', 'page no.', 'status lookup', 'GetItem'],
        results.queue.figures.map((x) => [
          x.size.toLocaleString('en'),
          x.seedSeconds,
          x.seedRate,
          ms(x.firstPageMs),
          ms(x.deepPageMs),
          x.deepPage,
          ms(x.statusLookupMs),
          ms(x.getItemMs),
        ]),
      ),
    );
  }
  if (results.search) {
    const names = Object.keys(SEARCH_QUERIES) as SearchQueryName[];
    const ratio = (i: number, name: SearchQueryName) => {
      const before = results.search![i - 1];
      const now = results.search![i]!;
      return before ? `${(now.queries[name] / before.queries[name]).toFixed(2)}×` : '–';
    };
    out.push(
      table(
        'Staff search through the queue page (ms, medians; ratio to the size before; items the query read) and a brief over every submission',
        ['submissions', 'seed s', ...names.map((name) => SEARCH_QUERIES[name].label), 'index + group one', 'brief'],
        results.search.map((x, i) => [
          x.size.toLocaleString('en'),
          x.seedSeconds,
          ...names.map((name) => `${ms(x.queries[name])} (${ratio(i, name)}; ${x.reads?.[name] ?? '–'} read)`),
          ms(x.indexAndGroupMs),
          `${ms(x.briefMs)} (${x.briefSubmissions.toLocaleString('en')})`,
        ]),
      ),
    );
  }
  if (results.mainThread) {
    out.push(
      table(
        'Main thread on a 4× slowed CPU (trace of a visit: load, write, proof of work, send, confirmation; ours = our script within a task)',
        [
          'visit',
          'ours ms',
          'its task ms',
          'longest any ms',
          'ours > 50 ms',
          'blocking ms (all)',
          'tasks',
          'where ours ran longest',
          'longest task',
        ],
        results.mainThread.map((x) => [
          x.page,
          ms(x.longestOursMs),
          ms(x.worst[0]?.ms ?? 0),
          ms(x.longestMs),
          x.overBudget,
          ms(x.blockingMs),
          x.tasks,
          x.worst[0]?.what ?? '',
          x.longest[0]?.what ?? '',
        ]),
      ),
    );
  }
  if (results.lambda) {
    const first = results.lambda[0];
    out.push(
      table(
        `Lambda bundles (esbuild as SST deploys them; options from ${first?.options ?? '?'}) and module init (median, fresh ${first?.node ?? 'Node'})`,
        ['function', 'cold KB', 'cold gzip KB', 'files', 'lazy gzip KB', 'init CPU ms', 'init wall ms', 'process ms'],
        results.lambda.map((x) => [
          x.name,
          kb(x.bytes),
          kb(x.gzipBytes),
          x.files,
          x.lazyFiles > 0 ? `${kb(x.lazyGzipBytes)} in ${x.lazyFiles}` : '–',
          ms(x.initCpuMs),
          ms(x.initMs),
          ms(x.processMs),
        ]),
      ),
    );
    const cold = results.lambda.flatMap((x) => (x.cold ?? []).map((c) => ({ name: x.name, ...c })));
    if (cold.length > 0) {
      out.push(
        table(
          `Cold requests: fresh ${first?.node ?? 'Node'} process → first response byte, through the Lambda handler (Function URL event), medians`,
          [
            'function',
            'request',
            'first byte ms',
            'CPU ms',
            'import ms',
            'request ms',
            'process ms',
            'gzip KB loaded',
            'SDK clients loaded',
          ],
          cold.map((x) => [
            x.name,
            x.request,
            ms(x.firstByteMs),
            ms(x.cpuMs),
            ms(x.importMs),
            ms(x.requestMs),
            ms(x.processMs),
            x.loadedGzipBytes === undefined ? '' : kb(x.loadedGzipBytes),
            x.sdkClients.join(' ') || 'none',
          ]),
        ),
      );
    }
    const web = results.lambda.find((x) => x.handler === 'functions/http.handler');
    if (web) {
      out.push(
        `Largest parts of what the public function loads cold (functions/http.ts): ${web.largest.map((x) => `${x.part} ${kb(x.bytes)} KB`).join(', ')}`,
      );
    }
  }
  out.push(renderBudgets(results.budgets));
  out.push(`\nWall time: ${results.wallSeconds.toFixed(0)} s. Full results: bench/results.json`);
  return out.join('\n');
}

function renderBudgets(checks: BudgetCheck[]): string {
  return table(
    'Budgets',
    ['', 'check', 'budget', 'actual'],
    checks.map((check) => [check.ok ? 'ok' : 'MISS', check.name, check.budget, check.actual]),
  );
}
