import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceInfo, ServiceRequest } from './service.ts';

/**
 * Settings for the service under test, through the variables packages/core/config.ts
 * reads. The load comes from one address, so the per-client limits would stop it after a
 * few posts; and a benchmark post is sent the moment its form is served.
 */
export const BENCH_ENV = {
  MASHURA_MIN_FILL_SECONDS: '0',
  MASHURA_RATE_SUBMIT_PER_HOUR: '1000000000',
  MASHURA_RATE_SUBMIT_NO_POW_PER_HOUR: '1000000000',
  // Easy challenges, so the bench solves a proof of work per post in a moment; checking a
  // solution costs the server the same at any difficulty (one key derivation).
  MASHURA_POW_MAX_COUNTER: '100',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface BenchService extends ServiceInfo {
  /** The web app alone (bench/web-server.ts), in its own process, on the same DynamoDB. */
  webUrl: string;
  /** Resolves once every intake workflow started so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function start(file: string, env: Record<string, string>): ChildProcess {
  return fork(new URL(file, import.meta.url), [], {
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

/** Starts bench/service.ts and bench/web-server.ts, each in a child process, on a fresh data directory. */
export async function startBenchService(): Promise<BenchService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mashura-bench-'));
  const service = start('./service.ts', { BENCH_DATA_DIR: dataDir });
  const { info } = await firstMessage<{ info: ServiceInfo }>(service, 'bench service');
  const web = start('./web-server.ts', {
    BENCH_DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: info.dynamodbEndpoint,
    SES_ENDPOINT: info.sesEndpoint,
  });
  const { url: webUrl } = await firstMessage<{ url: string }>(web, 'bench web server');

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

  return {
    ...info,
    webUrl,
    idle: () => request('idle'),
    async stop() {
      const exited = Promise.all([exitOf(service), exitOf(web)]);
      if (web.connected) web.send({ type: 'stop' });
      if (service.connected) await Promise.race([request('stop'), exitOf(service)]);
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
