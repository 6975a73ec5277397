import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import type { Config } from '#core';
import { createLogger, type Logger } from '#log';
import { createDevMailRoutes } from '#web/dev-mail.tsx';
import { composeWeb } from '../functions/compose.ts';
import { createIntakeTasks } from '../functions/intake/tasks.ts';
import { createSweeps } from '../functions/sweeps/sweeps.ts';
import { ensureTable, type LocalDynamo, startDynalite } from './dynamo.ts';
import { ensureKeyFile } from './keys.ts';
import { startLocalSes } from './ses.ts';
import { createLocalWorkflow, type LocalWorkflow, readWorkflow } from './workflows.ts';

export interface LocalService {
  url: string;
  dataDir: string;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  workflow: LocalWorkflow;
  sweeps: ReturnType<typeof createSweeps>;
  stop(): Promise<void>;
}

export interface LocalOptions {
  /** Milliseconds between redrive sweeps (0: only the one at start). */
  redriveEveryMs?: number;
  escalateEveryMs?: number;
  /** Replace the workflow's retry waits (tests use a few ms). */
  retryIntervalMs?: number;
}

/**
 * The whole service in one process: embedded DynamoDB and SES, the intake workflow run
 * from its ASL file, the sweeps on timers, and the same Hono app that Lambda runs.
 * `npm start` and the browser tests both start it through here.
 */
export async function startLocal(
  config: Config,
  log: Logger = createLogger(),
  { redriveEveryMs = 2 * 60_000, escalateEveryMs = 10 * 60_000, retryIntervalMs }: LocalOptions = {},
): Promise<LocalService> {
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  let dynamo: LocalDynamo | undefined;
  let endpoint = config.dynamodbEndpoint;
  if (!endpoint) {
    dynamo = await startDynalite(join(dataDir, 'dynamodb'));
    endpoint = dynamo.endpoint;
  }
  await ensureTable(endpoint, config.region, config.tableName);
  const ses = config.sesEndpoint ? undefined : await startLocalSes();
  const sesEndpoint = config.sesEndpoint ?? ses!.endpoint;

  const secrets = {
    receiptSecret: ensureKeyFile(join(dataDir, 'receipt.key')).toString('base64'),
    localContactKey: ensureKeyFile(join(dataDir, 'contact.key')),
  };
  const local = { ...config, dynamodbEndpoint: endpoint, sesEndpoint };

  // The web app needs the workflow starter and the workflow needs the same store and mail;
  // compose once without a starter to get the workers, then the app with the local workflow.
  let workflow!: LocalWorkflow;
  const web = composeWeb(local, secrets, log, { start: (name, input) => workflow.start(name, input) });
  const tasks = createIntakeTasks(web);
  workflow = createLocalWorkflow(readWorkflow('intake'), tasks, { log, retryIntervalMs });
  const sweeps = createSweeps({ ...web, starter: workflow, log });
  web.app.route('/', createDevMailRoutes({ sesEndpoint }));

  const server = serve({ fetch: web.app.fetch, port: config.port, hostname: '127.0.0.1' });
  await new Promise<void>((done) => server.once('listening', () => done()));
  const { port } = server.address() as AddressInfo;

  // Anything left unrouted by a previous run (killed mid-workflow, SES down) is picked up now.
  const runSweep = (name: string, sweep: () => Promise<unknown>) =>
    sweep().catch((error: Error) => log('sweep.failed', { sweep: name, error: error.name }));
  void runSweep('redrive', sweeps.redrive);
  const timers = [
    redriveEveryMs > 0 && setInterval(() => runSweep('redrive', sweeps.redrive), redriveEveryMs),
    escalateEveryMs > 0 && setInterval(() => runSweep('escalate', sweeps.escalate), escalateEveryMs),
  ].filter((timer): timer is NodeJS.Timeout => Boolean(timer));
  for (const timer of timers) timer.unref();

  return {
    url: `http://localhost:${port}`,
    dataDir,
    dynamodbEndpoint: endpoint,
    sesEndpoint,
    workflow,
    sweeps,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      const closed = new Promise<void>((done) => server.close(() => done()));
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await workflow.idle();
      web.client.destroy();
      await ses?.stop();
      await dynamo?.stop();
    },
  };
}
