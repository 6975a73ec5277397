import { type Config, createIntake } from '#core';
import type { Logger } from '#log';
import { createOutcomeStore, createRateLimiter, createStatusViewStore } from '#store';
import { type AppDeps, createApp } from '#web/app.tsx';
import { createProtection } from '#web/protect.ts';
import { statusLimits } from '#web/status.tsx';
import type { WorkflowStarter } from './intake/starter.ts';
import { composeWorkers, type Secrets } from './workers.ts';

export type { Secrets };

export interface WebOptions {
  /** How this runtime learns the client's address (API Gateway event, or the Node socket). */
  clientAddress?: AppDeps['clientAddress'];
  /**
   * The staff app (with the outcome notes' admin pages), mounted under /staff locally; in AWS
   * it is its own function (functions/staff.ts), so the public bundle never carries it.
   */
  staffApp?: AppDeps['staffApp'];
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
    staffApp: options.staffApp,
    retention: config.retention,
    // Status lookups, outcome notes, easy read (issue 5). The notes' admin pages belong to the
    // staff app (functions/compose-staff.ts).
    followUp: {
      submissions: workers.store,
      outcomes: createOutcomeStore(workers.client, config.tableName),
      limiter: createRateLimiter(workers.client, config.tableName),
      views: createStatusViewStore(workers.client, config.tableName),
      secret: secrets.protectSecret ?? secrets.receiptSecret,
      limits: statusLimits(config.statusLookups),
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
