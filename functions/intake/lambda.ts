import { loadConfig } from '#core';
import { createLogger } from '#log';
import { composeWorkers } from '../workers.ts';
import { createIntakeTasks } from './tasks.ts';

/** Cold start for the intake Lambdas: configuration read once, then the shared tasks. */
export const intakeTasks = createIntakeTasks(composeWorkers(loadConfig(), {}, createLogger()));
