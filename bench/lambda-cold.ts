import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ensureTable, startDynalite } from '../dev/dynamo.ts';
import { hiddenFields, postFor } from './forms.ts';
import type { Bundle } from './lambda.ts';
import { median, round } from './stats.ts';

/**
 * Cold requests: a fresh Node process (the Lambda's major) imports the bundle and hands its
 * `handler` one Function URL event (payload 2.0, as Lambda builds it; the CloudFront origin
 * token and client header as the distribution adds them), then reports when the response
 * came back. Lambda buffers the handler's answer, so that moment is the first response byte.
 *
 * The POST is the form as a browser sends it (a form a previous process served, so its token
 * and signed stamp verify), against a local dynalite table (DYNAMODB_ENDPOINT) and a stand-in
 * Step Functions endpoint (AWS_ENDPOINT_URL_SFN) that accepts StartExecution. A module-load
 * hook lists the bundle's files the process loaded, so the report can say which chunks (and
 * which AWS SDK clients) each request needed.
 */
const execFileAsync = promisify(execFile);

export interface ColdRequest {
  request: string;
  status: number;
  /** Median, ms since the process started (performance.timeOrigin) until the handler answered. */
  firstByteMs: number;
  /** Median CPU (user + system) of the process up to that moment. */
  cpuMs: number;
  /** Median of the import alone and of the request alone, inside that. */
  importMs: number;
  requestMs: number;
  /** Median wall time as the parent saw it: spawn → exit. */
  processMs: number;
  runs: number[];
  /** Files of the bundle loaded by then (the entry, its chunks, lazy chunks used). */
  loadedFiles: number;
  loadedGzipBytes?: number;
  /** AWS SDK clients whose code was loaded (`client-dynamodb`, `client-sfn`, …). */
  sdkClients: string[];
}

const PROBE = `
import { registerHooks } from 'node:module';
import { Writable } from 'node:stream';
const loaded = [];
registerHooks({ load(url, context, next) { if (url.startsWith('file:')) loaded.push(url); return next(url, context); } });
// The Lambda runtime's \`awslambda\` global, as far as response streaming needs it (the staff
// function streams, functions/origin.ts): a streaming handler gets (event, stream, context),
// its first byte is its first write.
const STREAMING = Symbol('streaming');
globalThis.awslambda = {
  streamifyResponse: (handler) => Object.assign(handler, { [STREAMING]: true }),
  HttpResponseStream: { from: (stream, prelude) => Object.assign(stream, { prelude }) },
};
const start = performance.now();
const { handler } = await import(process.argv[1]);
const imported = performance.now();
const event = JSON.parse(process.argv[2]);
const context = { awsRequestId: 'bench', functionName: 'bench' };
let result;
let firstWrite;
if (handler[STREAMING]) {
  const chunks = [];
  const stream = new Writable({ write(chunk, _encoding, done) { firstWrite ??= performance.now(); chunks.push(Buffer.from(chunk)); done(); } });
  const finished = new Promise((done) => stream.on('finish', done));
  await handler(event, stream, context);
  await finished;
  result = { statusCode: stream.prelude?.statusCode ?? 200, headers: stream.prelude?.headers ?? {},
    body: Buffer.concat(chunks).toString('base64'), isBase64Encoded: true };
} else result = await handler(event, context);
const answered = firstWrite ?? performance.now();
const cpu = process.cpuUsage();
process.stdout.write('\\n@@bench@@' + JSON.stringify({ firstByte: answered, import: imported - start, request: answered - imported,
  cpu: (cpu.user + cpu.system) / 1000, loaded, result }));
process.exit(0);
`;

const ORIGIN_TOKEN = 'bench-origin-token-0123456789abcdefghijklmnopqrstuv';
const DOMAIN = 'bench0000000000000000000000000000.lambda-url.eu-central-1.on.aws';

/**
 * A Lambda function URL event (payload format 2.0) as CloudFront forwards it to the function,
 * from the viewer at `client` (what the CloudFront function writes into x-mashura-client).
 */
export function functionUrlEvent(
  method: 'GET' | 'POST',
  path: string,
  { body, cookies = [], client = '203.0.113.9' }: { body?: string; cookies?: string[]; client?: string } = {},
) {
  const headers: Record<string, string> = {
    host: DOMAIN,
    accept: 'text/html,application/xhtml+xml',
    'accept-encoding': 'gzip',
    'accept-language': 'ar',
    'user-agent': 'Mozilla/5.0 (Linux; Android 8.1.0) mashura-bench',
    'x-forwarded-proto': 'https',
    'x-forwarded-port': '443',
    'x-forwarded-for': '130.176.0.1',
    'x-mashura-origin': ORIGIN_TOKEN,
    'x-mashura-client': client,
    'x-mashura-host': 'mashura.example',
    ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'bench0000000000000000000000000000',
      domainName: DOMAIN,
      domainPrefix: 'bench0000000000000000000000000000',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: headers['user-agent'] },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body ? { body: Buffer.from(body).toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

interface ProbeOutput {
  firstByte: number;
  import: number;
  request: number;
  cpu: number;
  loaded: string[];
  result: { statusCode: number; body?: string; isBase64Encoded?: boolean; headers?: Record<string, string> };
}

async function probe(node: string, entry: string, event: unknown, env: Record<string, string>) {
  const started = performance.now();
  const { stdout } = await execFileAsync(node, ['--input-type=module', '-e', PROBE, entry, JSON.stringify(event)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: dirname(entry),
    timeout: 30_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  // The app logs to stdout too: the figures follow the last marker.
  const figures = stdout.slice(stdout.lastIndexOf('@@bench@@') + '@@bench@@'.length);
  return { ...(JSON.parse(figures) as ProbeOutput), processMs: performance.now() - started };
}

function bodyText(result: ProbeOutput['result']): string {
  const raw = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  const encoding = Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-encoding');
  return (encoding?.[1] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

/** The SDK clients among a set of the bundle's output files. */
function sdkClientsIn(built: Bundle, files: string[]): string[] {
  const clients = new Set<string>();
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  for (const [output, { inputs }] of Object.entries(built.metafile.outputs)) {
    if (!files.includes(resolve(root, output))) continue;
    for (const input of Object.keys(inputs)) {
      const client = /node_modules\/@aws-sdk\/(client-[\w-]+)\//.exec(input)?.[1];
      if (client) clients.add(client);
    }
  }
  return [...clients].sort();
}

/** A stand-in Step Functions endpoint: every StartExecution succeeds. */
async function startSfnStandIn(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          executionArn: `arn:aws:states:eu-central-1:111122223333:execution:bench:${randomUUID()}`,
          startDate: Date.now() / 1000,
        }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const REQUESTS: Record<string, { method: 'GET' | 'POST'; path: string }[]> = {
  'functions/http.handler': [
    { method: 'GET', path: '/' },
    { method: 'POST', path: '/' },
  ],
  'functions/staff.handler': [{ method: 'GET', path: '/staff' }],
};

export async function measureColdRequests(
  node: string,
  built: Bundle,
  handler: string,
  runs: number,
  lambdaEnv: Record<string, string>,
  onProgress: (what: string) => void = () => {},
): Promise<ColdRequest[]> {
  const requests = REQUESTS[handler] ?? [];
  if (requests.length === 0) return [];
  const dynamo = await startDynalite();
  const sfn = await startSfnStandIn();
  const tableName = lambdaEnv.MASHURA_TABLE ?? 'mashura-bench';
  await ensureTable(dynamo.endpoint, lambdaEnv.AWS_REGION ?? 'eu-central-1', tableName);
  const env = {
    ...lambdaEnv,
    MASHURA_ORIGIN_TOKEN: ORIGIN_TOKEN,
    MASHURA_MIN_FILL_SECONDS: '0',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_ENDPOINT_URL_SFN: sfn.url,
  };
  const gzipOf = (files: string[]) =>
    files.reduce((total, file) => total + gzipSync(readFileSync(file), { level: 9 }).length, 0);
  const figures: ColdRequest[] = [];
  try {
    for (const { method, path } of requests) {
      const label = `${method} ${path}`;
      const outputs = [];
      for (let i = 0; i < runs; i++) {
        onProgress(`cold ${label} ${i + 1}/${runs}`);
        let body: string | undefined;
        // Each cold request is another person's (TEST-NET-3 addresses): one client's eleventh
        // post in an hour would meet the submission limit, as it would in AWS.
        const client = `203.0.113.${10 + i}`;
        if (method === 'POST') {
          // The form a browser got earlier (from another process: the secrets are the same).
          const served = await probe(node, built.entry, functionUrlEvent('GET', path, { client }), env);
          body = postFor(hiddenFields(bodyText(served.result)));
        }
        const output = await probe(node, built.entry, functionUrlEvent(method, path, { body, client }), env);
        const expected = method === 'POST' ? 303 : 200;
        if (output.result.statusCode !== expected) {
          throw new Error(
            `cold ${label} answered ${output.result.statusCode}, not ${expected}: ${bodyText(output.result).slice(0, 300)}`,
          );
        }
        outputs.push(output);
      }
      const last = outputs.at(-1)!;
      const files = last.loaded
        .map((url) => fileURLToPath(url))
        .filter((file) => !relative(dirname(built.entry), file).startsWith('..'));
      figures.push({
        request: label,
        status: last.result.statusCode,
        firstByteMs: round(median(outputs.map((x) => x.firstByte))),
        cpuMs: round(median(outputs.map((x) => x.cpu))),
        importMs: round(median(outputs.map((x) => x.import))),
        requestMs: round(median(outputs.map((x) => x.request))),
        processMs: round(median(outputs.map((x) => x.processMs))),
        runs: outputs.map((x) => round(x.firstByte)),
        loadedFiles: files.length,
        loadedGzipBytes: gzipOf(files),
        sdkClients: sdkClientsIn(built, files),
      });
    }
  } finally {
    await new Promise<void>((done) => sfn.server.close(() => done()));
    await dynamo.stop();
  }
  return figures;
}
