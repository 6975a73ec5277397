import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Function as SstFunction, type StackContext, use } from 'sst/constructs';
import { useProject } from 'sst/project.js';
import { BRIEF_FUNCTIONS } from '../functions/brief/registry.ts';
import { INTAKE_FUNCTIONS } from '../functions/intake/registry.ts';
import { OUTCOME_FUNCTIONS } from '../functions/outcome/registry.ts';
import { STATEMENT_FUNCTIONS } from '../functions/statement/registry.ts';
import { Mail } from './Mail.ts';
import { Storage } from './Storage.ts';
import {
  type ContactReader,
  contactReaderRole,
  functionLogs,
  LAMBDA_REASONS,
  LOG_RETENTION,
  nagSuppress,
  openContact,
  sendMail,
  type TableAction,
  tableItems,
  tableKeyViaDynamoDb,
  workerEnvironment,
} from './shared.ts';

/**
 * Every workflow the app runs: its ASL file (the single source of truth, run as it is by the
 * local runtime too) and the registry naming the Lambda behind each `${<Name>Arn}`
 * placeholder. tests/infra checks that every workflows/*.asl.json file is listed here.
 */
export const WORKFLOWS = {
  intake: { file: 'workflows/intake.asl.json', functions: INTAKE_FUNCTIONS },
  outcome: { file: 'workflows/outcome.asl.json', functions: OUTCOME_FUNCTIONS },
  /** Consultations (issue 14): a published statement to its addressee's inbox. */
  statement: { file: 'workflows/statement.asl.json', functions: STATEMENT_FUNCTIONS },
  brief: { file: 'workflows/brief.asl.json', functions: BRIEF_FUNCTIONS },
} as const;

/** Construct ids of the state machines (and their log groups). */
const MACHINE_IDS: Record<WorkflowName, string> = {
  intake: 'Intake',
  outcome: 'Outcome',
  statement: 'Statement',
  brief: 'Brief',
};

export type WorkflowName = keyof typeof WORKFLOWS;
export type TaskName = {
  [W in WorkflowName]: keyof (typeof WORKFLOWS)[W]['functions'];
}[WorkflowName];

interface TaskAccess {
  /** Item actions on the table (never its indexes: tasks work on one submission by key). */
  table: readonly TableAction[];
  /** ses:SendEmail from our identity and configuration set. */
  sendsMail?: true;
  /** kms:Decrypt on the contact key (contact details only): reads a submitter's email address. */
  decryptsContact?: ContactReader;
  /** Longer than the SES client's own timeouts (5 s connect + 15 s request). */
  timeout?: `${number} seconds`;
}

/**
 * What each task function may do, and nothing more. Every task also gets the table key
 * through DynamoDB (`kms:ViaService`) and basic Lambda logging. Only the two functions that
 * email a submitter may decrypt contact details, each under its own fixed-name role (the
 * contact key's key policy names them: stacks/Storage.ts).
 */
export const TASK_ACCESS = {
  LoadSubmission: { table: ['dynamodb:GetItem'] },
  RouteSubmission: { table: ['dynamodb:GetItem'] },
  SendInboxEmail: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sendsMail: true, timeout: '30 seconds' },
  AcknowledgeSubmitter: {
    table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    sendsMail: true,
    decryptsContact: 'AcknowledgeSubmitter',
    timeout: '30 seconds',
  },
  RecordDeliveryFailure: { table: ['dynamodb:UpdateItem'], sendsMail: true, timeout: '30 seconds' },
  // Also indexes the submission for staff search and groups it with near-duplicates (issue 15).
  MarkRouted: {
    table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:Query'],
  },
  NotifySubmitter: {
    table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    sendsMail: true,
    decryptsContact: 'NotifySubmitter',
    timeout: '30 seconds',
  },
  // Consultations (issue 14): one statement item by key; never contact details.
  SendStatement: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sendsMail: true, timeout: '30 seconds' },
  RecordStatementFailure: { table: ['dynamodb:UpdateItem'] },
  // A brief's head and version items by key: reads them, claims and completes the per-inbox send marker.
  SendBriefEmail: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sendsMail: true, timeout: '30 seconds' },
} as const satisfies Record<TaskName, TaskAccess>;

/** The `${Name}` placeholders in an ASL document. */
export function substitutionNames(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string))].sort();
}

export const substitutionFor = (name: string) => `${name}Arn`;

/**
 * The workflows: each state machine from its ASL file, one small Lambda per task (shared
 * between workflows when they run the same handler: the outcome workflow forwards with the
 * intake's SendInboxEmail, so an inbox never gets a submission twice), each with its own
 * least-privilege role, and each state machine's role allowed to invoke exactly its tasks.
 */
export function Workflow({ stack, app }: StackContext) {
  const storage = use(Storage);
  const mail = use(Mail);
  const environment = workerEnvironment(stack, storage, mail);

  const functions = {} as Record<TaskName, SstFunction>;
  const byHandler = new Map<string, SstFunction>();
  for (const workflow of Object.values(WORKFLOWS)) {
    for (const [name, handler] of Object.entries(workflow.functions) as [TaskName, string][]) {
      const existing = byHandler.get(handler);
      if (existing) {
        functions[name] = existing;
        continue;
      }
      const access: TaskAccess = TASK_ACCESS[name];
      const permissions = [tableItems(storage.table, access.table), tableKeyViaDynamoDb(stack, storage.tableKey)];
      if (access.sendsMail) permissions.push(sendMail(stack, mail));
      if (access.decryptsContact) permissions.push(openContact(storage.contactKey));
      const fn = new SstFunction(stack, name, {
        handler,
        description: `Mashura workflow task: ${name}`,
        environment,
        permissions,
        logGroup: functionLogs(stack, name),
        ...(access.decryptsContact ? { role: contactReaderRole(stack, access.decryptsContact) } : {}),
        ...(access.timeout ? { timeout: access.timeout } : {}),
      });
      nagSuppress(fn, [LAMBDA_REASONS.basicRole, LAMBDA_REASONS.tracing, LAMBDA_REASONS.synchronous]);
      byHandler.set(handler, fn);
      functions[name] = fn;
    }
  }

  const root = useProject().paths.root;
  const machines = {} as Record<WorkflowName, StateMachine>;
  const logGroups = {} as Record<WorkflowName, LogGroup>;
  for (const [workflowName, workflow] of Object.entries(WORKFLOWS) as [
    WorkflowName,
    (typeof WORKFLOWS)[WorkflowName],
  ][]) {
    const id = MACHINE_IDS[workflowName];
    // Read from the project root, as the local runtime does: one file, two runners.
    const definition = readFileSync(path.join(root, workflow.file), 'utf8');
    const tasks = Object.keys(workflow.functions) as TaskName[];
    const definitionSubstitutions = Object.fromEntries(
      tasks.map((name) => [substitutionFor(name), functions[name].functionArn]),
    );
    // Fail the synth, not the deploy, when the file and the registry disagree.
    const wanted = substitutionNames(definition);
    const given = Object.keys(definitionSubstitutions).sort();
    if (JSON.stringify(wanted) !== JSON.stringify(given)) {
      throw new Error(
        `${workflow.file} substitutes [${wanted.join(', ')}] but its registry provides [${given.join(', ')}]`,
      );
    }

    const logGroup = new LogGroup(stack, `${id}Logs`, {
      // The /aws/vendedlogs/ prefix keeps CloudWatch's resource policy small (AWS's advice).
      logGroupName: `/aws/vendedlogs/states/${app.logicalPrefixedName(workflowName)}`,
      retention: LOG_RETENTION,
    });

    const machine = new StateMachine(stack, id, {
      stateMachineName: app.logicalPrefixedName(workflowName),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions,
      // Every step is logged, but never its input or output: submissions hold personal text.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      // No X-Ray, like the functions (sst.config.ts): the execution history and these logs say
      // which step failed and when; traces would add a second store of timings nobody reads,
      // and X-Ray's actions can only be granted on `*`.
      // No `timeout` here: CDK applies it only to definitions it builds, never to
      // DefinitionBody.fromString. The execution and Task timeouts are in the ASL
      // (TimeoutSeconds), so the local runner honours them too.
    });

    // Exactly this workflow's task functions, unqualified (the ASL invokes $LATEST by ARN); no `:*`.
    machine.addToRolePolicy(
      new PolicyStatement({
        sid: `Invoke${id}Tasks`,
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [...new Set(tasks.map((name) => functions[name]))].map((fn) => fn.functionArn),
      }),
    );
    nagSuppress(machine, [
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: ['Resource::*'],
        reason:
          'The CloudWatch Logs delivery actions CDK adds for state machine logging (logs:CreateLogDelivery and friends) only accept Resource "*" (Step Functions docs); invoking is granted on exact function ARNs.',
      },
      {
        id: 'Serverless-StepFunctionStateMachineXray',
        reason:
          'No X-Ray by decision: the execution history and the logs say which step failed and when; traces would be another store of timings about submissions.',
      },
      {
        id: 'AwsSolutions-SF2',
        reason:
          'No X-Ray by decision: the execution history and the logs say which step failed and when; traces would be another store of timings about submissions.',
      },
    ]);
    machines[workflowName] = machine;
    logGroups[workflowName] = logGroup;
  }

  stack.addOutputs({
    IntakeArn: machines.intake.stateMachineArn,
    OutcomeArn: machines.outcome.stateMachineArn,
    StatementArn: machines.statement.stateMachineArn,
    BriefArn: machines.brief.stateMachineArn,
  });

  return {
    intake: machines.intake,
    outcome: machines.outcome,
    statement: machines.statement,
    brief: machines.brief,
    machines,
    logGroups,
    functions,
  };
}
