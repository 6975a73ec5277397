import { createStatusLookup, groupCode } from '#core';
import { createDocumentClient, createSubmissionStore } from '#store';
import { queuePage, seedSubmissions } from '#store/seed.ts';
import { type SeedSample, seedRecords } from './fixtures.ts';
import { formsIn, Session } from './http.ts';
import type { BenchService } from './service-client.ts';
import { nextPageLink, type StaffAccess, signInAsTriager } from './staff.ts';
import { median, round, timeRepeatedly } from './stats.ts';

/**
 * The staff queue and the status lookup as the table grows: seeded in steps to each size,
 * then the first page, a deep page (the same depth at every size, so the figures compare)
 * and a status lookup are timed. Through the real pages when the service has them; else
 * through the DynamoDB calls those pages stand on (the byStatus index Query, newest
 * first, 20 a page, a deep page by its LastEvaluatedKey; and the GetItem by reference).
 */
export const PAGE_SIZE = 20;
/** Page 10 holds items 181–200: deep enough to need nine cursors, there at 1k already. */
export const DEEP_PAGE = 10;

export interface QueueFigure {
  size: number;
  /** Seconds spent seeding up to this size (this step only). */
  seedSeconds: number;
  seedRate: number;
  queueSource: 'staff pages' | 'index query';
  firstPageMs: number;
  /** Which page the deep page is (the same at every size, so the figures compare). */
  deepPage: number;
  deepPageMs: number;
  statusSource: 'status page' | 'store lookup';
  statusLookupMs: number;
  /** The GetItem by reference beneath any status page, timed many times. */
  getItemMs: number;
}

export interface QueueRun {
  figures: QueueFigure[];
  queueNote: string;
  statusNote: string;
}

const REPEATS = 21;
/**
 * Status lookups timed per size, each of a different submission (the page limits tries per
 * reference). The per-client limit is raised for the bench (BENCH_ENV in service-client.ts):
 * 4 lookups, as that limit allowed before, let one slow request move the median.
 */
const STATUS_LOOKUPS = 15;
const SETTLE_MS = 2000;

type QueueProbe = { first(): Promise<unknown>; deep(): Promise<unknown>; depth: number };

async function indexProbe(service: BenchService, client: ReturnType<typeof createDocumentClient>): Promise<QueueProbe> {
  let cursor: Record<string, unknown> | undefined;
  for (let page = 1; page < DEEP_PAGE; page++) {
    cursor = (await queuePage(client, service.tableName, 'new', PAGE_SIZE, cursor)).cursor;
    if (!cursor) throw new Error(`the queue has fewer than ${DEEP_PAGE} pages`);
  }
  const deepCursor = cursor;
  return {
    first: () => queuePage(client, service.tableName, 'new', PAGE_SIZE),
    deep: () => queuePage(client, service.tableName, 'new', PAGE_SIZE, deepCursor),
    depth: DEEP_PAGE,
  };
}

/** The staff queue's first page and page `depth` (or the last page there is, if fewer). */
async function staffProbe(access: Extract<StaffAccess, { ok: true }>, depth: number): Promise<QueueProbe | string> {
  const { session, queuePath } = access;
  const fetchOk = async (path: string) => {
    const response = await session.get(path);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return response.text();
  };
  let path = queuePath;
  let page = 1;
  for (; page < depth; page++) {
    const next = nextPageLink(await fetchOk(path));
    if (!next) break;
    const url = new URL(next, new URL(path, session.base));
    path = url.pathname + url.search;
  }
  if (page < 2) return 'the staff queue showed no link to a second page';
  const deepPath = path;
  return { first: () => fetchOk(queuePath), deep: () => fetchOk(deepPath), depth: page };
}

/** POSTs the real status form, if the service has one; undefined otherwise. */
async function statusPageProbe(service: BenchService): Promise<((sample: SeedSample) => Promise<void>) | undefined> {
  const session = new Session(service.url);
  const response = await session.get('/en/status');
  if (response.status !== 200) return undefined;
  const form = formsIn(await response.text()).find((f) => f.method === 'post');
  const names = form?.inputs.map((input) => input.name) ?? [];
  if (!form || !names.includes('reference') || !names.includes('receipt')) return undefined;
  return async ({ reference, receipt }) => {
    const action = new URL(form.action || '/en/status', service.url).toString();
    let answer = await session.request(action, {
      form: { ...form.fields, reference: groupCode(reference), receipt: groupCode(receipt) },
    });
    // A found pair answers 303 to a one-time result page (issue 12): the person's path is both requests.
    const location = answer.status === 303 ? answer.headers.get('location') : null;
    if (location) answer = await session.request(new URL(location, action).toString());
    const body = await answer.text();
    if (answer.status !== 200 || !body.includes(groupCode(reference))) {
      throw new Error(`status lookup answered ${answer.status}${answer.status === 429 ? ' (rate limited)' : ''}`);
    }
  };
}

export async function measureQueue(
  service: BenchService,
  sizes: readonly number[],
  onProgress: (message: string) => void = () => {},
): Promise<QueueRun> {
  const client = createDocumentClient({ region: service.region, endpoint: service.dynamodbEndpoint });
  const store = createSubmissionStore(client, service.tableName);
  const lookup = createStatusLookup(store);
  const figures: QueueFigure[] = [];
  let seeded = 0;
  let access: StaffAccess | undefined;
  // Fixed by the smallest size (the staff pages may show more than 20 a page), then kept.
  let staffDepth = DEEP_PAGE;
  let queueNote = '';
  let statusNote = '';
  const samples: SeedSample[] = [];
  try {
    for (const size of sizes) {
      const step = size - seeded;
      onProgress(`seeding ${seeded.toLocaleString('en')} → ${size.toLocaleString('en')}`);
      const started = performance.now();
      const batch = seedRecords(step, service.receiptSecret, size, { samples: STATUS_LOOKUPS });
      await seedSubmissions(client, service.tableName, batch.records, { parallel: 8 });
      const seedSeconds = (performance.now() - started) / 1000;
      seeded = size;
      samples.push(...batch.samples);

      onProgress(`timing the queue at ${size.toLocaleString('en')}`);
      access ??= await signInAsTriager(service.url).catch(
        (error: Error) => ({ ok: false, reason: error.message }) as const,
      );
      let probe: QueueProbe | undefined;
      if (access.ok) {
        const staff = await staffProbe(access, staffDepth).catch((error: Error) => error.message);
        if (typeof staff === 'string') queueNote = `staff pages present but not usable here: ${staff}`;
        else {
          probe = staff;
          staffDepth = staff.depth;
        }
      } else queueNote = access.reason;
      const queueSource = probe ? 'staff pages' : 'index query';
      probe ??= await indexProbe(service, client);
      // A bulk write leaves LevelDB compacting for a while: let it settle, then time the two
      // pages in turn, so any drift that is left touches both alike.
      await new Promise((done) => setTimeout(done, SETTLE_MS));
      for (let i = 0; i < 3; i++) await Promise.all([probe.first(), probe.deep()]);
      const first: number[] = [];
      const deep: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        first.push(...(await timeRepeatedly(1, probe.first)));
        deep.push(...(await timeRepeatedly(1, probe.deep)));
      }
      const firstPageMs = median(first);
      const deepPageMs = median(deep);

      // Only this size's samples: the page limits tries per reference, so none is reused.
      const statusPage = await statusPageProbe(service);
      let statusLookupMs: number;
      if (statusPage) {
        const own = batch.samples.slice(0, STATUS_LOOKUPS);
        statusLookupMs = median(await timeRepeatedly(own.length, async () => statusPage(own.shift()!)));
        statusNote = `POST /en/status with reference and receipt, then the one-time result page (${STATUS_LOOKUPS} lookups per size, each of its own submission)`;
      } else {
        statusNote = 'no status page yet: the store lookup it stands on (GetItem by reference, receipt compared)';
        let i = 0;
        statusLookupMs = median(
          await timeRepeatedly(REPEATS, async () => {
            const sample = samples[i++ % samples.length]!;
            if (!(await lookup.find(sample.reference, sample.receipt))) throw new Error('seeded sample not found');
          }),
        );
      }
      let j = 0;
      const getItemMs = median(
        await timeRepeatedly(REPEATS * 2, () => store.get(samples[j++ % samples.length]!.reference)),
      );

      figures.push({
        size,
        seedSeconds: round(seedSeconds, 1),
        seedRate: Math.round(step / seedSeconds),
        queueSource,
        firstPageMs: round(firstPageMs, 2),
        deepPage: probe.depth,
        deepPageMs: round(deepPageMs, 2),
        statusSource: statusPage ? 'status page' : 'store lookup',
        statusLookupMs: round(statusLookupMs, 2),
        getItemMs: round(getItemMs, 2),
      });
    }
  } finally {
    client.destroy();
  }
  return {
    figures,
    queueNote: queueNote || 'GET the staff queue and its next links, signed in as a triager',
    statusNote,
  };
}
