import { loadConfig } from '#core';
import { createLogger } from '#log';
import { createConsultationStore } from '#store';
import { composeWorkers } from '../workers.ts';
import { createStatementTasks } from './tasks.ts';

/** Cold start for the statement Lambdas: configuration read once, then the shared tasks. */
const workers = composeWorkers(loadConfig(), {}, createLogger());
export const statementTasks = createStatementTasks({
  ...workers,
  consultations: createConsultationStore(workers.client, workers.config.tableName),
});
