/**
 * `npm run bench`: page weight and slow-link timing beside a GOV.UK Frontend reference,
 * submission throughput beside raw DynamoDB puts, the staff queue and status lookup at
 * 1k/10k/100k submissions, and every Lambda's bundle size and module init. Starts the
 * local service itself, prints a table, writes bench/results.json.
 *
 *   npm run bench                  full run (within 10 minutes on 2 cores)
 *   npm run bench -- --quick       smoke run: fewer repeats, queue and search up to 10k
 *   npm run bench -- --only=pages,lambda   some sections only (pages, slow3g, mainthread,
 *                                          submissions, queue, search, consultations, lambda)
 *   npm run bench -- --strict      exit with status 2 when a budget is missed
 *   npm run bench -- --update-docs put this run's tables into docs/performance.md
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  type BudgetCheck,
  checkLambdas,
  checkLongTasks,
  checkPages,
  checkQueue,
  checkSearch,
  checkSubmissions,
} from './budgets.ts';
import { type ConsultationFigure, measureConsultations } from './consultations.ts';
import { type LambdaFigure, measureLambdas } from './lambda.ts';
import { currentLoad, describeMachine, type Machine } from './machine.ts';
import { type LongTaskFigure, measureMainThread } from './main-thread.ts';
import { launchBrowser, measurePage, type PageState, type PageWeight, type SlowLoad, slowLoad } from './page-weight.ts';
import { createProgress } from './progress.ts';
import { measureQueue, type QueueRun } from './queue.ts';
import { startReferenceServer } from './reference/server.ts';
import { renderReport } from './report.ts';
import { measureSearchApart, type SearchFigure } from './search.ts';
import { measureSender, type SenderFigure } from './sender.ts';
import { type BenchService, startBenchService } from './service-client.ts';
import { getPostLoad, type LoadResult, overheadRounds, type PutResult, postLoad, rawPutLoad } from './submissions.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Reading sst.config.ts loads aws-cdk-lib, which loads the v2 SDK and its end-of-support notice.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';

const SECTIONS = [
  'pages',
  'slow3g',
  'mainthread',
  'submissions',
  'queue',
  'search',
  'consultations',
  'lambda',
] as const;
type Section = (typeof SECTIONS)[number];

export interface Results {
  quick: boolean;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  machine: Machine;
  pages?: PageWeight[];
  /** Issue 19: the sender (send.js), loaded when the form is first used, not with the page. */
  sender?: SenderFigure;
  slow3g?: SlowLoad[];
  mainThread?: LongTaskFigure[];
  /** `node`: what the web app and the raw puts ran on (the Lambda's Node, unless BENCH_LAMBDA_NODE says otherwise). */
  submissions?: { loads: LoadResult[]; puts: PutResult[]; node?: string };
  queue?: QueueRun & { sizes: number[] };
  /** Issues 15 and 16: staff search at 1k/10k/100k (its own table), and a brief over the same submissions. */
  search?: SearchFigure[];
  lambda?: LambdaFigure[];
  /** Issue 14: a consultation's results page at 1,000 and 100,000 votes, and its participant pages' weight. */
  consultations?: { results: ConsultationFigure[]; pages: PageWeight[] };
  budgets: BudgetCheck[];
  settings: typeof FULL;
}

const FULL = {
  slow3gRuns: 3,
  putAmount: { 1: 400, 16: 3000 } as Record<number, number>,
  postAmount: { 1: 300, 16: 1500 } as Record<number, number>,
  /** Alternating rounds of raw puts and posts at one connection; the median round is the figure. */
  overheadRounds: 9,
  localAmount: { 1: 150, 16: 400 } as Record<number, number>,
  getPostSeconds: 8,
  queueSizes: [1_000, 10_000, 100_000],
  searchSizes: [1_000, 10_000, 100_000],
  lambdaRuns: 11,
  consultationParticipants: [10, 1_000],
  consultationRequests: 30,
};
const QUICK: typeof FULL = {
  slow3gRuns: 1,
  putAmount: { 1: 200, 16: 600 },
  postAmount: { 1: 60, 16: 200 },
  overheadRounds: 3,
  localAmount: { 1: 30, 16: 80 },
  getPostSeconds: 2,
  queueSizes: [1_000, 10_000],
  searchSizes: [1_000, 10_000],
  lambdaRuns: 3,
  consultationParticipants: [10, 1_000],
  consultationRequests: 8,
};

const MASHURA_STATES: PageState[] = [
  { page: 'form (ar)', path: '/' },
  { page: 'form (en)', path: '/en' },
  { page: 'errors (ar)', path: '/', via: 'submit-empty' },
  { page: 'errors (en)', path: '/en', via: 'submit-empty' },
  { page: 'confirmation (ar)', path: '/', via: 'submit-valid' },
  { page: 'confirmation (en)', path: '/en', via: 'submit-valid' },
  // The voice recorder's own weight (issue 19): what pressing "Record with your microphone"
  // downloads after the form has loaded; never part of the form's first load.
  { page: 'recorder, on demand (ar)', path: '/', via: 'record' },
  { page: 'recorder, on demand (en)', path: '/en', via: 'record' },
];
const REFERENCE_STATES: PageState[] = [
  { page: 'form', path: '/' },
  { page: 'errors', path: '/', via: 'submit-empty' },
  { page: 'confirmation', path: '/', via: 'submit-valid' },
];

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const sections = only ? (only.split(',') as Section[]) : [...SECTIONS];
  const unknown = sections.filter((section) => !SECTIONS.includes(section));
  if (unknown.length > 0)
    throw new Error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  return { quick, sections };
}

async function main() {
  const { quick, sections } = parseArgs(process.argv.slice(2));
  const settings = quick ? QUICK : FULL;
  const started = Date.now();
  const machine = describeMachine();
  const results: Results = {
    quick,
    startedAt: new Date(started).toISOString(),
    finishedAt: '',
    wallSeconds: 0,
    machine,
    budgets: [],
    settings,
  };
  // The search section seeds a dynalite of its own, like the Lambda section needs none.
  const needsService = sections.some((section) => section !== 'lambda' && section !== 'search');
  const progress = createProgress(sections.length + (needsService ? 1 : 0));

  let service: BenchService | undefined;
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    await service?.stop().catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));

  try {
    if (needsService) {
      progress.step('starting the local service (dev/runtime.ts) and the web app alone');
      service = await startBenchService();
    }
    const svc = () => service!;

    if (sections.includes('pages') || sections.includes('slow3g')) {
      const reference = await startReferenceServer();
      try {
        if (sections.includes('pages')) {
          progress.step('page weight in Chromium, beside the GOV.UK Frontend reference');
          const pages: PageWeight[] = [];
          const states = [
            ...MASHURA_STATES.map((state) => ['mashura', svc().url, state] as const),
            ...REFERENCE_STATES.map((state) => ['govuk-frontend', reference.url, state] as const),
          ];
          // A browser per page: Chromium remembers a missing favicon across contexts, and
          // each page's first load should download what a newcomer's browser does.
          for (const [site, base, state] of states) {
            progress.update(`${site}: ${state.page}`);
            const browser = await launchBrowser();
            try {
              pages.push(await measurePage(browser, site, base, state));
            } finally {
              await browser.close();
            }
          }
          results.pages = pages;
          results.sender = await measureSender(svc().url);
        }
        if (sections.includes('slow3g')) {
          progress.step(`slow 3G first load, ${settings.slow3gRuns} run(s) each`);
          const browser = await launchBrowser();
          try {
            const loads: SlowLoad[] = [];
            for (const [site, url] of [
              ['mashura', `${svc().url}/`],
              ['mashura', `${svc().url}/en`],
              ['govuk-frontend', `${reference.url}/`],
            ] as const) {
              progress.update(`${site}: ${new URL(url).pathname}`);
              loads.push({ ...(await slowLoad(browser, site, url, settings.slow3gRuns)), site });
            }
            results.slow3g = loads;
          } finally {
            await browser.close();
          }
        }
      } finally {
        await reference.stop();
      }
    }

    if (sections.includes('mainthread')) {
      progress.step('main-thread tasks on a 4× slowed CPU: form, proof of work, confirmation');
      const browser = await launchBrowser();
      try {
        results.mainThread = await measureMainThread(
          browser,
          svc().url,
          [
            { page: 'form → confirmation (ar)', path: '/' },
            { page: 'form → confirmation (en)', path: '/en' },
          ],
          progress.update,
        );
      } finally {
        await browser.close();
      }
    }

    if (sections.includes('submissions')) {
      progress.step('submissions under load, beside raw PutItem');
      const puts: PutResult[] = [];
      const loads: LoadResult[] = [];
      // One connection: alternating rounds of raw puts and posts, the median round reported.
      for (const encoding of ['urlencoded', 'multipart'] as const) {
        progress.update(
          `raw PutItem and web app POST (${encoding}), 1 connection, ${settings.overheadRounds} alternating rounds`,
        );
        const { put, load } = await overheadRounds(
          svc(),
          settings.overheadRounds,
          settings.putAmount[1]!,
          settings.postAmount[1]!,
          encoding,
        );
        if (encoding === 'urlencoded') puts.push(put);
        loads.push(load);
      }
      progress.update('raw PutItem, 16 in flight');
      puts.push(await rawPutLoad(svc(), 16, settings.putAmount[16]!));
      progress.update(`web app: POST, 16 connections, ${settings.postAmount[16]} forms`);
      loads.push(await postLoad(svc(), 'web', 16, settings.postAmount[16]!));
      progress.update('web app: GET + POST, 16 connections');
      loads.push(await getPostLoad(svc(), 'web', 16, settings.getPostSeconds));
      for (const c of [1, 16]) {
        progress.update(`npm start service: POST, ${c} connection(s), then its workflows drain`);
        loads.push(await postLoad(svc(), 'local', c, settings.localAmount[c]!));
      }
      results.submissions = { loads, puts, node: svc().appNode };
    }

    if (sections.includes('queue')) {
      progress.step(`queue and status lookup at ${settings.queueSizes.map((n) => n.toLocaleString('en')).join(' / ')}`);
      results.queue = {
        ...(await measureQueue(svc(), settings.queueSizes, progress.update)),
        sizes: settings.queueSizes,
      };
    }

    if (sections.includes('search')) {
      progress.step(
        `staff search and a brief at ${settings.searchSizes.map((n) => n.toLocaleString('en')).join(' / ')}`,
      );
      results.search = await measureSearchApart(settings.searchSizes, progress.update);
    }

    if (sections.includes('consultations')) {
      progress.step('consultation results at 1,000 and 100,000 votes, and participant page weight');
      const figures = await measureConsultations(
        svc(),
        settings.consultationParticipants,
        settings.consultationRequests,
        progress.update,
      );
      const pages: PageWeight[] = [];
      const first = figures[0]?.path.replace(/\/results$/, '');
      const states: PageState[] = first
        ? [
            { page: 'consultation: join (ar)', path: first },
            { page: 'consultation: join (en)', path: `/en${first}` },
            ...figures.map((figure) => ({
              page: `consultation: results, ${figure.votes.toLocaleString('en')} votes`,
              path: figure.path,
            })),
          ]
        : [];
      for (const state of states) {
        const browser = await launchBrowser();
        try {
          pages.push(await measurePage(browser, 'mashura', svc().url, state));
        } finally {
          await browser.close();
        }
      }
      results.consultations = { results: figures, pages };
    }

    await stopAll();

    if (sections.includes('lambda')) {
      progress.step(`Lambda bundles and module init, ${settings.lambdaRuns} runs each`);
      results.lambda = await measureLambdas(settings.lambdaRuns, (done, total, name) =>
        progress.update(`${done + 1}/${total} ${name}`),
      );
    }
  } finally {
    await stopAll();
  }
  progress.done();

  results.budgets = [
    ...checkPages(results.pages ?? []),
    ...checkSubmissions(results.submissions?.loads ?? [], results.submissions?.puts ?? []),
    ...checkLongTasks(results.mainThread ?? []),
    ...checkQueue(results.queue?.figures ?? []),
    ...checkSearch(results.search ?? []),
    ...checkLambdas(results.lambda ?? []),
  ];
  results.machine.loadEnd = currentLoad();
  results.finishedAt = new Date().toISOString();
  results.wallSeconds = (Date.now() - started) / 1000;
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  const report = renderReport(results) + senderReport(results) + consultationReport(results);
  process.stdout.write(`${report}\n`);
  if (process.argv.includes('--update-docs')) updateDocs(report);
  if (results.machine.loadStart > results.machine.nproc) {
    process.stdout.write(
      `\nNote: the machine was busy when the run started (load ${results.machine.loadStart} on ${results.machine.nproc} cores); timings are pessimistic.\n`,
    );
  }
  return results.budgets.filter((check) => !check.ok).length;
}

/** Issue 19's figure: what the sender adds once the form is used. */
function senderReport(results: Results): string {
  const sender = results.sender;
  if (!sender) return '';
  const form = results.pages?.find((page) => page.site === 'mashura' && page.page === 'form (ar)');
  const lines = [
    '',
    `Sender (send.js, fetched when the form is first used): ${sender.gzipBytes.toLocaleString('en')} B gzip (${sender.bytes.toLocaleString('en')} B raw)`,
  ];
  if (form) {
    lines.push(
      `  / first load ${form.bodyBytes.toLocaleString('en')} B compressed in ${form.requests} requests; with the sender once used: ${(form.bodyBytes + sender.gzipBytes).toLocaleString('en')} B`,
    );
  }
  return `\n${lines.join('\n')}`;
}

/** Issue 14's figures, after the main report. */
function consultationReport(results: Results): string {
  if (!results.consultations) return '';
  const lines = ['', 'Consultation results page (100 points; counts kept per point, one Query):'];
  for (const figure of results.consultations.results) {
    lines.push(
      `  ${figure.participants.toLocaleString('en')} participants, ${figure.votes.toLocaleString('en')} votes: median ${figure.medianMs} ms over ${figure.requests} requests; HTML ${figure.htmlGzipBytes.toLocaleString('en')} B gzip`,
    );
  }
  lines.push('Consultation pages, bytes on the wire on first load (HTML+CSS+JS, headers included):');
  for (const page of results.consultations.pages) {
    lines.push(`  ${page.page}: ${page.bytes.toLocaleString('en')} B in ${page.requests} requests`);
  }
  return `\n${lines.join('\n')}`;
}

/** Replaces the figures between the markers in docs/performance.md with this run's report. */
function updateDocs(report: string) {
  const file = new URL('../docs/performance.md', import.meta.url);
  const doc = readFileSync(file, 'utf8');
  const start = '<!-- bench:figures:start -->';
  const end = '<!-- bench:figures:end -->';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error('docs/performance.md has no bench:figures markers');
  const figures = `${start}\n\n\`\`\`text\n${report.trim()}\n\`\`\`\n\n`;
  writeFileSync(file, doc.slice(0, from) + figures + doc.slice(to));
}

main().then(
  (missed) => process.exit(missed > 0 && process.argv.includes('--strict') ? 2 : 0),
  (error: Error) => {
    process.stderr.write(`\nbench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
