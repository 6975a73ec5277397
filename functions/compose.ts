import { type Config, createIntake, createTriage, loadStaffConfig, type OutcomeStarter } from '#core';
import { type ContactVault, contactKeyring, createContactVault, type KeyringSource } from '#crypto/contact.ts';
import type { Logger } from '#log';
import { createSesSender } from '#mail';
import {
  createDocumentClient,
  createOutcomeStore,
  createQueueStore,
  createRateLimiter,
  createSessionStore,
  createSignInTokenStore,
  createStaffStore,
  createStatusCounts,
  createSubmissionStore,
  createTriageStore,
} from '#store';
import { type AppDeps, createApp } from '#web/app.tsx';
import { createOutcomesAdmin, staffAdminAccess } from '#web/outcomes.tsx';
import { createProtection } from '#web/protect.ts';
import { createStaffApp, type StaffAppDeps } from '#web/staff/app.tsx';
import { statusLimits } from '#web/status.tsx';
import type { WorkflowStarter } from './intake/starter.ts';

export interface Secrets {
  receiptSecret?: string;
  /** The local AES key when no KMS key is configured. */
  localContactKey?: Uint8Array;
  /** Keys for the abuse defences (form stamps, proof of work, client keys); defaults to the receipt secret. */
  protectSecret?: string;
  /** Keys staff anti-forgery tokens, queue cursors and sign-in rate-limit keys (staff function only). */
  staffSecret?: string;
}

export interface WebOptions {
  /** How this runtime learns the client's address (API Gateway event, or the Node socket). */
  clientAddress?: AppDeps['clientAddress'];
  /** The staff app, mounted under /staff locally (in AWS it is its own function: functions/staff.ts). */
  staff?: AppDeps['staff'];
}

/**
 * Wiring, shared by every Lambda and by the local runtime, so the only difference between
 * a laptop and AWS is the configuration passed in.
 */
function vaultFor(config: Config, secrets: Secrets): ContactVault {
  let keyring: KeyringSource;
  if (config.contactKeyArn) keyring = { kind: 'kms', keyArn: config.contactKeyArn };
  else if (secrets.localContactKey) keyring = { kind: 'local', key: secrets.localContactKey };
  else throw new Error('No contact key: set MASHURA_CONTACT_KEY_ARN or provide a local key');
  return createContactVault(contactKeyring(keyring));
}

export function composeWorkers(config: Config, secrets: Secrets, log: Logger) {
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const store = createSubmissionStore(client, config.tableName);
  const mail = createSesSender({
    region: config.region,
    endpoint: config.sesEndpoint,
    configurationSetName: config.mailConfigurationSet,
  });
  return { client, store, mail, vault: vaultFor(config, secrets), config, log };
}

export function composeWeb(
  config: Config,
  secrets: Secrets,
  log: Logger,
  starter?: WorkflowStarter,
  options: WebOptions = {},
) {
  if (!secrets.receiptSecret) throw new Error('No receipt secret');
  const workers = composeWorkers(config, secrets, log);
  const intake = createIntake({
    repository: workers.store,
    sealer: workers.vault,
    receiptSecret: secrets.receiptSecret,
  });
  const app = createApp({
    intake,
    submissions: workers.store,
    exitUrl: config.exitUrl,
    log,
    // Each defence derives its own key from this secret (HKDF), so one secret serves them all.
    protection: createProtection({
      secret: secrets.protectSecret ?? secrets.receiptSecret,
      rules: config.protection,
      limiter: createRateLimiter(workers.client, config.tableName),
      log,
    }),
    clientAddress: options.clientAddress,
    staff: options.staff,
    retention: config.retention,
    // Status lookups, outcome notes, easy read (issue 5). Where the staff app is mounted here
    // (locally), the outcome notes' admin pages come with it; in AWS they are in composeStaff.
    followUp: {
      submissions: workers.store,
      outcomes: createOutcomeStore(workers.client, config.tableName),
      limiter: createRateLimiter(workers.client, config.tableName),
      secret: secrets.protectSecret ?? secrets.receiptSecret,
      limits: statusLimits(config.statusLookups),
      admin: options.staff ? staffAdminAccess(options.staff) : undefined,
    },
    // The execution is named after the submission, so a second start is a no-op.
    onSubmitted: starter
      ? async (record) => {
          await starter.start(record.reference, { reference: record.reference });
        }
      : undefined,
  });
  return { ...workers, app };
}

/**
 * The staff side (issue 4): sign-in, queue, decisions, export, statistics. `outcomes`
 * starts the outcome workflow for decisions that send email. In AWS this runs in its own
 * function (functions/staff.ts), the only web function that may decrypt contact details.
 */
export function composeStaff(
  config: Config,
  secrets: Secrets,
  log: Logger,
  outcomes?: OutcomeStarter,
  options: { signInFloorMs?: number; pageSize?: number; workers?: ReturnType<typeof composeWorkers> } = {},
) {
  if (!secrets.staffSecret) throw new Error('No staff secret');
  const workers = options.workers ?? composeWorkers(config, secrets, log);
  const { client, store, mail, vault } = workers;
  const staffConfig = loadStaffConfig();
  const counts = createStatusCounts(client, config.tableName);
  const staff = createStaffStore(client, config.tableName);
  const triage = createTriage({
    repository: createTriageStore(client, config.tableName, counts, store.get, log),
    staff,
    contacts: vault,
    outcomes,
    log,
  });
  const deps: StaffAppDeps = {
    triage,
    staff,
    sessions: createSessionStore(client, config.tableName),
    signInTokens: createSignInTokenStore(client, config.tableName),
    queue: createQueueStore(client, config.tableName, counts),
    rateLimiter: createRateLimiter(client, config.tableName),
    mail,
    mailFrom: config.mailFrom,
    baseUrl: config.baseUrl,
    secret: secrets.staffSecret,
    config: staffConfig,
    // Sign-in answers take at least this long, account or not (sending mail takes time).
    signInFloorMs: options.signInFloorMs ?? 800,
    pageSize: options.pageSize,
    log,
  };
  const app = createStaffApp(deps);
  // Outcome notes ("you said, we did", issue 5): admins write and publish them with the other staff pages.
  app.route(
    '/',
    createOutcomesAdmin({
      outcomes: createOutcomeStore(client, config.tableName),
      ...staffAdminAccess(deps),
      exitUrl: config.exitUrl,
      log,
    }),
  );
  return { ...workers, deps, staffConfig, app };
}
