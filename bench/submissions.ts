import { PutCommand } from '@aws-sdk/lib-dynamodb';
import autocannon, { type Result } from 'autocannon';
import { createIntake, type SubmissionRecord, validateSubmission } from '#core';
import { createDocumentClient } from '#store';
import { submissionItems } from '#store/seed.ts';
import { formBody, newToken } from './fixtures.ts';
import { fetchForms, hiddenFields, postFor, postWithPow } from './forms.ts';
import type { BenchService } from './service-client.ts';
import { percentile, round } from './stats.ts';

/**
 * The submission path under load, beside the one DynamoDB write it cannot avoid.
 *
 * Each POST carries a distinct, freshly served form (token and signed stamp), so every
 * request is a real new submission through every check: validation, the abuse defences
 * (stamp, honeypot, rate-limit counters), the conditional put, the redirect. The raw rate
 * is the same item, put with the same SDK and the same condition, against the same
 * embedded DynamoDB, from a process on the same Node as the web app (put-worker.ts).
 */
export interface LoadResult {
  target: 'web' | 'local';
  mode: 'post' | 'get+post';
  /**
   * How the body is encoded: urlencoded with no proof of work, as a browser without
   * JavaScript sends the form; or multipart with the proof of work, as the sender script does.
   */
  encoding?: 'multipart';
  connections: number;
  requests: number;
  seconds: number;
  /** Submissions per second (for get+post: pairs per second). */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  statusCodes: Record<string, number>;
  /** The whole local service only: seconds its in-process workflows took to finish after the load. */
  drainSeconds?: number;
  /**
   * Measured in alternating rounds beside raw puts (`overheadRounds`): each round's raw put ÷
   * this, in the order run, and their median — the figure the budget reads. This load's own
   * numbers are the median round's.
   */
  rounds?: { ratios: number[]; median: number; putRps: number };
}

export interface PutResult {
  connections: number;
  puts: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  itemBytes: number;
}

const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };
const BOUNDARY = '----MashuraBench7MA4YWxkTrZu0gW';
const MULTIPART_HEADERS = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

/** The same fields as `multipart/form-data`, as a browser sends the form (it has a file input). */
export function multipartOf(urlencoded: string): string {
  const parts = [...new URLSearchParams(urlencoded)].map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  // The file input with nothing chosen, as Chromium sends it.
  parts.push(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="voice"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n`,
  );
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

function statusCodes(result: Result): Record<string, number> {
  return Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
}

function expectOnly(result: Result, expected: string[], label: string) {
  const codes = statusCodes(result);
  const unexpected = Object.keys(codes).filter((code) => !expected.includes(code));
  if (unexpected.length > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${label}: unexpected answers ${JSON.stringify(codes)}, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
}

/** POSTs of forms served beforehand (the GET is outside the timing). */
export async function postLoad(
  service: BenchService,
  target: LoadResult['target'],
  connections: number,
  amount: number,
  encoding: 'urlencoded' | 'multipart' = 'urlencoded',
): Promise<LoadResult> {
  const base = target === 'web' ? service.webUrl : service.url;
  const forms = await fetchForms(`${base}/en`, amount + 20);
  // As browsers send the form: without JavaScript urlencoded, with no proof of work (the
  // stricter limit counts it too); with JavaScript, the sender's multipart post carrying
  // the proof of work its script solved. Solved here, before the timing starts.
  const bodies: string[] = [];
  for (const form of forms)
    bodies.push(encoding === 'multipart' ? multipartOf(await postWithPow(base, form)) : postFor(form));
  let next = 0;
  const run = (count: number) =>
    autocannon({
      url: base,
      connections,
      amount: count,
      // autocannon ends a run, and so its duration, on its next sample tick (every second by
      // default): 300 posts in 3.05 s were timed as 4 s. Ticks every 10 ms time the run closely.
      sampleInt: 10,
      requests: [
        {
          method: 'POST',
          path: '/en',
          headers: encoding === 'multipart' ? MULTIPART_HEADERS : FORM_HEADERS,
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        },
      ],
    });
  await run(20); // warm-up: JIT, connections, the counter item
  if (target === 'local') await service.idle();
  const result = await run(amount);
  expectOnly(result, ['303'], `POST ${target} ${encoding} c=${connections}`);
  const drainStart = performance.now();
  if (target === 'local') await service.idle();
  const drainSeconds = target === 'local' ? round((performance.now() - drainStart) / 1000, 1) : undefined;
  return {
    drainSeconds,
    target,
    mode: 'post',
    ...(encoding === 'multipart' ? { encoding } : {}),
    connections,
    requests: result.requests.total,
    seconds: round(result.duration, 2),
    rps: round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statusCodes: statusCodes(result),
  };
}

/** GET the form, then POST it, per submission: what one person's visit costs the server. */
export async function getPostLoad(
  service: BenchService,
  target: LoadResult['target'],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const base = target === 'web' ? service.webUrl : service.url;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        path: '/en',
        onResponse: (_status, body, context) => {
          context.body = postFor(hiddenFields(body));
        },
      },
      {
        method: 'POST',
        path: '/en',
        headers: FORM_HEADERS,
        setupRequest: (request, context) => ({ ...request, body: context.body as string }),
      },
    ],
  });
  expectOnly(result, ['200', '303'], `GET+POST ${target} c=${connections}`);
  if (target === 'local') await service.idle();
  const posts = statusCodes(result)['303'] ?? 0;
  return {
    target,
    mode: 'get+post',
    connections,
    requests: posts,
    seconds: round(result.duration, 2),
    rps: round(posts / result.duration),
    // Per request (GETs and POSTs alike): autocannon times requests, not pairs.
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statusCodes: statusCodes(result),
  };
}

/** Items exactly as a POST of `formBody` would store them. */
async function submissionItemsLike(count: number, receiptSecret: string) {
  const records: SubmissionRecord[] = [];
  const intake = createIntake({
    repository: {
      create: async (record) => {
        records.push(record);
        return 'created';
      },
      get: async () => undefined,
    },
    sealer: { seal: async () => '' },
    receiptSecret,
  });
  for (let i = 0; i < count; i++) {
    const values: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(formBody(newToken()))) {
      const existing = values[name];
      values[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    const validation = validateSubmission(values);
    if (!validation.ok) throw new Error(`the benchmark's form body is invalid: ${JSON.stringify(validation.errors)}`);
    await intake.submit(validation.value, 'en');
  }
  return submissionItems(records);
}

/**
 * The overhead at one connection, in `rounds` alternating rounds: raw puts, then posts, a few
 * seconds apart, each round giving its own ratio. One pair alone moved between 1.6× and 2.3×
 * from run to run on this two-core machine (the load generator, the web process and the store
 * share it), so the figure is the median round's, and every round's ratio is reported.
 */
export async function overheadRounds(
  service: BenchService,
  rounds: number,
  puts: number,
  posts: number,
  encoding: 'urlencoded' | 'multipart' = 'urlencoded',
): Promise<{ put: PutResult; load: LoadResult }> {
  const measured: { put: PutResult; load: LoadResult; ratio: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const put = await rawPutLoad(service, 1, puts);
    const load = await postLoad(service, 'web', 1, posts, encoding);
    measured.push({ put, load, ratio: round2(put.rps / load.rps) });
  }
  const median = medianRound(measured);
  return {
    put: median.put,
    load: {
      ...median.load,
      rounds: { ratios: measured.map((r) => r.ratio), median: median.ratio, putRps: median.put.rps },
    },
  };
}

/** The round whose ratio is the median (the lower middle one for an even count: a measured pair, never an average). */
export function medianRound<T extends { ratio: number }>(rounds: T[]): T {
  if (rounds.length === 0) throw new Error('no rounds measured');
  return [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor((rounds.length - 1) / 2)]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** What the put worker needs to make raw puts: where the table is, and the receipt secret items are made with. */
export interface PutRequest {
  target: Pick<BenchService, 'region' | 'dynamodbEndpoint' | 'tableName' | 'receiptSecret'>;
  connections: number;
  amount: number;
}

/**
 * Raw conditional PutItem calls, `connections` in flight, `amount` in all, made by the put
 * worker (put-worker.ts) on the web app's Node: `service.rawPuts` asks it.
 */
export const rawPutLoad = (service: BenchService, connections: number, amount: number): Promise<PutResult> =>
  service.rawPuts({ connections, amount });

export async function measureRawPuts({ target, connections, amount }: PutRequest): Promise<PutResult> {
  const client = createDocumentClient({ region: target.region, endpoint: target.dynamodbEndpoint });
  try {
    const items = await submissionItemsLike(amount + 20, target.receiptSecret);
    const put = (Item: Record<string, unknown>) =>
      client.send(
        new PutCommand({ TableName: target.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    for (const item of items.slice(amount)) await put(item); // warm-up
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < amount) {
          const item = items[next++]!;
          const start = performance.now();
          await put(item);
          latencies.push(performance.now() - start);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      connections,
      puts: amount,
      seconds: round(seconds, 2),
      rps: round(amount / seconds),
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
      itemBytes: Buffer.byteLength(JSON.stringify(items[0])),
    };
  } finally {
    client.destroy();
  }
}
