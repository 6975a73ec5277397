import { loadConfig } from '#core';
import { createLogger } from '#log';
import { createBriefStore } from '#store';
import { documentClientFor, mailSenderFor } from '../workers.ts';
import { createBriefTasks, createMonthlyDraft } from './tasks.ts';

/** Cold start for the brief Lambdas: configuration read once, the brief store and the sender. */
const config = loadConfig();
const deps = {
  briefs: createBriefStore(documentClientFor(config), config.tableName),
  mail: mailSenderFor(config),
  config,
  log: createLogger(),
};
export const briefTasks = createBriefTasks(deps);
export const monthlyDraft = createMonthlyDraft(deps);
