import { Annotations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ConfigurationSet, EmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Stack } from 'sst/constructs';

/**
 * Pieces every worker stack (Workflow, Schedules) and the Web stack share: explicit IAM
 * statements (never SST's `bind: [table]`, which grants dynamodb:*) and the environment
 * the workers read through packages/core/config.ts.
 */

/** What DynamoDB needs from the caller to use the table's SSE key, and only through DynamoDB. */
export const TABLE_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'] as const;

/** SST's Table (and CDK's) as far as these statements need it. */
export interface TableRef {
  tableArn: string;
  tableName: string;
}

export type TableAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:Query';

/** The table key, usable only by DynamoDB on the caller's behalf (`kms:ViaService`). */
export function tableKeyViaDynamoDb(stack: Stack, tableKey: IKey): PolicyStatement {
  return new PolicyStatement({
    sid: 'TableKeyViaDynamoDB',
    effect: Effect.ALLOW,
    actions: [...TABLE_KEY_ACTIONS],
    resources: [tableKey.keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com` },
    },
  });
}

/** Item actions on the table itself (not its indexes). */
export function tableItems(table: TableRef, actions: readonly TableAction[]): PolicyStatement {
  return new PolicyStatement({
    sid: 'TableItems',
    effect: Effect.ALLOW,
    actions: [...actions],
    resources: [table.tableArn],
  });
}

/** Query on one named index only. */
export function queryIndex(table: TableRef, index: string): PolicyStatement {
  return new PolicyStatement({
    sid: `Query${index[0]?.toUpperCase()}${index.slice(1)}`,
    effect: Effect.ALLOW,
    actions: ['dynamodb:Query'],
    resources: [`${table.tableArn}/index/${index}`],
  });
}

export interface MailResources {
  identity: EmailIdentity;
  configurationSet: ConfigurationSet;
  mailFrom: string;
}

export function configurationSetArn(stack: Stack, configurationSet: ConfigurationSet): string {
  return stack.formatArn({
    service: 'ses',
    resource: 'configuration-set',
    resourceName: configurationSet.configurationSetName,
  });
}

/**
 * SES v2 SendEmail from our identity only. SES authorizes the call against the sending
 * identity and the configuration set it uses, so both ARNs are needed, and nothing else.
 */
export function sendMail(stack: Stack, mail: MailResources): PolicyStatement {
  return new PolicyStatement({
    sid: 'SendMail',
    effect: Effect.ALLOW,
    actions: ['ses:SendEmail'],
    resources: [mail.identity.emailIdentityArn, configurationSetArn(stack, mail.configurationSet)],
  });
}

/**
 * Settings read from the environment at synth. The fallbacks are DESIGN.md's local-mode
 * addresses: fine for a throwaway stage, wrong for production, so prod warns when any is
 * missing (`npx sst deploy --stage prod` prints the warning).
 */
export const SETTING_FALLBACKS = {
  MASHURA_OSE_INBOX: 'ose-inbox@ose.example',
  MASHURA_DONORS_INBOX: 'donors-inbox@donors.example',
  MASHURA_OPERATORS_EMAIL: 'operators@ose.example',
  MASHURA_BASE_URL: 'https://mashura.example',
  MASHURA_TRIAGE_SLA_DAYS: '3',
  MASHURA_URGENT_SLA_DAYS: '1',
} as const;

export type SettingName = keyof typeof SETTING_FALLBACKS;

export function settings(stack: Stack, env: Record<string, string | undefined> = process.env) {
  const values = {} as Record<SettingName, string>;
  const fallen: SettingName[] = [];
  for (const [name, fallback] of Object.entries(SETTING_FALLBACKS) as [SettingName, string][]) {
    const value = env[name]?.trim();
    values[name] = value || fallback;
    if (!value && !name.endsWith('_SLA_DAYS')) fallen.push(name);
  }
  if (stack.stage === 'prod' && fallen.length > 0) {
    Annotations.of(stack).addWarningV2(
      'mashura:settings.fallback',
      `Using placeholder values for ${fallen.join(', ')}: set them in the environment before deploying prod.`,
    );
  }
  return values;
}

export interface WorkerResources {
  table: TableRef;
  contactKey: IKey;
}

/** The environment of every worker Lambda (intake tasks and sweeps). */
export function workerEnvironment(
  stack: Stack,
  storage: WorkerResources,
  mail: MailResources,
  s: Record<SettingName, string> = settings(stack),
) {
  return {
    MASHURA_STAGE: stack.stage,
    MASHURA_TABLE: storage.table.tableName,
    MASHURA_CONTACT_KEY_ARN: storage.contactKey.keyArn,
    MASHURA_MAIL_FROM: mail.mailFrom,
    MASHURA_MAIL_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
    MASHURA_OSE_INBOX: s.MASHURA_OSE_INBOX,
    MASHURA_DONORS_INBOX: s.MASHURA_DONORS_INBOX,
    MASHURA_OPERATORS_EMAIL: s.MASHURA_OPERATORS_EMAIL,
    MASHURA_BASE_URL: s.MASHURA_BASE_URL,
  };
}
