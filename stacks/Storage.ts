import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { BillingMode, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { type Stack, type StackContext, Table } from 'sst/constructs';
import { TABLE_INDEXES, TABLE_KEYS } from '#store/table.ts';
import {
  CONTACT_CONTEXT_KEY,
  CONTACT_PURPOSE,
  CONTACT_READERS,
  contactReaderRoleName,
  nagSuppress,
  VOICE_PREFIX,
} from './shared.ts';

/** Every KMS call that uses the key material; the key policy below constrains all of them. */
export const CONTACT_KEY_CRYPTO_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;

/**
 * The recordings' lifecycle backstop: the purge sweep erases a recording with the contact
 * details (packages/core/retention.ts), which depends on when a submission is closed, a date
 * S3 cannot know. An object still there a year after upload (a submission never closed, or an
 * upload whose submission write failed) is expired by S3 itself.
 */
export const VOICE_EXPIRY_DAYS = 365;

/** The S3 request-metrics filter of the recordings (CloudWatch dimension FilterId). */
export const VOICE_METRICS_ID = 'VoiceObjects';

/** How long AWS Backup keeps each daily recovery point of the table. */
export const BACKUP_RETENTION_DAYS = 35;

/** The ARNs of the roles allowed to decrypt contact details (fixed names: see stacks/shared.ts). */
export function contactReaderArns(stack: Stack): string[] {
  return CONTACT_READERS.map((reader) =>
    stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: contactReaderRoleName(stack.stage, reader),
    }),
  );
}

/** Every attribute the table or an index keys on; all strings (see packages/store/table.ts). */
function keyFields(): Record<string, 'string'> {
  const names = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...Object.values(TABLE_INDEXES).flat()];
  return Object.fromEntries(names.map((name) => [name, 'string' as const]));
}

function globalIndexes() {
  return Object.fromEntries(
    Object.entries(TABLE_INDEXES).map(([name, [partitionKey, sortKey]]) => [
      name,
      { partitionKey, sortKey, projection: 'all' as const },
    ]),
  );
}

/**
 * The one DynamoDB table and the two customer-managed KMS keys.
 *
 * - `tableKey` encrypts the table at rest (DynamoDB SSE). Only DynamoDB uses it.
 * - `contactKey` wraps the data keys that @aws-crypto/client-node uses to envelope-encrypt
 *   a submitter's optional contact email before it is written. The public web function may
 *   encrypt with it but never decrypt (see stacks/Web.ts and docs/adr/0003-infrastructure.md).
 */
export function Storage({ stack }: StackContext) {
  const isProd = stack.stage === 'prod';
  const removalPolicy = isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  // Seven days is the shortest window KMS allows; prod gets the longest, as a last chance.
  const pendingWindow = Duration.days(isProd ? 30 : 7);

  const tableKey = new Key(stack, 'TableKey', {
    description: `mashura ${stack.stage}: DynamoDB table encryption at rest`,
    alias: `alias/mashura-${stack.stage}-table`,
    enableKeyRotation: true,
    pendingWindow,
    removalPolicy,
  });

  const contactKey = new Key(stack, 'ContactKey', {
    description: `mashura ${stack.stage}: envelope encryption of submitters' contact details`,
    alias: `alias/mashura-${stack.stage}-contact`,
    enableKeyRotation: true,
    pendingWindow,
    removalPolicy,
  });
  // The key policy narrows what IAM may grant, for every principal in the account (admins
  // included): the key only ever handles ciphertext sealed as contact details, and only the
  // named reader roles may decrypt it. IAM still has to grant the use (root delegation).
  contactKey.addToResourcePolicy(
    new PolicyStatement({
      sid: 'DenyUseOtherThanContactDetails',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: [...CONTACT_KEY_CRYPTO_ACTIONS],
      resources: ['*'],
      conditions: { StringNotEquals: { [CONTACT_CONTEXT_KEY]: CONTACT_PURPOSE } },
    }),
  );
  contactKey.addToResourcePolicy(
    new PolicyStatement({
      sid: 'DenyDecryptExceptContactReaders',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': contactReaderArns(stack) } },
    }),
  );

  const table = new Table(stack, 'Table', {
    fields: keyFields(),
    primaryIndex: { partitionKey: TABLE_KEYS.partitionKey, sortKey: TABLE_KEYS.sortKey },
    globalIndexes: globalIndexes(),
    timeToLiveAttribute: TABLE_KEYS.ttl,
    cdk: {
      table: {
        // SST's default too; stated here because the design depends on it.
        billingMode: BillingMode.PAY_PER_REQUEST,
        // SST passes the deprecated `pointInTimeRecovery: true`; CDK 2.224 rejects it next
        // to the newer specification, so unset it and use the specification only.
        pointInTimeRecovery: undefined,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: isProd,
        removalPolicy,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: tableKey,
      },
    },
  });

  // AWS Backup, besides point-in-time recovery: PITR is lost with the table (a deleted table's
  // PITR window survives only 35 days as a system backup, and not at all if the account is
  // compromised enough to delete it), daily recovery points in a vault of their own are not.
  // 35 days, like PITR: a backup outlives the retention sweeps by that much at most
  // (docs/security.md, "Backups and retention").
  const backupVault = new BackupVault(stack, 'BackupVault', {
    backupVaultName: `mashura-${stack.stage}`,
    encryptionKey: tableKey,
    removalPolicy,
  });
  const backupPlan = new BackupPlan(stack, 'BackupPlan', {
    backupPlanName: `mashura-${stack.stage}-table`,
    backupVault,
    backupPlanRules: [
      new BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: Schedule.cron({ minute: '41', hour: '2' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(4),
        deleteAfter: Duration.days(BACKUP_RETENTION_DAYS),
      }),
    ],
  });
  const selection = backupPlan.addSelection('Table', {
    resources: [BackupResource.fromDynamoDbTable(table.cdk.table)],
  });
  nagSuppress(selection, [
    {
      id: 'AwsSolutions-IAM4',
      reason:
        "AWS Backup's own service-role policy, the documented way to let Backup snapshot the table; the role is assumed by backup.amazonaws.com only.",
    },
  ]);

  // Voice recordings (issue 19): a private bucket of their own, encrypted with a key of their
  // own (SSE-KMS, bucket key on), TLS only, no public access of any kind, no ACLs.
  const voiceKey = new Key(stack, 'VoiceKey', {
    description: `mashura ${stack.stage}: voice recordings at rest (S3 SSE-KMS)`,
    alias: `alias/mashura-${stack.stage}-voice`,
    enableKeyRotation: true,
    pendingWindow,
    removalPolicy,
  });
  const voiceBucket = new Bucket(stack, 'VoiceBucket', {
    encryption: BucketEncryption.KMS,
    encryptionKey: voiceKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    // Unversioned: a deleted recording is gone, not kept as a noncurrent version.
    versioned: false,
    lifecycleRules: [
      { id: 'RetentionBackstop', expiration: Duration.days(VOICE_EXPIRY_DAYS) },
      { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
    removalPolicy,
    // No auto-delete, in any stage: CDK's auto-delete is a custom-resource Lambda of its own
    // (nodejs22.x, logging to a group kept forever), and a stack operation should never be
    // what deletes recordings. A non-prod bucket is emptied by hand before `sst remove`
    // (docs/voice.md, "Removing a stage"); objects expire by the lifecycle rule meanwhile.
    autoDeleteObjects: false,
    // S3 request metrics on the recordings (4xx/5xx errors are alarmed in stacks/Monitoring.ts).
    metrics: [{ id: VOICE_METRICS_ID, prefix: VOICE_PREFIX }],
  });
  // SST's `setDefaultRemovalPolicy('destroy')` (sst.config.ts, non-prod stages) turns auto-delete
  // on for every bucket by calling CDK's private `enableAutoDeleteObjects`; this bucket opts out
  // (see above). tests/infra/voice.test.ts fails if the helper appears again.
  Object.defineProperty(voiceBucket, 'enableAutoDeleteObjects', { value: () => {} });
  nagSuppress(voiceBucket, [
    {
      id: 'AwsSolutions-S1',
      reason:
        'No server access logs: they would keep a second, unencrypted record of who fetched which recording for longer than the recording itself; listening is recorded in the submission audit trail, and only two function roles and the purge can reach the objects.',
    },
  ]);

  stack.addOutputs({ TableName: table.tableName, ContactKeyArn: contactKey.keyArn });

  return { table, tableKey, contactKey, backupPlan, backupVault, voiceBucket, voiceKey };
}
