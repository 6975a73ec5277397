import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { assertPublicCataloguesComplete, assertStaffCataloguesComplete, type Config } from '#core';
import { createLogger, type Logger } from '#log';
import type { MailSender } from '#mail';
import { createBriefStore, createConsultationStore, createRetentionStore } from '#store';
import { createDevMailRoutes } from '#web/dev-mail.tsx';
import { createBriefTasks, createMonthlyDraft } from '../functions/brief/tasks.ts';
import { composeWeb } from '../functions/compose.ts';
import { composeStaff } from '../functions/compose-staff.ts';
import { createIntakeTasks } from '../functions/intake/tasks.ts';
import { createOutcomeTasks } from '../functions/outcome/tasks.ts';
import { createStatementTasks } from '../functions/statement/tasks.ts';
import { createPurge } from '../functions/sweeps/retention.ts';
import { createSweeps } from '../functions/sweeps/sweeps.ts';
import { ensureTable, type LocalDynamo, startDynalite } from './dynamo.ts';
import { ensureKeyFile } from './keys.ts';
import { loopbackOnly } from './loopback.ts';
import { startLocalS3 } from './objects.ts';
import { makePrivateDir, PRIVATE_UMASK } from './private-files.ts';
import { startLocalSes } from './ses.ts';
import { createLocalWorkflow, type LocalWorkflow, readWorkflow } from './workflows.ts';

export interface LocalService {
  url: string;
  dataDir: string;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  /** s3rver (or S3_ENDPOINT): the voice recordings' bucket. */
  s3Endpoint: string;
  workflow: LocalWorkflow;
  /** The outcome workflow, started by staff decisions that send email. */
  outcomes: LocalWorkflow;
  /** The statement workflow (issue 14), started when staff publish a consultation's statement. */
  statements: LocalWorkflow;
  /** The brief workflow, started when staff send a published brief. */
  briefs: LocalWorkflow;
  /** The scheduled monthly brief draft (runs daily here; acts on the first working day only). */
  monthlyDraft: ReturnType<typeof createMonthlyDraft>;
  sweeps: ReturnType<typeof createSweeps>;
  purge: ReturnType<typeof createPurge>;
  stop(): Promise<void>;
}

export interface LocalOptions {
  /** Milliseconds between redrive sweeps (0: only the one at start). */
  redriveEveryMs?: number;
  escalateEveryMs?: number;
  /** Replace the workflow's retry waits (tests use a few ms). */
  retryIntervalMs?: number;
  /** Milliseconds between retention sweeps (0: only the one at start). */
  purgeEveryMs?: number;
  /** Milliseconds between monthly-draft checks (0: only the one at start). */
  monthlyDraftEveryMs?: number;
  /** The public form defences' clock (tests move it forward instead of waiting). */
  now?: () => number;
}

/** Local fault injection (MASHURA_FAULT_SES_DELAY_MS): every email waits before it reaches SES. */
function delayedMail(mail: MailSender, delayMs: number): MailSender {
  if (delayMs <= 0) return mail;
  return {
    send: async (email) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return mail.send(email);
    },
  };
}

/**
 * The whole service in one process: embedded DynamoDB and SES, the intake workflow run
 * from its ASL file, the sweeps on timers, and the same Hono app that Lambda runs.
 * `npm start` and the browser tests both start it through here.
 */
export async function startLocal(
  config: Config,
  log: Logger = createLogger(),
  {
    redriveEveryMs = 2 * 60_000,
    escalateEveryMs = 10 * 60_000,
    retryIntervalMs,
    purgeEveryMs = 60 * 60_000,
    monthlyDraftEveryMs = 6 * 60 * 60_000,
    now,
  }: LocalOptions = {},
): Promise<LocalService> {
  const dataDir = resolve(config.dataDir);
  // Owner-only, whether the directory is new or was left with looser modes; and everything
  // this process creates while it runs (dynalite's LevelDB files included) is owner-only too.
  const previousUmask = process.umask(PRIVATE_UMASK);
  makePrivateDir(dataDir);

  let dynamo: LocalDynamo | undefined;
  let endpoint = config.dynamodbEndpoint;
  if (!endpoint) {
    dynamo = await startDynalite(join(dataDir, 'dynamodb'));
    endpoint = dynamo.endpoint;
  }
  await ensureTable(endpoint, config.region, config.tableName, {
    backupDir: dataDir,
    log,
  });
  const ses = config.sesEndpoint ? undefined : await startLocalSes();
  const sesEndpoint = config.sesEndpoint ?? ses!.endpoint;
  const s3 = config.s3Endpoint ? undefined : await startLocalS3(join(dataDir, 'objects'), config.voiceBucket);
  const s3Endpoint = config.s3Endpoint ?? s3!.endpoint;

  // A served language whose catalogues miss a key or a placeholder stops `npm start` here, as it
  // fails `npm test` (packages/core/i18n/i18n.test.ts). The Lambdas do not check at each cold
  // start: their catalogues are the ones the tests passed (docs/performance.md, issue 17).
  assertPublicCataloguesComplete();
  assertStaffCataloguesComplete();

  const secrets = {
    receiptSecret: ensureKeyFile(join(dataDir, 'receipt.key')).toString('base64'),
    localContactKey: ensureKeyFile(join(dataDir, 'contact.key')),
    staffSecret: ensureKeyFile(join(dataDir, 'staff.key')).toString('base64'),
  };
  const local = { ...config, dynamodbEndpoint: endpoint, sesEndpoint, s3Endpoint };

  // The web app needs the workflow starter and the workflow needs the same store and mail;
  // compose once without a starter to get the workers, then the app with the local workflow.
  let workflow!: LocalWorkflow;
  let outcomes!: LocalWorkflow;
  let statements!: LocalWorkflow;
  let briefs!: LocalWorkflow;
  const staff = composeStaff(
    local,
    secrets,
    log,
    { start: (name, input) => outcomes.start(name, input) },
    {
      statements: { start: (name, input) => statements.start(name, input as never) },
      briefs: { start: (name, input) => briefs.start(name, input as never) },
    },
  );
  // DESIGN.md's seeded accounts, created once: an account an admin removed stays removed.
  for (const role of ['triager', 'admin', 'liaison'] as const)
    await staff.deps.staff.seed(staff.staffConfig.seed[role], role);
  const web = composeWeb(
    local,
    secrets,
    log,
    { start: (name, input) => workflow.start(name, input) },
    // The socket's address, only to derive the daily-rotating rate-limit key; never stored or logged.
    { clientAddress: (c) => getConnInfo(c).remote.address, staffApp: staff.app, now },
  );
  const workers = { ...web, mail: delayedMail(web.mail, config.faults.sesDelayMs) };
  const tasks = createIntakeTasks(workers);
  workflow = createLocalWorkflow(readWorkflow('intake'), tasks, { log, retryIntervalMs });
  outcomes = createLocalWorkflow(readWorkflow('outcome'), createOutcomeTasks(workers), { log, retryIntervalMs });
  statements = createLocalWorkflow(
    readWorkflow('statement'),
    createStatementTasks({ ...workers, consultations: createConsultationStore(web.client, config.tableName) }),
    { log, retryIntervalMs },
  );
  const briefStore = createBriefStore(web.client, config.tableName);
  briefs = createLocalWorkflow(readWorkflow('brief'), createBriefTasks({ ...workers, briefs: briefStore }), {
    log,
    retryIntervalMs,
  });
  const monthlyDraft = createMonthlyDraft({ briefs: briefStore, log });
  const sweeps = createSweeps({ ...workers, starter: workflow, log });
  const purge = createPurge({
    retention: createRetentionStore(web.client, config.tableName, { campaign: config.campaign }),
    objects: web.objects,
    rules: config.retention,
    log,
  });
  // What the local server answers: loopback Host names only (no DNS rebinding), /dev/mail
  // outside the app so its own stricter headers stand, then the app itself.
  const front = new Hono();
  front.use(loopbackOnly());
  front.route('/', createDevMailRoutes({ sesEndpoint }));
  front.all('*', (c) => web.app.fetch(c.req.raw, c.env));

  const server = serve({ fetch: front.fetch, port: config.port, hostname: '127.0.0.1' });
  await new Promise<void>((done) => server.once('listening', () => done()));
  const { port } = server.address() as AddressInfo;

  const runSweep = (name: string, sweep: () => Promise<unknown>) =>
    sweep().catch((error: Error) => log('sweep.failed', { sweep: name, error: error.name }));
  // Anything left unrouted by a previous run (killed mid-workflow, SES down) is picked up now.
  // Nothing of this process is in flight yet, so there is no grace period to wait out, and each
  // is resumed under its first execution name: a send the dead run had claimed is its own again.
  const resumeUnrouted = async () => {
    for (const record of await web.store.listUnrouted(new Date().toISOString(), 1000)) {
      await workflow.start(record.reference, { reference: record.reference });
    }
  };
  void runSweep('resume', resumeUnrouted);
  void runSweep('purge', purge.purge);
  void runSweep('monthly-brief', monthlyDraft);
  const timers = [
    redriveEveryMs > 0 && setInterval(() => runSweep('redrive', sweeps.redrive), redriveEveryMs),
    escalateEveryMs > 0 && setInterval(() => runSweep('escalate', sweeps.escalate), escalateEveryMs),
    purgeEveryMs > 0 && setInterval(() => runSweep('purge', purge.purge), purgeEveryMs),
    monthlyDraftEveryMs > 0 && setInterval(() => runSweep('monthly-brief', monthlyDraft), monthlyDraftEveryMs),
  ].filter((timer): timer is NodeJS.Timeout => Boolean(timer));
  for (const timer of timers) timer.unref();

  return {
    url: `http://localhost:${port}`,
    dataDir,
    dynamodbEndpoint: endpoint,
    sesEndpoint,
    s3Endpoint,
    workflow,
    outcomes,
    statements,
    briefs,
    monthlyDraft,
    sweeps,
    purge,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      const closed = new Promise<void>((done) => server.close(() => done()));
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await workflow.idle();
      await outcomes.idle();
      await statements.idle();
      await briefs.idle();
      web.client.destroy();
      staff.client.destroy();
      await ses?.stop();
      await s3?.stop();
      await dynamo?.stop();
      process.umask(previousUmask);
    },
  };
}
