import { loadConfig } from '#core';
import { createLogger } from '#log';
import { createBriefStore } from '#store';
import { composeWorkers } from '../workers.ts';
import { createBriefTasks, createMonthlyDraft } from './tasks.ts';

/** Cold start for the brief Lambdas: configuration read once, then the tasks. */
const config = loadConfig();
const workers = composeWorkers(config, {}, createLogger());
const deps = { ...workers, briefs: createBriefStore(workers.client, config.tableName) };
export const briefTasks = createBriefTasks(deps);
export const monthlyDraft = createMonthlyDraft(deps);
