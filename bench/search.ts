/**
 * Staff search time as the table grows (issue 15): `npx tsx bench/search.ts [sizes…]`
 * (default 1000 10000 100000). Submissions are seeded in bulk with their search postings
 * (messages of a few words: one word in every submission, one in a tenth), then the staff
 * app answers in-process (`app.request`): a one-word query on the word in every submission,
 * a one-word query on the rarer word, and a two-word query (both), each the median of 21
 * requests after 3 warm-ups. Grouping: the median time intake takes to index and group one
 * new submission (`indexSubmission`) at each size. A measurement, not a test.
 */
import { createTriage, type SubmissionRecord } from '#core';
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
  seedSearchPostings,
} from '#store';
import { seedSubmissions } from '#store/seed.ts';
import { createStaffApp } from '#web/staff/app.tsx';
import { ensureTable, startDynalite } from '../dev/dynamo.ts';
import { cookieClient, fieldOf, signInPath } from '../tests/support/staff.ts';
import { seedRecords } from './fixtures.ts';
import { median, round, timeRepeatedly } from './stats.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
if (sizes.length === 0) sizes.push(1_000, 10_000, 100_000);
const REPEATS = 21;
const region = 'eu-central-1';
const tableName = 'bench-search';

const dynamo = await startDynalite();
await ensureTable(dynamo.endpoint, region, tableName);
const client = createDocumentClient({ region, endpoint: dynamo.endpoint });
const counts = createStatusCounts(client, tableName);
const store = createSubmissionStore(client, tableName);
const search = createSearchIndex(client, tableName);
const staff = createStaffStore(client, tableName);
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

/** A few words each: سوريا in every message, المعتقلين in one in ten, a number in each. */
const messageOf = (i: number) =>
  `سوريا ${i % 10 === 0 ? 'المعتقلين' : 'المخيمات'} ${['حلب', 'إدلب', 'درعا', 'حمص'][i % 4]} ${i}`;

async function time(path: string) {
  const run = async () => {
    const response = await session.get(path);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  };
  for (let i = 0; i < 3; i++) await run();
  return round(median(await timeRepeatedly(REPEATS, run)), 1);
}

const q = (text: string) => `/en/staff/inbox?status=all&q=${encodeURIComponent(text)}`;
const rows: Record<string, number>[] = [];
let seeded = 0;
for (const size of sizes) {
  const started = performance.now();
  const records: SubmissionRecord[] = seedRecords(size - seeded, 'bench-secret', size).records.map((record, i) => ({
    ...record,
    message: messageOf(seeded + i),
  }));
  await seedSubmissions(client, tableName, records, { parallel: 8 });
  await seedSearchPostings(client, tableName, records);
  const seedSeconds = round((performance.now() - started) / 1000, 1);
  seeded = size;
  await new Promise((done) => setTimeout(done, 2000));
  const groupTimes = await timeRepeatedly(11, async () => {
    const [record] = seedRecords(1, 'bench-secret', size).records;
    await search.indexSubmission({ ...record!, message: `${messageOf(size)} رسالة جديدة للتجميع` });
  });
  rows.push({
    submissions: size,
    'seed s': seedSeconds,
    'one word, in every submission ms': await time(q('سوريا')),
    'one word, in a tenth ms': await time(q('معتقل')),
    'two words ms': await time(q('سوريا معتقلين')),
    'index + group one ms': round(median(groupTimes), 1),
  });
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
}
console.table(rows);
console.log('In-process app.request against in-memory dynalite; median of %d requests per figure.', REPEATS);
client.destroy();
await dynamo.stop();
