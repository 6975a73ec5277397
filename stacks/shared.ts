import { Annotations, Stack as CdkStack, type CfnElement } from 'aws-cdk-lib';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ConfigurationSet, EmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { type App, Stack } from 'sst/constructs';
import {
  CAMPAIGN_SETTINGS,
  INBOX_SETTING_DEFAULTS,
  INBOX_SETTINGS,
  type InboxSetting,
  loadConfig,
  loadStaffConfig,
} from '#core';

/**
 * Pieces every stack shares: explicit IAM statements (never SST's `bind: [table]`, which
 * grants dynamodb:*), per-function log groups with a retention, and the settings read from
 * the environment at synth (see docs/deploy.md).
 */

/** The Lambda runtime of every function in every stack (SST's helper included). */
export const LAMBDA_RUNTIME = 'nodejs24.x' as const;

/** Every log group the app creates keeps this long (Lambda, Step Functions). */
export const LOG_RETENTION = RetentionDays.ONE_MONTH;
export const LOG_RETENTION_DAYS = 30;

/**
 * The encryption context packages/crypto/contact.ts binds into every contact ciphertext
 * (`purpose`, plus the submission's `reference`). KMS sees it on every call, so IAM and the
 * key policy can require it: a role holding the contact key can still only use it for
 * contact details (tests/infra asserts the two stay equal).
 */
export const CONTACT_PURPOSE = 'mashura-contact';
export const CONTACT_CONTEXT_KEY = 'kms:EncryptionContext:purpose';

/** What DynamoDB needs from the caller to use the table's SSE key, and only through DynamoDB. */
export const TABLE_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'] as const;

/** SST's Table (and CDK's) as far as these statements need it. */
export interface TableRef {
  tableArn: string;
  tableName: string;
}

export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:BatchGetItem';

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
export function tableItems(table: TableRef, actions: readonly TableAction[], sid = 'TableItems'): PolicyStatement {
  return new PolicyStatement({
    sid,
    effect: Effect.ALLOW,
    actions: [...actions],
    resources: [table.tableArn],
  });
}

/** Query on named indexes only. */
export function queryIndex(table: TableRef, ...indexes: string[]): PolicyStatement {
  const sid = indexes.map((index) => `${index[0]?.toUpperCase()}${index.slice(1)}`).join('');
  return new PolicyStatement({
    sid: `Query${sid}`,
    effect: Effect.ALLOW,
    actions: ['dynamodb:Query'],
    resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
  });
}

/**
 * Consultations (issue 14): Query on the table itself, but only in consultation partitions
 * (`CONS#<id>`: points and statements; `CONSVOTES#…`: a participant's own votes), so the
 * public function still cannot list submissions, staff or sessions.
 */
export function queryConsultations(table: TableRef): PolicyStatement {
  return new PolicyStatement({
    sid: 'QueryConsultationPartitions',
    effect: Effect.ALLOW,
    actions: ['dynamodb:Query'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CONS#*', 'CONSVOTES#*'] } },
  });
}

/** Contact details: seal only (the KMS keyring's encrypt path), and only as contact details. */
export function sealContact(contactKey: IKey): PolicyStatement {
  return new PolicyStatement({
    sid: 'ContactKeySealOnly',
    effect: Effect.ALLOW,
    actions: ['kms:GenerateDataKey'],
    resources: [contactKey.keyArn],
    conditions: { StringEquals: { [CONTACT_CONTEXT_KEY]: CONTACT_PURPOSE } },
  });
}

/** Contact details: open (decrypt), and only ciphertext sealed as contact details. */
export function openContact(contactKey: IKey): PolicyStatement {
  return new PolicyStatement({
    sid: 'ContactKeyDecrypt',
    effect: Effect.ALLOW,
    actions: ['kms:Decrypt'],
    resources: [contactKey.keyArn],
    conditions: { StringEquals: { [CONTACT_CONTEXT_KEY]: CONTACT_PURPOSE } },
  });
}

/** states:StartExecution on one state machine. */
export function startExecution(sid: string, stateMachine: Pick<IStateMachine, 'stateMachineArn'>): PolicyStatement {
  return new PolicyStatement({
    sid,
    effect: Effect.ALLOW,
    actions: ['states:StartExecution'],
    resources: [stateMachine.stateMachineArn],
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
 * MASHURA_SES_SANDBOX=true at synth: the account is still in the SES sandbox (docs/deploy.md,
 * "First deploy"). There SES also authorises each send against the *recipient's* identity
 * (every recipient must be a verified identity of the account), so the senders need
 * ses:SendEmail on the account's identities in the region too. Off once production access is
 * granted: then only our own identity and configuration set.
 */
export function sesSandbox(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.MASHURA_SES_SANDBOX?.trim().toLowerCase();
  if (!value || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new Error(`MASHURA_SES_SANDBOX must be true or false: ${env.MASHURA_SES_SANDBOX}`);
}

/**
 * SES v2 SendEmail from our identity only. SES authorizes the call against the sending
 * identity and the configuration set it uses, so both ARNs are needed, and nothing else
 * (plus, in the sandbox only, the verified recipient identities: `sesSandbox`).
 */
export function sendMail(stack: Stack, mail: MailResources): PolicyStatement {
  const resources = [mail.identity.emailIdentityArn, configurationSetArn(stack, mail.configurationSet)];
  if (sesSandbox()) resources.push(stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }));
  return new PolicyStatement({
    sid: 'SendMail',
    effect: Effect.ALLOW,
    actions: ['ses:SendEmail'],
    resources,
  });
}

/**
 * A function's own log group, created with the stack and kept LOG_RETENTION. Passing it as
 * the function's `logGroup` replaces CDK's Custom::LogRetention helper (a Lambda whose own
 * log group would have no retention) and gives alarms a log group to filter.
 */
export function functionLogs(stack: Stack, id: string): LogGroup {
  return new LogGroup(stack, `${id}Logs`, { retention: LOG_RETENTION });
}

/**
 * SST puts a helper Lambda (`CustomResourceHandler`) in every stack, used only by custom
 * resources (none of ours today). Should it ever run, its logs get the same retention: the
 * group is created up front under the name Lambda would use. SST 2.49.8 pins it to
 * nodejs22.x; it runs on LAMBDA_RUNTIME like everything else.
 */
export function helperLogs(app: App): void {
  for (const child of app.node.children) {
    if (!(child instanceof Stack)) continue;
    const helper = child.customResourceHandler.node.defaultChild as CfnFunction;
    helper.runtime = LAMBDA_RUNTIME;
    nagSuppress(child.customResourceHandler, [
      LAMBDA_REASONS.basicRole,
      LAMBDA_REASONS.tracing,
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          "SST's custom-resource helper, called synchronously by CloudFormation during a deploy (which fails visibly); no custom resource of ours uses it today.",
      },
    ]);
    new LogGroup(child, 'CustomResourceHandlerLogs', {
      logGroupName: `/aws/lambda/${child.customResourceHandler.functionName}`,
      retention: LOG_RETENTION,
    });
  }
}

/**
 * cdk-nag (AwsSolutions and Serverless packs, tests/infra/nag.test.ts): a rule this app
 * breaks on purpose is suppressed here, on the construct it concerns, with the reason.
 * `appliesTo` narrows a suppression to the one finding (a policy ARN, `Resource::*`).
 */
export interface NagReason {
  id: string;
  reason: string;
  appliesTo?: string[];
}
export function nagSuppress(construct: IConstruct, reasons: NagReason[]): void {
  NagSuppressions.addResourceSuppressions(construct, reasons, true);
}

export const BASIC_EXECUTION_ROLE =
  'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** Findings every function of the app shares, each with its reason. */
export const LAMBDA_REASONS = {
  basicRole: {
    id: 'AwsSolutions-IAM4',
    appliesTo: [BASIC_EXECUTION_ROLE],
    reason:
      'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; every data permission is an explicit statement of ours (tests/infra/policies.test.ts).',
  },
  tracing: {
    id: 'Serverless-LambdaTracing',
    reason:
      'No X-Ray by decision (docs/adr/0003-infrastructure.md): traces are telemetry about the people we protect that nobody reads; logs and alarms cover operations.',
  },
  synchronous: {
    id: 'Serverless-LambdaDLQ',
    reason:
      'Invoked synchronously only (function URL or Step Functions Task), where a DLQ never applies; the caller sees the error and retries (workflow Retry/Catch, the person resubmits).',
  },
} satisfies Record<string, NagReason>;

/**
 * The roles that may decrypt contact details get fixed names, so the contact key's key
 * policy (stacks/Storage.ts) can name them without depending on the stacks that create them.
 */
export const CONTACT_READERS = ['AcknowledgeSubmitter', 'NotifySubmitter', 'Staff'] as const;
export type ContactReader = (typeof CONTACT_READERS)[number];

export function contactReaderRoleName(stage: string, reader: ContactReader): string {
  const name = `mashura-${stage}-contact-${reader}`;
  if (name.length > 64) throw new Error(`IAM role name too long for stage "${stage}": ${name}`);
  return name;
}

export function contactReaderRole(stack: Stack, reader: ContactReader): Role {
  const role = new Role(stack, `${reader}Role`, {
    roleName: contactReaderRoleName(stack.stage, reader),
    description: `Mashura ${stack.stage}: ${reader}, one of the few roles that may decrypt contact details`,
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  });
  nagSuppress(role, [LAMBDA_REASONS.basicRole]);
  return role;
}

/**
 * Settings read from the environment at synth. The fallbacks are DESIGN.md's local-mode
 * addresses: fine for a throwaway stage, wrong for production, so prod warns when any is
 * missing (`npx sst deploy --stage prod` prints the warning).
 */
export const SETTING_FALLBACKS = {
  ...INBOX_SETTING_DEFAULTS,
  MASHURA_OPERATORS_EMAIL: 'operators@ose.example',
  MASHURA_BASE_URL: 'https://mashura.example',
  MASHURA_TRIAGE_SLA_DAYS: '3',
  MASHURA_URGENT_SLA_DAYS: '1',
  MASHURA_CONTACT_RETENTION_DAYS: '90',
  MASHURA_SPAM_RETENTION_DAYS: '30',
} as const;

export type SettingName = keyof typeof SETTING_FALLBACKS;

/** Numbers with a sensible default: no warning when they are left unset. */
const TUNABLE = /_DAYS$/;

/** Every inbox's address setting (packages/core/inboxes.ts), for a function that mails or recognises inboxes. */
export const inboxSettings = (s: Record<SettingName, string>) =>
  Object.fromEntries(INBOX_SETTINGS.map((name) => [name, s[name]])) as Record<InboxSetting, string>;

export function settings(stack: Stack, env: Record<string, string | undefined> = process.env) {
  const values = {} as Record<SettingName, string>;
  const fallen: SettingName[] = [];
  for (const [name, fallback] of Object.entries(SETTING_FALLBACKS) as [SettingName, string][]) {
    let value = env[name]?.trim();
    // With a custom domain and no explicit base URL, links point at the domain.
    if (!value && name === 'MASHURA_BASE_URL' && env.MASHURA_DOMAIN?.trim()) {
      value = `https://${env.MASHURA_DOMAIN.trim()}`;
    }
    values[name] = value || fallback;
    if (!value && !TUNABLE.test(name)) fallen.push(name);
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

/** The environment of every worker Lambda (workflow tasks, sweeps) and the staff function. */
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
    ...inboxSettings(s),
    MASHURA_OPERATORS_EMAIL: s.MASHURA_OPERATORS_EMAIL,
    MASHURA_BASE_URL: s.MASHURA_BASE_URL,
    ...campaignEnvironment(),
  };
}

/**
 * The campaign rule set at synth (MASHURA_CAMPAIGN_SIZE, MASHURA_CAMPAIGN_HOURS), for every
 * function that groups submissions: the workflow records campaigns by it, the staff function
 * flags them by it — the same rule on both sides. Unset, the app's default applies; a bad
 * value fails the deploy.
 */
export function campaignEnvironment(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const set: Record<string, string> = {};
  for (const name of Object.keys(CAMPAIGN_SETTINGS) as (keyof typeof CAMPAIGN_SETTINGS)[]) {
    const value = env[name]?.trim();
    if (value) set[name] = value;
  }
  loadConfig(set);
  return set;
}

/**
 * The public function's abuse limits (packages/core/config.ts). Only those set at synth
 * are passed on, so the app's own defaults stay the one source of the numbers; the values
 * are checked here with the app's own schema, so a bad one fails the deploy, not a cold start.
 */
export const RATE_SETTINGS = [
  'MASHURA_RATE_SUBMIT_PER_HOUR',
  'MASHURA_RATE_SUBMIT_NO_POW_PER_HOUR',
  'MASHURA_RATE_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY',
  'MASHURA_RATE_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_DAY',
  'MASHURA_RATE_STATUS_PER_HOUR',
  'MASHURA_RATE_STATUS_PER_REFERENCE_PER_HOUR',
] as const;

export function rateEnvironment(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const set: Record<string, string> = {};
  for (const name of RATE_SETTINGS) {
    const value = env[name]?.trim();
    if (value) set[name] = value;
  }
  loadConfig(set);
  return set;
}

/**
 * The staff function's own limits (packages/core/staff.ts): sign-in limits (issue 12) and the
 * campaign rule (issue 15). As with the public limits, only those set at synth are passed on,
 * checked with the staff app's schema so a bad value fails the deploy.
 */
export const STAFF_SETTINGS = [
  'MASHURA_STAFF_SESSION_HOURS',
  'MASHURA_STAFF_SIGNIN_PER_15MIN',
  'MASHURA_STAFF_SIGNIN_EMAILS_PER_DAY',
  'MASHURA_STAFF_SIGNIN_PER_CLIENT_PER_15MIN',
  'MASHURA_STAFF_SIGNIN_ANONYMOUS_PER_10S',
  'MASHURA_CAMPAIGN_SIZE',
  'MASHURA_CAMPAIGN_HOURS',
] as const;

export function staffSettingsEnvironment(
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const set: Record<string, string> = {};
  for (const name of STAFF_SETTINGS) {
    const value = env[name]?.trim();
    if (value) set[name] = value;
  }
  loadStaffConfig(set);
  return set;
}

/** What the public pages state about retention, and what the purge sweep enforces: one source. */
export function retentionEnvironment(s: Record<SettingName, string>) {
  return {
    MASHURA_CONTACT_RETENTION_DAYS: s.MASHURA_CONTACT_RETENTION_DAYS,
    MASHURA_SPAM_RETENTION_DAYS: s.MASHURA_SPAM_RETENTION_DAYS,
  };
}

/** Where recordings live in their bucket: every grant is on this prefix only (packages/objects voiceKey). */
export const VOICE_PREFIX = 'voice/';

interface VoiceResources {
  voiceBucket: IBucket;
  voiceKey: IKey;
}

/**
 * cdk-nag's IAM5 on the voice grants: a recording's key is `voice/<ref>/<token hash>`, made
 * per submission, so a grant on the objects has to name the prefix. The suppression applies
 * to that one resource (the voice bucket's `voice/*`), nothing else of the role.
 */
export function voiceObjectsReason(voice: VoiceResources, use: 'upload' | 'listen' | 'erase'): NagReason {
  const bucket = voice.voiceBucket.node.defaultChild as CfnElement;
  const logicalId = CdkStack.of(bucket).resolve(bucket.logicalId) as string;
  const action = { upload: 's3:PutObject', listen: 's3:GetObject', erase: 's3:DeleteObject' }[use];
  return {
    id: 'AwsSolutions-IAM5',
    appliesTo: [`Resource::<${logicalId}.Arn>/${VOICE_PREFIX}*`],
    reason: `${action} on the voice bucket's ${VOICE_PREFIX}* only: each recording's object key is made per submission (${VOICE_PREFIX}<ref>/<token hash>), so no fixed object ARN exists to name; the bucket holds nothing else.`,
  };
}

/**
 * The voice recordings (issue 19). Upload: the public function only, PutObject on the prefix,
 * and the voice key's data keys only through S3 (SSE-KMS). Listen: the staff function only,
 * GetObject and Decrypt through S3. Erase: the purge only, DeleteObject (no key needed).
 */
export function voiceAccess(
  stack: Stack,
  voice: VoiceResources,
  use: 'upload' | 'listen' | 'erase',
): PolicyStatement[] {
  const objects = `${voice.voiceBucket.bucketArn}/${VOICE_PREFIX}*`;
  const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } };
  if (use === 'erase') {
    return [
      new PolicyStatement({
        sid: 'VoiceErase',
        effect: Effect.ALLOW,
        actions: ['s3:DeleteObject'],
        resources: [objects],
      }),
    ];
  }
  const upload = use === 'upload';
  return [
    new PolicyStatement({
      sid: upload ? 'VoiceUpload' : 'VoiceListen',
      effect: Effect.ALLOW,
      actions: [upload ? 's3:PutObject' : 's3:GetObject'],
      resources: [objects],
    }),
    new PolicyStatement({
      sid: upload ? 'VoiceKeySeal' : 'VoiceKeyOpen',
      effect: Effect.ALLOW,
      actions: upload ? ['kms:GenerateDataKey'] : ['kms:Decrypt'],
      resources: [voice.voiceKey.keyArn],
      conditions: viaS3,
    }),
  ];
}
