import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Cron, type StackContext, use } from 'sst/constructs';
import { BRIEF_SCHEDULE_FUNCTION } from '../functions/brief/registry.ts';
import { SWEEP_FUNCTIONS } from '../functions/intake/registry.ts';
import { Mail } from './Mail.ts';
import { Storage } from './Storage.ts';
import {
  functionLogs,
  LAMBDA_REASONS,
  nagSuppress,
  queryIndex,
  retentionEnvironment,
  sendMail,
  settings,
  startExecution,
  tableItems,
  tableKeyViaDynamoDb,
  voiceAccess,
  voiceObjectsReason,
  workerEnvironment,
} from './shared.ts';
import { Workflow } from './Workflow.ts';

export const SWEEP_SCHEDULES = {
  redrive: 'rate(5 minutes)',
  escalate: 'rate(1 hour)',
  // Once a day, at a quiet hour (UTC).
  purge: 'cron(17 3 * * ? *)',
  // Days 1 to 3 at 06:00 UTC: the first working day is always one of them, and the function
  // itself checks which (EventBridge cannot say "first weekday of the month").
  monthlyBrief: 'cron(0 6 1-3 * ? *)',
} as const;

/** Lambda retries a failed asynchronous invocation this many times before the DLQ. */
export const SWEEP_RETRY_ATTEMPTS = 2;

/**
 * Durable timers as sweeps over table state (DESIGN.md, Workflows): EventBridge rules run
 * `redrive` (start intake again for submissions stuck before routing), `escalate` (remind
 * an inbox of work waiting past the triage SLA) and `purge` (retention: erase contact details
 * after closure, delete old spam). Each sweep has its own role. EventBridge invokes them
 * asynchronously: a run that still fails after Lambda's retries lands on the sweeps' DLQ,
 * whose depth is alarmed (stacks/Monitoring.ts). Every sweep is idempotent, so a retry or the
 * next scheduled run simply does the work again.
 */
export function Schedules({ stack }: StackContext) {
  const storage = use(Storage);
  const mail = use(Mail);
  const { intake } = use(Workflow);
  const s = settings(stack);
  const environment = { ...workerEnvironment(stack, storage, mail, s), MASHURA_INTAKE_ARN: intake.stateMachineArn };

  const dlq = new Queue(stack, 'SweepsDlq', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const async = { deadLetterQueue: dlq, retryAttempts: SWEEP_RETRY_ATTEMPTS };
  // A run EventBridge could not even hand to Lambda (throttled past its own 24 h of retries,
  // function deleted) lands on the same DLQ instead of vanishing.
  const target = { cdk: { target: { deadLetterQueue: dlq } } };

  const redrive = new Cron(stack, 'Redrive', {
    schedule: SWEEP_SCHEDULES.redrive,
    job: {
      function: {
        handler: SWEEP_FUNCTIONS.redrive,
        description: 'Mashura sweep: start intake again for submissions stuck before routing',
        timeout: '60 seconds',
        environment,
        permissions: [
          queryIndex(storage.table, 'byRoute'),
          tableKeyViaDynamoDb(stack, storage.tableKey),
          startExecution('StartIntake', intake),
        ],
        logGroup: functionLogs(stack, 'Redrive'),
        ...async,
      },
      ...target,
    },
  });

  const escalate = new Cron(stack, 'Escalate', {
    schedule: SWEEP_SCHEDULES.escalate,
    job: {
      function: {
        handler: SWEEP_FUNCTIONS.escalate,
        description: 'Mashura sweep: remind inboxes of submissions waiting past the triage SLA',
        // Sends one reminder at a time; a long backlog must not be cut off half way.
        timeout: '300 seconds',
        environment: {
          ...environment,
          MASHURA_TRIAGE_SLA_DAYS: s.MASHURA_TRIAGE_SLA_DAYS,
          MASHURA_URGENT_SLA_DAYS: s.MASHURA_URGENT_SLA_DAYS,
        },
        permissions: [
          queryIndex(storage.table, 'byStatus'),
          tableItems(storage.table, ['dynamodb:GetItem', 'dynamodb:UpdateItem']),
          tableKeyViaDynamoDb(stack, storage.tableKey),
          sendMail(stack, mail),
        ],
        logGroup: functionLogs(stack, 'Escalate'),
        ...async,
      },
      ...target,
    },
  });

  // Erasing ciphertext does not need the contact key; deleting spam needs DeleteItem, which
  // no other function in the app has.
  const purge = new Cron(stack, 'Purge', {
    schedule: SWEEP_SCHEDULES.purge,
    job: {
      function: {
        handler: SWEEP_FUNCTIONS.purge,
        description: 'Mashura sweep: retention (erase contact details after closure, delete old spam)',
        // At most 2000 submissions per run (functions/sweeps/retention.ts), one write each.
        timeout: '300 seconds',
        environment: {
          MASHURA_STAGE: stack.stage,
          MASHURA_TABLE: storage.table.tableName,
          MASHURA_VOICE_BUCKET: storage.voiceBucket.bucketName,
          ...retentionEnvironment(s),
        },
        permissions: [
          queryIndex(storage.table, 'byStatus'),
          // Recordings are erased with the contact details (issue 19): delete only.
          ...voiceAccess(stack, storage, 'erase'),
          // Deleting spam also erases it from search and its group (issue 15): read what was
          // indexed, delete each posting; re-index if the delete is refused.
          tableItems(storage.table, [
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:Query',
          ]),
          tableKeyViaDynamoDb(stack, storage.tableKey),
        ],
        logGroup: functionLogs(stack, 'Purge'),
        ...async,
      },
      ...target,
    },
  });

  // The monthly brief draft (issue 16): reads the period's submissions from the byStatus
  // index and writes one draft per addressee (conditional put). It sends nothing.
  const monthlyBrief = new Cron(stack, 'MonthlyBrief', {
    schedule: SWEEP_SCHEDULES.monthlyBrief,
    job: {
      function: {
        handler: BRIEF_SCHEDULE_FUNCTION,
        description: 'Mashura schedule: draft last month’s briefs for staff to review (never sent unreviewed)',
        timeout: '120 seconds',
        environment,
        permissions: [
          queryIndex(storage.table, 'byStatus'),
          tableItems(storage.table, ['dynamodb:GetItem', 'dynamodb:PutItem']),
          tableKeyViaDynamoDb(stack, storage.tableKey),
        ],
        logGroup: functionLogs(stack, 'MonthlyBrief'),
        ...async,
      },
      ...target,
    },
  });

  nagSuppress(dlq, [
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter queue of the sweeps; its depth is alarmed.',
    },
  ]);
  for (const cron of [redrive, escalate, purge, monthlyBrief]) {
    nagSuppress(cron.jobFunction, [
      LAMBDA_REASONS.basicRole,
      LAMBDA_REASONS.tracing,
      {
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason:
          'Failed asynchronous invocations go to the sweeps dead-letter queue (deadLetterQueue) instead of an on-failure destination; same effect, alarmed.',
      },
    ]);
  }
  nagSuppress(purge.jobFunction, [voiceObjectsReason(storage, 'erase')]);

  return { redrive, escalate, purge, monthlyBrief, dlq };
}
