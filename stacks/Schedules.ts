import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Cron, type StackContext, use } from 'sst/constructs';
import { SWEEP_FUNCTIONS } from '../functions/intake/registry.ts';
import { Mail } from './Mail.ts';
import { Storage } from './Storage.ts';
import { queryIndex, sendMail, settings, tableItems, tableKeyViaDynamoDb, workerEnvironment } from './shared.ts';
import { Workflow } from './Workflow.ts';

export const SWEEP_SCHEDULES = {
  redrive: 'rate(5 minutes)',
  escalate: 'rate(1 hour)',
} as const;

/**
 * Durable timers as sweeps over table state (DESIGN.md, Workflows): EventBridge rules run
 * `redrive` (start intake again for submissions stuck before routing) and `escalate`
 * (remind an inbox of work waiting past the triage SLA). Each sweep has its own role.
 */
export function Schedules({ stack }: StackContext) {
  const storage = use(Storage);
  const mail = use(Mail);
  const { intake } = use(Workflow);
  const s = settings(stack);
  const environment = { ...workerEnvironment(stack, storage, mail, s), MASHURA_INTAKE_ARN: intake.stateMachineArn };

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
          new PolicyStatement({
            sid: 'StartIntake',
            effect: Effect.ALLOW,
            actions: ['states:StartExecution'],
            resources: [intake.stateMachineArn],
          }),
        ],
      },
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
      },
    },
  });

  return { redrive, escalate };
}
