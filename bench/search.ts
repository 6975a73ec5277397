/**
 * Staff search time as the table grows (issue 15), and a brief built over the same table
 * (issue 16). A section of `npm run bench` (`--only=search`, in a Node process of its own), or by itself:
 * `npx tsx bench/search.ts [sizes…]` (default 1000 10000 100000).
 *
 * Submissions are seeded in bulk (BatchWriteItem, eight in flight) with their search
 * postings, into an in-memory dynalite of its own (the search partitions are the point, not
 * LevelDB's compaction). Messages are a few words: one word in every submission, one in a
 * tenth, one in a thousand. The staff app then answers in-process (`app.request`): a word in
 * every submission, two words, a rare word, and a quoted phrase, each the median of 21
 * requests after 3 warm-ups. Grouping: the median time intake takes to index and group one
 * new submission (`indexSubmission`). A brief: the median time the brief's figures take
 * over the period's fields read from the table (`briefFields` + `figuresForBrief`). A
 * measurement, not a test.
 */
import { fork } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createTriage, figuresForBrief, type SubmissionRecord, TOPIC_IDS } from '#core';
import type { OutgoingEmail } from '#mail';
import {
  createBriefStore,
  createDocumentClient,
  createQueueStore,
  createRateLimiter,
  createSearchIndex,
  createSessionStore,
  createSignInTokenStore,
  createStaffStore,
  createStatusCounts,
  createSubmissionStore,
  createTriageStore,
  seedSearchPostings,
} from '#store';
import { seedSubmissions } from '#store/seed.ts';
import { createStaffApp } from '#web/staff/app.tsx';
import { ensureTable, startDynalite } from '../dev/dynamo.ts';
import { cookieClient, fieldOf, signInPath } from '../tests/support/staff.ts';
import { seedRecords } from './fixtures.ts';
import { median, round, timeRepeatedly } from './stats.ts';

export const SEARCH_QUERIES = {
  every: { label: 'one word in every submission', text: 'سوريا' },
  two: { label: 'two words', text: 'سوريا معتقلين' },
  rare: { label: 'a rare word (one in 1,000)', text: 'الصليب' },
  phrase: { label: 'a quoted phrase', text: '"سوريا المعتقلين"' },
} as const;
export type SearchQueryName = keyof typeof SEARCH_QUERIES;

export interface SearchFigure {
  size: number;
  seedSeconds: number;
  /** Items written per second while seeding (submissions and postings). */
  seedRate: number;
  /** Median ms per query, through the staff queue page. */
  queries: Record<SearchQueryName, number>;
  /**
   * Items the query read from the table for that page (postings and rows, the store's own
   * count): the work a query does, which the machine's load does not change.
   */
  reads: Record<SearchQueryName, number>;
  indexAndGroupMs: number;
  /** A brief's figures (all topics, both addressees) over a period holding every submission seeded, median ms. */
  briefMs: number;
  briefSubmissions: number;
}

const REPEATS = 21;
const region = 'eu-central-1';
const tableName = 'bench-search';

/** A few words each: سوريا in every message, المعتقلين in one in ten, الصليب in one in a thousand. */
export const messageOf = (i: number) =>
  `سوريا ${i % 10 === 0 ? 'المعتقلين' : 'المخيمات'} ${['حلب', 'إدلب', 'درعا', 'حمص'][i % 4]} ${i % 1000 === 0 ? 'الصليب ' : ''}${i}`;

export async function measureSearch(
  sizes: readonly number[],
  onProgress: (message: string) => void = () => {},
): Promise<SearchFigure[]> {
  const dynamo = await startDynalite();
  await ensureTable(dynamo.endpoint, region, tableName);
  const client = createDocumentClient({ region, endpoint: dynamo.endpoint });
  try {
    const counts = createStatusCounts(client, tableName);
    const store = createSubmissionStore(client, tableName);
    const index = createSearchIndex(client, tableName);
    /** Items read by the last search the queue page made. */
    let lastRead = 0;
    const search: typeof index = {
      ...index,
      search: async (request) => {
        const page = await index.search(request);
        lastRead = page.read;
        return page;
      },
    };
    const staff = createStaffStore(client, tableName);
    const briefs = createBriefStore(client, tableName);
    await staff.seed('triage@ose.example', 'triager');
    const mails: OutgoingEmail[] = [];
    const app = createStaffApp({
      triage: createTriage({ repository: createTriageStore(client, tableName, counts, store.get), staff }),
      staff,
      sessions: createSessionStore(client, tableName),
      signInTokens: createSignInTokenStore(client, tableName),
      queue: createQueueStore(client, tableName, counts),
      search,
      rateLimiter: createRateLimiter(client, tableName),
      mail: {
        send: async (email) => {
          mails.unshift(email);
          return { messageId: 'bench' };
        },
      },
      mailFrom: 'no-reply@mashura.example',
      baseUrl: 'http://localhost:3000',
      secret: 'bench-secret',
      config: { sessionHours: 12, signInsPer15Minutes: 50 },
    });

    const session = cookieClient(app);
    {
      const form = await session.get('/en/staff');
      await session.post('/en/staff/sign-in', { pre: fieldOf(form.text, 'pre'), email: 'triage@ose.example' });
      const confirm = await session.get(signInPath(mails, 'triage@ose.example'));
      await session.post('/en/staff/sign-in/confirm', {
        pre: fieldOf(confirm.text, 'pre'),
        token: fieldOf(confirm.text, 'token'),
      });
    }

    async function time(path: string) {
      const run = async () => {
        const response = await session.get(path);
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      };
      for (let i = 0; i < 3; i++) await run();
      return round(median(await timeRepeatedly(REPEATS, run)), 1);
    }
    const q = (text: string) => `/en/staff/inbox?status=all&q=${encodeURIComponent(text)}`;

    const figures: SearchFigure[] = [];
    let seeded = 0;
    for (const size of sizes) {
      onProgress(`search: seeding ${seeded.toLocaleString('en')} → ${size.toLocaleString('en')}`);
      const started = performance.now();
      const records: SubmissionRecord[] = seedRecords(size - seeded, 'bench-secret', size).records.map((record, i) => ({
        ...record,
        message: messageOf(seeded + i),
      }));
      const [, postings] = await Promise.all([
        seedSubmissions(client, tableName, records, { parallel: 8 }),
        seedSearchPostings(client, tableName, records),
      ]);
      const seedSeconds = (performance.now() - started) / 1000;
      seeded = size;
      onProgress(`search: timing at ${size.toLocaleString('en')}`);
      const groupTimes = await timeRepeatedly(11, async () => {
        const [record] = seedRecords(1, 'bench-secret', size).records;
        await search.indexSubmission({ ...record!, message: `${messageOf(size)} رسالة جديدة للتجميع` });
      });
      const queries = {} as Record<SearchQueryName, number>;
      const reads = {} as Record<SearchQueryName, number>;
      for (const [name, { text }] of Object.entries(SEARCH_QUERIES)) {
        queries[name as SearchQueryName] = await time(q(text));
        reads[name as SearchQueryName] = lastRead;
      }

      onProgress(`search: a brief over every submission at ${size.toLocaleString('en')}`);
      // The seeded submissions span the past year: a brief of that year counts all of them.
      const to = new Date(Date.now() + 3600_000);
      const from = new Date(to.getTime() - 367 * 24 * 3600_000);
      const previousFrom = new Date(from.getTime() - 367 * 24 * 3600_000);
      let briefSubmissions = 0;
      const content = { addressee: 'both', topics: TOPIC_IDS } as const;
      const briefTimes = await timeRepeatedly(5, async () => {
        const [current, previous] = await Promise.all([
          briefs.periodFields(from.toISOString(), to.toISOString()),
          briefs.periodFields(previousFrom.toISOString(), from.toISOString()),
        ]);
        briefSubmissions = current.length;
        figuresForBrief(content, current, previous);
      });
      figures.push({
        size,
        seedSeconds: round(seedSeconds, 1),
        seedRate: Math.round((records.length + postings) / seedSeconds),
        queries,
        reads,
        indexAndGroupMs: round(median(groupTimes), 1),
        briefMs: round(median(briefTimes), 1),
        briefSubmissions,
      });
    }
    return figures;
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

/** Largest size's time over smallest's, per query: the flatness the budget checks. */
export function searchRatio(figures: SearchFigure[], name: SearchQueryName, from: number, to: number) {
  const a = figures.find((figure) => figure.size === from)?.queries[name];
  const b = figures.find((figure) => figure.size === to)?.queries[name];
  return a && b ? round(b / a, 2) : undefined;
}

type SearchMessage = { progress: string } | { figures: SearchFigure[] };

/**
 * measureSearch in a Node process of its own (this file as a child, over IPC). In the full
 * bench the search section runs after the others: the bench's process then holds their
 * heap and state, and at 100k the search's timings grew with it although the items read did
 * not (docs/performance.md). A staff Lambda never shares its heap with anything else.
 */
export function measureSearchApart(
  sizes: readonly number[],
  onProgress: (message: string) => void = () => {},
): Promise<SearchFigure[]> {
  const child = fork(new URL(import.meta.url), sizes.map(String), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise<SearchFigure[]>((resolve, reject) => {
    let figures: SearchFigure[] | undefined;
    child.on('message', (message: SearchMessage) => {
      if ('progress' in message) onProgress(message.progress);
      else figures = message.figures;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      figures && code === 0 ? resolve(figures) : reject(new Error(`bench/search.ts exited (${code}) without figures`)),
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  if (sizes.length === 0) sizes.push(1_000, 10_000, 100_000);
  const send = process.send?.bind(process);
  const figures = await measureSearch(sizes, (message) =>
    send ? send({ progress: message } satisfies SearchMessage) : process.stdout.write(`${message}\n`),
  );
  if (send) await new Promise<void>((done) => send({ figures } satisfies SearchMessage, () => done()));
  else for (const figure of figures) process.stdout.write(`${JSON.stringify(figure)}\n`);
  process.exit(0);
}
