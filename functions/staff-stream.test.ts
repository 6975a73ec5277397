/**
 * The staff function as Lambda runs it (issue 12, findings 15 and 16): the staff app alone
 * behind the origin gate, invoked with a function URL event through the adapter, and the
 * largest export the cap allows (5,000 rows of 5,000-character messages, ~50 MB of CSV):
 * - the response is streamed (Lambda refuses a buffered response over 6 MB), arrives whole,
 *   parses as CSV with every row and every character, and memory stays flat while it flows;
 * - staff pages are compressed (the public app's compress() is not in front of them in AWS).
 *
 * `awslambda` (the Lambda runtime's global) is stood in for here as the runtime behaves:
 * streamifyResponse marks the handler and hands it (event, stream, context);
 * HttpResponseStream.from records the status and headers before the body.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubmissionRecord, translator } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import type { OutgoingEmail } from '#mail';
import { testTable } from '../tests/support/dynamo.ts';
import { type CookieClient, cookieClient, fieldOf, signInPath, submissionRecord } from '../tests/support/staff.ts';
import { staffTestDeps } from '../tests/support/staff-app.ts';
import { createStaffApp } from '../web/staff/app.tsx';
import { EXPORT_MAX_ROWS } from '../web/staff/export.ts';
import { handle, type ResponseStreamMetadata, type StreamingHandler, streamHandle } from './lambda-http.ts';
import { fromCloudFront, fromCloudFrontStreaming, ORIGIN_HEADER } from './origin.ts';

const TOKEN = 'o'.repeat(48);
const TRIAGER = 'triage@ose.example';
const MESSAGE_CHARS = 5000;
const MESSAGE_HEADER = translator('en')('staff.submission.message');
/** Lambda's limit on a buffered (not streamed) response payload. */
const BUFFERED_LIMIT = 6 * 1024 * 1024;

/** Lambda's `awslambda` global, as far as response streaming needs it. */
const STREAMING = Symbol('streaming');
const meta = new WeakMap<Writable, ResponseStreamMetadata>();
globalThis.awslambda = {
  streamifyResponse: (handler) => Object.assign(handler, { [STREAMING]: true }),
  HttpResponseStream: {
    from: (stream, metadata) => {
      meta.set(stream, metadata);
      return stream;
    },
  },
};

/** A message of exactly MESSAGE_CHARS characters, Arabic with commas, quotes and newlines (CSV's hard cases). */
function messageFor(index: number): string {
  const head = `#${index} "مرحبا", أهلاً\n`;
  const unit = 'نريد مدارس آمنة لأطفالنا، ومياهاً نظيفة. ';
  return (head + unit.repeat(Math.ceil(MESSAGE_CHARS / unit.length))).slice(0, MESSAGE_CHARS);
}

/** The export's rows, made one at a time as the store would page them (never all at once). */
async function* rows(fields: string | undefined): AsyncGenerator<SubmissionRecord> {
  for (let index = 0; index < EXPORT_MAX_ROWS; index += 1) {
    const record = submissionRecord({
      status: 'new',
      createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
    });
    yield fields === 'count' ? { ...record, message: '' } : { ...record, message: messageFor(index) };
  }
}

/** RFC 4180 read incrementally: rows are checked and dropped as they complete. */
function csvReader(onRow: (cells: string[]) => void) {
  let field = '';
  let cells: string[] = [];
  let quoted = false;
  let quoteSeen = false;
  const endField = () => {
    cells.push(field);
    field = '';
  };
  return {
    push(text: string) {
      for (const ch of text) {
        if (quoted) {
          if (quoteSeen) {
            quoteSeen = false;
            if (ch === '"') {
              field += '"';
              continue;
            }
            quoted = false;
          } else if (ch === '"') {
            quoteSeen = true;
            continue;
          } else {
            field += ch;
            continue;
          }
        }
        if (ch === '"' && field === '') quoted = true;
        else if (ch === ',') endField();
        else if (ch === '\r') continue;
        else if (ch === '\n') {
          endField();
          onRow(cells);
          cells = [];
        } else field += ch;
      }
    },
    pending: () => field !== '' || cells.length > 0 || quoted,
  };
}

function functionUrlEvent(path: string, headers: Record<string, string>) {
  const [rawPath = '/', rawQueryString = ''] = path.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'abc.lambda-url.eu-central-1.on.aws', ...headers },
    requestContext: {
      domainName: 'abc.lambda-url.eu-central-1.on.aws',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

interface Invocation {
  streamed: boolean;
  status: number;
  headers: Record<string, string>;
  bytes: number;
  /** Largest growth of heap + array buffers over the baseline while the body flowed. */
  peakGrowth: number;
}

/** Calls a Lambda HTTP handler as the runtime would, streaming or buffered; the body goes to `onText`. */
async function invoke(handler: unknown, event: unknown, onText: (text: string) => void): Promise<Invocation> {
  const baseline = memory();
  let peak = baseline;
  // ignoreBOM: keep the byte-order mark in the text, so the test can see it was sent.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let bytes = 0;
  if ((handler as Record<symbol, unknown>)[STREAMING]) {
    const sink = new Writable({
      // Lambda's stream takes its time: the adapter must wait for it, not pile bytes up.
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        onText(decoder.decode(chunk, { stream: true }));
        peak = Math.max(peak, memory());
        setImmediate(done);
      },
    });
    const finished = new Promise((resolve, reject) => sink.on('finish', resolve).on('error', reject));
    await (handler as StreamingHandler)(event, sink, {});
    await finished;
    onText(decoder.decode());
    const { statusCode, headers = {} } = meta.get(sink) ?? { statusCode: 0 };
    return { streamed: true, status: statusCode, headers, bytes, peakGrowth: peak - baseline };
  }
  const result = (await (handler as (e: unknown) => Promise<Record<string, unknown>>)(event)) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
    isBase64Encoded: boolean;
  };
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body);
  onText(decoder.decode(body));
  peak = Math.max(peak, memory());
  return {
    streamed: false,
    status: result.statusCode,
    headers: result.headers,
    bytes: JSON.stringify(result).length,
    peakGrowth: peak - baseline,
  };
}

const memory = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

let table: Awaited<ReturnType<typeof testTable>>;
let app: ReturnType<typeof createStaffApp>;
let triager: CookieClient;
const mails: OutgoingEmail[] = [];

beforeAll(async () => {
  table = await testTable();
  const { deps, staff } = staffTestDeps(table, {
    mails,
    secret: 'test-staff-secret',
    contacts: createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(3) })),
  });
  await staff.seed(TRIAGER, 'triager');
  app = createStaffApp({
    ...deps,
    // The real store for everything but the export's rows, which are made on the fly: 50 MB
    // of test data never sits in this process at once (dynalite would hold it in memory).
    queue: { ...deps.queue, eachInQueue: (request) => rows(request.fields) },
    pageSize: 20,
  });
  triager = cookieClient(app);
  const page = await triager.get('/en/staff');
  await triager.post('/en/staff/sign-in', { pre: fieldOf(page.text, 'pre'), email: TRIAGER });
  const confirm = await triager.get(signInPath(mails, TRIAGER));
  const done = await triager.post('/en/staff/sign-in/confirm', {
    pre: fieldOf(confirm.text, 'pre'),
    token: fieldOf(confirm.text, 'token'),
  });
  expect(done.status).toBe(303);
}, 60_000);
afterAll(() => table.stop());

// Signed in over local http (plain names); the function URL is https, where only the
// `__Host-` names are read (web/cookies.ts), so the browser's cookies carry the prefix there.
const cookie = () => [...triager.jar].map(([name, value]) => `__Host-${name}=${value}`).join('; ');

describe('the staff function (Lambda, through the origin gate)', () => {
  it('streams an export of 5,000 rows of 5,000 characters whole, as valid CSV, with flat memory', async () => {
    const handler = fromCloudFrontStreaming(streamHandle(app), [TOKEN]);
    let rowCount = 0;
    const problems: string[] = [];
    let header: string[] = [];
    const reader = csvReader((cells) => {
      if (rowCount === 0) header = cells;
      else {
        const message = cells[header.indexOf(MESSAGE_HEADER)] ?? '';
        const expected = messageFor(rowCount - 1);
        if (message !== expected && problems.length < 3) problems.push(`row ${rowCount}: ${message.slice(0, 40)}`);
        if (cells.length !== header.length && problems.length < 3)
          problems.push(`row ${rowCount}: ${cells.length} cells`);
      }
      rowCount += 1;
    });
    let first = true;
    const result = await invoke(
      handler,
      functionUrlEvent('/en/staff/export.csv?status=all', { cookie: cookie(), [ORIGIN_HEADER]: TOKEN }),
      (text) => {
        // The byte-order mark first, so Excel reads the Arabic.
        if (first && text) {
          expect(text.charCodeAt(0)).toBe(0xfeff);
          text = text.slice(1);
          first = false;
        }
        reader.push(text);
      },
    );
    expect(result.status).toBe(200);
    expect(result.streamed).toBe(true);
    expect(result.headers['content-type']).toMatch(/^text\/csv/);
    expect(result.headers['mashura-export-truncated']).toBeUndefined();
    expect(reader.pending()).toBe(false);
    expect(header).toContain(MESSAGE_HEADER);
    expect(problems).toEqual([]);
    expect(rowCount).toBe(EXPORT_MAX_ROWS + 1);
    // Far past what Lambda would return buffered…
    expect(result.bytes).toBeGreaterThan(6 * BUFFERED_LIMIT);
    // …and never held whole: holding it would grow memory by the file at least (twice, as the
    // records and then the text); streamed, growth is garbage between collections (~12 MB here).
    console.info(
      `export: ${(result.bytes / 1e6).toFixed(1)} MB streamed, peak growth ${(result.peakGrowth / 1e6).toFixed(1)} MB`,
    );
    expect(result.peakGrowth).toBeLessThan(result.bytes / 2);
  }, 120_000);

  it('fits Lambda: a buffered handler could not return this export (the reason for streaming)', async () => {
    // The staff function before issue 12: the same app through the buffered adapter.
    const buffered = fromCloudFront(handle(app), [TOKEN]);
    const result = await invoke(
      buffered,
      functionUrlEvent('/en/staff/export.csv?status=all', { cookie: cookie(), [ORIGIN_HEADER]: TOKEN }),
      () => {},
    );
    expect(result.streamed).toBe(false);
    expect(result.bytes).toBeGreaterThan(BUFFERED_LIMIT);
  }, 120_000);

  it('refuses a request without the origin token on the stream itself', async () => {
    const handler = fromCloudFrontStreaming(streamHandle(app), [TOKEN]);
    let body = '';
    const result = await invoke(handler, functionUrlEvent('/en/staff', {}), (text) => (body += text));
    expect(result.status).toBe(403);
    expect(body).toBe('Forbidden');
  });

  it('accepts the previous origin token during a rotation, and no other', async () => {
    const handler = fromCloudFrontStreaming(streamHandle(app), [TOKEN, 'p'.repeat(48)]);
    const status = async (token: string) =>
      (await invoke(handler, functionUrlEvent('/en/staff', { [ORIGIN_HEADER]: token }), () => {})).status;
    expect(await status(TOKEN)).toBe(200);
    expect(await status('p'.repeat(48))).toBe(200);
    expect(await status('q'.repeat(48))).toBe(403);
  });

  it('compresses staff pages when the browser accepts gzip', async () => {
    const handler = fromCloudFrontStreaming(streamHandle(app), [TOKEN]);
    const result = await invoke(
      handler,
      functionUrlEvent('/en/staff/inbox', { cookie: cookie(), [ORIGIN_HEADER]: TOKEN, 'accept-encoding': 'gzip, br' }),
      () => {},
    );
    expect(result.status).toBe(200);
    expect(result.headers['content-encoding']).toBe('gzip');
    expect(result.headers.vary ?? '').toMatch(/accept-encoding/i);
    const plain = await invoke(
      handler,
      functionUrlEvent('/en/staff/inbox', { cookie: cookie(), [ORIGIN_HEADER]: TOKEN }),
      () => {},
    );
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(result.bytes).toBeLessThan(plain.bytes / 2);
  });
});
