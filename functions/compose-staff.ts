import { getConnInfo } from '@hono/node-server/conninfo';
import { type BriefStarter, type Config, createTriage, loadStaffConfig, type OutcomeStarter } from '#core';
import type { Logger } from '#log';
import {
  createBriefStore,
  createConsultationStore,
  createOutcomeStore,
  createQueueStore,
  createRateLimiter,
  createSearchIndex,
  createSessionStore,
  createSignInTokenStore,
  createStaffStore,
  createStatusCounts,
  createTriageStore,
} from '#store';
import { createStaffApp, type StaffAppDeps } from '#web/staff/app.tsx';
import { createConsultationsStaff, type StatementStarter } from '#web/staff/consultations/app.tsx';
import { createOutcomesAdmin, staffAdminAccess } from '#web/staff/outcomes.tsx';
import { composeWorkers, type Secrets } from './workers.ts';

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
  options: {
    signInFloorMs?: number;
    pageSize?: number;
    workers?: ReturnType<typeof composeWorkers>;
    /** Starts the statement workflow (issue 14). */
    statements?: StatementStarter;
    /** Starts the brief workflow when staff send a published brief (issue 16). */
    briefs?: BriefStarter | undefined;
    /** The client's address for the sign-in limits; defaults to the Node socket's (local mode). */
    clientAddress?: StaffAppDeps['clientAddress'];
  } = {},
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
    search: createSearchIndex(client, config.tableName, { campaign: staffConfig.campaign }),
    rateLimiter: createRateLimiter(client, config.tableName),
    mail,
    mailFrom: config.mailFrom,
    baseUrl: config.baseUrl,
    secret: secrets.staffSecret,
    config: staffConfig,
    // Sign-in answers take at least this long, account or not (sending mail takes time).
    signInFloorMs: options.signInFloorMs ?? 800,
    clientAddress: options.clientAddress ?? ((c) => getConnInfo(c).remote.address),
    pageSize: options.pageSize,
    briefs: { store: createBriefStore(client, config.tableName), submissions: store, starter: options.briefs },
    voices: workers.objects,
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
  // Consultations (issue 14): admins and facilitators, with the same session and anti-forgery token.
  app.route(
    '/',
    createConsultationsStaff({
      store: createConsultationStore(client, config.tableName),
      sessions: deps.sessions,
      staff,
      secret: deps.secret,
      statements: options.statements,
      log,
    }),
  );
  return { ...workers, deps, staffConfig, app };
}
