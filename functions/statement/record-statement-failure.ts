import { statementTasks } from './lambda.ts';

export const handler = statementTasks.RecordStatementFailure;
