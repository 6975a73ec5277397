import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BillingMode, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type StackContext, Table } from 'sst/constructs';
import { TABLE_INDEXES, TABLE_KEYS } from '#store/table.ts';

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

  stack.addOutputs({ TableName: table.tableName, ContactKeyArn: contactKey.keyArn });

  return { table, tableKey, contactKey };
}
