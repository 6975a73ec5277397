/**
 * Staff queue page time as the table grows (issue 4): `npx tsx bench/staff-queue.ts [sizes…]`
 * (default 1000 10000). Submissions are seeded straight into an in-memory dynalite through
 * the store's bulk seeder, then the staff app answers in-process (`app.request`, no
 * network): the first page of new submissions, a deep page reached by following "Next
 * page" links, "all statuses" (six partitions merged), a filtered page (urgent only) and a
 * liaison's first page, each the median of 21 requests after 3 warm-ups; and the
 * statistics page (running totals: one GetItem), the median of 21.
 * A measurement to read, not a test to pass: nothing here asserts a time.
 */
import { createTriage } from '#core';
import type { OutgoingEmail } from '#mail';
import {
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
} from '#store';
import { seedSubmissions } from '#store/seed.ts';
import { createStaffApp } from '#web/staff/app.tsx';
import { ensureTable, startDynalite } from '../dev/dynamo.ts';
import { cookieClient, fieldOf, signInPath } from '../tests/support/staff.ts';
import { seedRecords } from './fixtures.ts';
import { median, round, timeRepeatedly } from './stats.ts';

const sizes = (
  process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0) as number[]
).sort((a, b) => a - b);
if (sizes.length === 0) sizes.push(1_000, 10_000);
const REPEATS = 21;
const DEEP_PAGE = 10;
const region = 'eu-central-1';
const tableName = 'bench-staff-queue';

const dynamo = await startDynalite();
await ensureTable(dynamo.endpoint, region, tableName);
const client = createDocumentClient({ region, endpoint: dynamo.endpoint });
const counts = createStatusCounts(client, tableName);
const store = createSubmissionStore(client, tableName);
const staff = createStaffStore(client, tableName);
await staff.seed('triage@ose.example', 'triager');
await staff.seed('liaison@donors.example', 'liaison');
const mails: OutgoingEmail[] = [];
const app = createStaffApp({
  triage: createTriage({ repository: createTriageStore(client, tableName, counts, store.get), staff }),
  staff,
  sessions: createSessionStore(client, tableName),
  signInTokens: createSignInTokenStore(client, tableName),
  queue: createQueueStore(client, tableName, counts),
  search: createSearchIndex(client, tableName),
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

async function signIn(email: string) {
  const session = cookieClient(app);
  const form = await session.get('/en/staff');
  await session.post('/en/staff/sign-in', { pre: fieldOf(form.text, 'pre'), email });
  const confirm = await session.get(signInPath(mails, email));
  await session.post('/en/staff/sign-in/confirm', {
    pre: fieldOf(confirm.text, 'pre'),
    token: fieldOf(confirm.text, 'token'),
  });
  return session;
}

const next = (html: string) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&amp;/g, '&');

async function time(session: ReturnType<typeof cookieClient>, path: string, repeats = REPEATS) {
  const run = async () => {
    const response = await session.get(path);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  };
  for (let i = 0; i < Math.min(3, repeats); i++) await run();
  return round(median(await timeRepeatedly(repeats, run)), 1);
}

const rows: Record<string, number | string>[] = [];
let seeded = 0;
for (const size of sizes) {
  const started = performance.now();
  await seedSubmissions(client, tableName, seedRecords(size - seeded, 'bench-secret', size).records, { parallel: 8 });
  const seedSeconds = round((performance.now() - started) / 1000, 1);
  seeded = size;
  // A bulk write leaves LevelDB compacting for a moment.
  await new Promise((done) => setTimeout(done, 2000));

  const triager = await signIn('triage@ose.example');
  const liaison = await signIn('liaison@donors.example');
  const first = '/en/staff/inbox?status=new&order=newest';
  let deep = first;
  let depth = 1;
  for (; depth < DEEP_PAGE; depth++) {
    const link = next((await triager.get(deep)).text);
    if (!link) break;
    deep = link;
  }
  rows.push({
    submissions: size,
    'seed s': seedSeconds,
    'first page ms': await time(triager, first),
    [`page ${depth} ms`]: await time(triager, deep),
    'all statuses ms': await time(triager, '/en/staff/inbox?status=all&order=newest'),
    'urgent only ms': await time(triager, '/en/staff/inbox?status=new&urgent=1&order=newest'),
    'liaison first ms': await time(liaison, '/en/staff/inbox'),
    // Statistics read the running totals (one GetItem), not the submissions.
    'stats ms': await time(triager, '/en/staff/stats'),
  });
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
}

console.table(rows);
console.log(
  'In-process app.request against in-memory dynalite on this machine; median of %d requests per figure.',
  REPEATS,
);
client.destroy();
await dynamo.stop();
