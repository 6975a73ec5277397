import { loadConfig } from '#core';
import { createLogger } from '#log';
import { composeWorkers } from '../workers.ts';
import { createOutcomeTasks } from './tasks.ts';

/** Cold start for the outcome Lambdas: configuration read once, then the shared tasks. */
export const outcomeTasks = createOutcomeTasks(composeWorkers(loadConfig(), {}, createLogger()));
