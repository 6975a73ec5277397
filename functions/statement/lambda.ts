import { loadConfig } from '#core';
import { createLogger } from '#log';
import { createConsultationStore } from '#store';
import { documentClientFor, mailSenderFor } from '../workers.ts';
import { createStatementTasks } from './tasks.ts';

/** Cold start for the statement Lambdas: configuration read once, the consultation store and the sender. */
const config = loadConfig();
export const statementTasks = createStatementTasks({
  consultations: createConsultationStore(documentClientFor(config), config.tableName),
  mail: mailSenderFor(config),
  config,
  log: createLogger(),
});
