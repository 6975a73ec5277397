/**
 * Every Lambda the statement workflow (workflows/statement.asl.json) invokes, by the
 * `${NameArn}` substitutions it uses (issue 14).
 */
export const STATEMENT_FUNCTIONS = {
  SendStatement: 'functions/statement/send-statement.handler',
  RecordStatementFailure: 'functions/statement/record-statement-failure.handler',
} as const;

export type StatementFunctionName = keyof typeof STATEMENT_FUNCTIONS;
