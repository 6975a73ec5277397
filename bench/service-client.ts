import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lambdaNode } from './lambda-node.ts';
import type { ServiceInfo, ServiceRequest } from './service.ts';
import type { PutRequest, PutResult } from './submissions.ts';

/**
 * Settings for the service under test, through the variables packages/core/config.ts
 * reads. The load comes from one address, so the per-client limits would stop it after a
 * few posts; and a benchmark post is sent the moment its form is served.
 */
export const BENCH_ENV = {
  MASHURA_MIN_FILL_SECONDS: '0',
  MASHURA_RATE_SUBMIT_PER_HOUR: '1000000000',
  MASHURA_RATE_SUBMIT_NO_POW_PER_HOUR: '1000000000',
  // The queue section times 15 status lookups per size from one client (bench/queue.ts).
  MASHURA_RATE_STATUS_PER_HOUR: '1000000000',
  // Easy challenges, so the bench solves a proof of work per post in a moment; checking a
  // solution costs the server the same at any difficulty (one key derivation).
  MASHURA_POW_MAX_COUNTER: '100',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface BenchService extends ServiceInfo {
  /** The web app alone (bench/web-server.ts), in its own process, on the same DynamoDB. */
  webUrl: string;
  /**
   * The Node the web app and the raw puts run on: the Lambda's (lambda-node.ts;
   * `BENCH_LAMBDA_NODE=self` for the bench's own), as the functions' init is measured.
   */
  appNode: string;
  /** Raw PutItem calls from the put worker (put-worker.ts), on `appNode`. */
  rawPuts(request: Omit<PutRequest, 'target'>): Promise<PutResult>;
  /** Resolves once every intake workflow started so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function start(file: string, env: Record<string, string>, execPath = process.execPath): ChildProcess {
  return fork(new URL(file, import.meta.url), [], {
    execPath,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...BENCH_ENV, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function firstMessage<T>(child: ChildProcess, name: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`${name} exited (${code}) before it was ready`));
    child.once('error', reject);
    child.once('exit', exited);
    child.once('message', (message: T) => {
      child.off('exit', exited);
      resolve(message);
    });
  });
}

const exitOf = (child: ChildProcess) =>
  child.exitCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done()));

/** Starts bench/service.ts, bench/web-server.ts and bench/put-worker.ts, each in a child process, on a fresh data directory. */
export async function startBenchService(): Promise<BenchService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mashura-bench-'));
  const service = start('./service.ts', { BENCH_DATA_DIR: dataDir });
  const { info } = await firstMessage<{ info: ServiceInfo }>(service, 'bench service');
  // What one Lambda invocation does runs on the Lambda's Node: the web app, and the raw puts
  // its posts are compared with. (On Node 20 the web app pays for hono/jsx's render context:
  // AsyncLocalStorage there hooks every promise; docs/performance.md.)
  const node = lambdaNode((line) => console.error(line));
  const web = start(
    './web-server.ts',
    { BENCH_DATA_DIR: dataDir, DYNAMODB_ENDPOINT: info.dynamodbEndpoint, SES_ENDPOINT: info.sesEndpoint },
    node.path,
  );
  const { url: webUrl } = await firstMessage<{ url: string }>(web, 'bench web server');
  const putWorker = start('./put-worker.ts', {}, node.path);
  await firstMessage(putWorker, 'bench put worker');

  let nextId = 0;
  const request = (type: ServiceRequest['type']) =>
    new Promise<void>((resolve) => {
      const id = ++nextId;
      const onMessage = (message: { type: string; id?: number }) => {
        if (message.type !== 'done' || message.id !== id) return;
        service.off('message', onMessage);
        resolve();
      };
      service.on('message', onMessage);
      service.send({ id, type } satisfies ServiceRequest);
    });

  const target = {
    region: info.region,
    dynamodbEndpoint: info.dynamodbEndpoint,
    tableName: info.tableName,
    receiptSecret: info.receiptSecret,
  };
  const rawPuts = (request: Omit<PutRequest, 'target'>) =>
    new Promise<PutResult>((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (message: { type: string; id?: number; result?: PutResult; error?: string }) => {
        if (message.type !== 'done' || message.id !== id) return;
        putWorker.off('message', onMessage);
        if (message.error) reject(new Error(`the put worker failed: ${message.error}`));
        else resolve(message.result!);
      };
      putWorker.on('message', onMessage);
      putWorker.send({ type: 'puts', id, request: { ...request, target } });
    });

  return {
    ...info,
    webUrl,
    appNode: node.version,
    rawPuts,
    idle: () => request('idle'),
    async stop() {
      const exited = Promise.all([exitOf(service), exitOf(web), exitOf(putWorker)]);
      if (web.connected) web.send({ type: 'stop' });
      if (putWorker.connected) putWorker.send({ type: 'stop' });
      if (service.connected) await Promise.race([request('stop'), exitOf(service)]);
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
