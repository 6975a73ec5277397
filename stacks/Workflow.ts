import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Function as SstFunction, type StackContext, use } from 'sst/constructs';
import { useProject } from 'sst/project.js';
import { INTAKE_FUNCTIONS, type IntakeFunctionName } from '../functions/intake/registry.ts';
import { Mail } from './Mail.ts';
import { Storage } from './Storage.ts';
import { sendMail, type TableAction, tableItems, tableKeyViaDynamoDb, workerEnvironment } from './shared.ts';

export const INTAKE_DEFINITION_FILE = 'workflows/intake.asl.json';

interface TaskAccess {
  /** Item actions on the table (never its indexes: tasks work on one submission by key). */
  table: readonly TableAction[];
  /** ses:SendEmail from our identity and configuration set. */
  sendsMail?: true;
  /** kms:Decrypt on the contact key: reads a submitter's email address. */
  decryptsContact?: true;
  /** Longer than the SES client's own timeouts (5 s connect + 15 s request). */
  timeout?: `${number} seconds`;
}

/**
 * What each intake task may do, and nothing more. Every task also gets the table key
 * through DynamoDB (`kms:ViaService`) and basic Lambda logging. AcknowledgeSubmitter is the
 * only intake function that may decrypt contact details.
 */
export const INTAKE_ACCESS = {
  LoadSubmission: { table: ['dynamodb:GetItem'] },
  RouteSubmission: { table: ['dynamodb:GetItem'] },
  SendInboxEmail: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sendsMail: true, timeout: '30 seconds' },
  AcknowledgeSubmitter: {
    table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    sendsMail: true,
    decryptsContact: true,
    timeout: '30 seconds',
  },
  RecordDeliveryFailure: { table: ['dynamodb:UpdateItem'], sendsMail: true, timeout: '30 seconds' },
  MarkRouted: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
} as const satisfies Record<IntakeFunctionName, TaskAccess>;

/** The `${Name}` placeholders in an ASL document. */
export function substitutionNames(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string))].sort();
}

export const substitutionFor = (name: IntakeFunctionName) => `${name}Arn`;

/**
 * The intake workflow: the state machine from workflows/intake.asl.json (the same file the
 * local runtime executes), one small Lambda per Task with its own least-privilege role, and
 * the state machine's role allowed to invoke exactly those Lambdas.
 */
export function Workflow({ stack, app }: StackContext) {
  const storage = use(Storage);
  const mail = use(Mail);
  const environment = workerEnvironment(stack, storage, mail);

  const functions = Object.fromEntries(
    (Object.entries(INTAKE_FUNCTIONS) as [IntakeFunctionName, string][]).map(([name, handler]) => {
      const access: TaskAccess = INTAKE_ACCESS[name];
      const permissions = [tableItems(storage.table, access.table), tableKeyViaDynamoDb(stack, storage.tableKey)];
      if (access.sendsMail) permissions.push(sendMail(stack, mail));
      if (access.decryptsContact) {
        permissions.push(
          new PolicyStatement({
            sid: 'ContactKeyDecrypt',
            effect: Effect.ALLOW,
            actions: ['kms:Decrypt'],
            resources: [storage.contactKey.keyArn],
          }),
        );
      }
      const fn = new SstFunction(stack, name, {
        handler,
        description: `Mashura intake task: ${name}`,
        environment,
        permissions,
        ...(access.timeout ? { timeout: access.timeout } : {}),
      });
      return [name, fn];
    }),
  ) as Record<IntakeFunctionName, SstFunction>;

  // Read from the project root, as the local runtime does: one file, two runners.
  const definition = readFileSync(path.join(useProject().paths.root, INTAKE_DEFINITION_FILE), 'utf8');
  const definitionSubstitutions = Object.fromEntries(
    (Object.entries(functions) as [IntakeFunctionName, SstFunction][]).map(([name, fn]) => [
      substitutionFor(name),
      fn.functionArn,
    ]),
  );
  // Fail the synth, not the deploy, when the file and the registry disagree.
  const wanted = substitutionNames(definition);
  const given = Object.keys(definitionSubstitutions).sort();
  if (JSON.stringify(wanted) !== JSON.stringify(given)) {
    throw new Error(
      `${INTAKE_DEFINITION_FILE} substitutes [${wanted.join(', ')}] but INTAKE_FUNCTIONS provides [${given.join(', ')}]`,
    );
  }

  const logGroup = new LogGroup(stack, 'IntakeLogs', {
    // The /aws/vendedlogs/ prefix keeps CloudWatch's resource policy small (AWS's advice).
    logGroupName: `/aws/vendedlogs/states/${app.logicalPrefixedName('intake')}`,
    retention: RetentionDays.ONE_MONTH,
  });

  const intake = new StateMachine(stack, 'Intake', {
    stateMachineName: app.logicalPrefixedName('intake'),
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromString(definition),
    definitionSubstitutions,
    // Every step is logged, but never its input or output: submissions hold personal text.
    logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: true,
    // No `timeout` here: CDK applies it only to definitions it builds, never to
    // DefinitionBody.fromString. An execution timeout belongs in the ASL (TimeoutSeconds).
  });

  // Exactly the task functions, unqualified (the ASL invokes $LATEST by ARN); no `:*`.
  intake.addToRolePolicy(
    new PolicyStatement({
      sid: 'InvokeIntakeTasks',
      effect: Effect.ALLOW,
      actions: ['lambda:InvokeFunction'],
      resources: Object.values(functions).map((fn) => fn.functionArn),
    }),
  );

  stack.addOutputs({ IntakeArn: intake.stateMachineArn });

  return { intake, functions };
}
