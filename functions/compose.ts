import type { Config } from '#core';
import type { Logger } from '#log';
import { createConsultationStore, createOutcomeStore, createRateLimiter, createStatusViewStore } from '#store';
import type { WorkflowStarter } from './intake/starter.ts';
import { createWebApp, type WebOptions } from './web-app.ts';
import { composeWorkers, type Secrets } from './workers.ts';

export type { Secrets, WebOptions };

/**
 * The public web app with the workers beside it, for `npm start` and the tests: the local
 * runtime runs the workflows in the same process on the same store and mail. The public
 * Lambda wires the same app to stores built on first use instead (functions/http.ts).
 */
export function composeWeb(
  config: Config,
  secrets: Secrets,
  log: Logger,
  starter?: WorkflowStarter,
  options: WebOptions = {},
) {
  if (!secrets.receiptSecret) throw new Error('No receipt secret');
  const workers = composeWorkers(config, secrets, log);
  const app = createWebApp(
    config,
    secrets,
    log,
    {
      submissions: workers.store,
      sealer: workers.vault,
      objects: workers.objects,
      limiter: createRateLimiter(workers.client, config.tableName),
      outcomes: createOutcomeStore(workers.client, config.tableName),
      views: createStatusViewStore(workers.client, config.tableName),
      consultations: createConsultationStore(workers.client, config.tableName),
    },
    starter,
    options,
  );
  return { ...workers, app };
}
