import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Api, Config, Function as SstFunction, type StackContext, use } from 'sst/constructs';
import { Storage } from './Storage.ts';
import { TABLE_KEY_ACTIONS } from './shared.ts';
import { Workflow } from './Workflow.ts';

/** The only DynamoDB actions the public web function needs: no Scan, no Delete, no batch. */
export const WEB_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
] as const;

/**
 * Encrypt-only on the contact key: @aws-crypto/client-node's KMS keyring calls
 * GenerateDataKey for the generator key (Encrypt for any additional key). No Decrypt.
 */
export const WEB_CONTACT_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Encrypt'] as const;

/** What DynamoDB needs from the caller to use the table's SSE key, and only through DynamoDB. */
export const WEB_TABLE_KEY_ACTIONS = TABLE_KEY_ACTIONS;

/**
 * Access logs without anything that identifies a person: SST's default format records the
 * caller's IP address and user agent, which the design forbids. No path either, so a
 * sign-in token or a reference code never lands in a log.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestTime: '$context.requestTime',
  requestId: '$context.requestId',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  integrationError: '$context.integration.error',
});

export const API_THROTTLE = { rate: 50, burst: 100 } as const;

export function Web({ stack }: StackContext) {
  const { table, tableKey, contactKey } = use(Storage);
  const { intake } = use(Workflow);

  // The value is set out of band: `npx sst secrets set RECEIPT_SECRET <value> --stage <stage>`.
  const receiptSecret = new Config.Secret(stack, 'RECEIPT_SECRET');

  const http = new SstFunction(stack, 'Http', {
    handler: 'functions/http.handler',
    description: 'Mashura public web app (Hono)',
    environment: {
      MASHURA_STAGE: stack.stage,
      MASHURA_TABLE: table.tableName,
      MASHURA_CONTACT_KEY_ARN: contactKey.keyArn,
      // Started after the durable write, named after the submission (a second start is a no-op).
      MASHURA_INTAKE_ARN: intake.stateMachineArn,
    },
    // Not `bind: [table]`: SST's table binding grants `dynamodb:*`.
    bind: [receiptSecret],
    permissions: [
      new PolicyStatement({
        sid: 'TableReadWrite',
        effect: Effect.ALLOW,
        actions: [...WEB_TABLE_ACTIONS],
        resources: [table.tableArn, `${table.tableArn}/index/*`],
      }),
      new PolicyStatement({
        sid: 'ContactKeyEncryptOnly',
        effect: Effect.ALLOW,
        actions: [...WEB_CONTACT_KEY_ACTIONS],
        resources: [contactKey.keyArn],
      }),
      new PolicyStatement({
        sid: 'TableKeyViaDynamoDB',
        effect: Effect.ALLOW,
        actions: [...WEB_TABLE_KEY_ACTIONS],
        resources: [tableKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com` },
        },
      }),
      new PolicyStatement({
        sid: 'StartIntake',
        effect: Effect.ALLOW,
        actions: ['states:StartExecution'],
        resources: [intake.stateMachineArn],
      }),
    ],
  });

  const api = new Api(stack, 'Api', {
    // Same-origin, server-rendered pages: no cross-origin callers to allow.
    cors: false,
    accessLog: { format: ACCESS_LOG_FORMAT, retention: 'one_month' },
    defaults: { throttle: { ...API_THROTTLE } },
    routes: { $default: http },
  });

  stack.addOutputs({ ApiUrl: api.url });

  return { api, http };
}
