import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Function as SstFunction, type StackContext, use } from 'sst/constructs';
import { Storage } from './Storage.ts';
import {
  functionLogs,
  inboxSettings,
  LAMBDA_REASONS,
  nagSuppress,
  settings,
  tableItems,
  tableKeyViaDynamoDb,
} from './shared.ts';

/** What SES reports to the mail-events function: the events that say a message did not land. */
export const MAIL_EVENTS = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT];

/** The domain mail is sent from; a real deployment sets MASHURA_MAIL_DOMAIN at synth. */
export const DEFAULT_MAIL_DOMAIN = 'mashura.example';

export function mailDomain(env: Record<string, string | undefined> = process.env): string {
  return env.MASHURA_MAIL_DOMAIN?.trim() || DEFAULT_MAIL_DOMAIN;
}

/**
 * SES (v2 API): the sending domain, verified with Easy DKIM, and one configuration set
 * that every message goes through (it is the identity's default, so a send that does not
 * name it still uses it).
 *
 * - Reputation metrics on (bounce and complaint rates in CloudWatch), sending enabled, TLS
 *   required to the receiving server (inbox emails carry people's words).
 * - No engagement metrics and no custom tracking domain: open/click tracking rewrites links
 *   and adds a pixel, which is tracking of the very people (and staff) we protect.
 * - The account-level suppression list applies to bounces and complaints.
 *
 * The DKIM CNAME records are stack outputs: publish them in the domain's DNS (no hosted zone
 * is assumed). An SES identity belongs to the account and region, not to a stage: two stages
 * in one account need different MASHURA_MAIL_DOMAIN values (see docs/adr/0004-workflows.md).
 */
export function Mail({ stack }: StackContext) {
  const storage = use(Storage);
  const s = settings(stack);
  const domain = mailDomain();

  const configurationSet = new ConfigurationSet(stack, 'ConfigurationSet', {
    configurationSetName: `mashura-${stack.stage}`,
    reputationMetrics: true,
    sendingEnabled: true,
    tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
  });

  const identity = new EmailIdentity(stack, 'Identity', {
    identity: Identity.domain(domain),
    configurationSet,
    dkimSigning: true,
  });

  const mailFrom = `no-reply@${domain}`;

  // Bounces, complaints and rejections: configuration set → SNS → a small Lambda that records
  // them in the table (no addresses kept; see functions/mail-events.ts). The topic accepts
  // publishes from SES for this configuration set only (CDK adds that topic policy).
  //
  // A bounce notification carries the recipient's address (a submitter's, sealed everywhere
  // else), so the topic is encrypted with a key of our own that SES may use for this account
  // only; the SNS-managed key (alias/aws/sns) cannot be granted to SES at all.
  const eventsKey = new Key(stack, 'MailEventsKey', {
    description: `mashura ${stack.stage}: SES bounce and complaint notifications (SNS)`,
    alias: `alias/mashura-${stack.stage}-mail-events`,
    enableKeyRotation: true,
    pendingWindow: Duration.days(7),
    // Nothing stays encrypted under it for long (SNS hands messages on at once, the DLQ keeps
    // its own copy under SQS's key): nothing to keep when the stage goes.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  eventsKey.addToResourcePolicy(
    new PolicyStatement({
      sid: 'SesPublishesToTheEventsTopic',
      effect: Effect.ALLOW,
      principals: [new ServicePrincipal('ses.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  );
  const eventsTopic = new Topic(stack, 'MailEventsTopic', {
    displayName: `Mashura ${stack.stage}: SES bounces and complaints`,
    enforceSSL: true,
    masterKey: eventsKey,
  });
  new ConfigurationSetEventDestination(stack, 'MailEventsDestination', {
    configurationSet,
    destination: EventDestination.snsTopic(eventsTopic),
    events: MAIL_EVENTS,
  });

  // SNS invokes the function asynchronously: after Lambda's own retries a failed event is
  // parked here (encrypted, a week) and the DLQ-depth alarm tells the operators.
  const eventsDlq = new Queue(stack, 'MailEventsDlq', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(7),
  });
  const eventsFunction = new SstFunction(stack, 'MailEvents', {
    handler: 'functions/mail-events.handler',
    description: 'Mashura: record SES bounces and complaints (no addresses)',
    environment: {
      MASHURA_STAGE: stack.stage,
      MASHURA_TABLE: storage.table.tableName,
      ...inboxSettings(s),
      MASHURA_OPERATORS_EMAIL: s.MASHURA_OPERATORS_EMAIL,
    },
    permissions: [tableItems(storage.table, ['dynamodb:PutItem']), tableKeyViaDynamoDb(stack, storage.tableKey)],
    logGroup: functionLogs(stack, 'MailEvents'),
    deadLetterQueue: eventsDlq,
    retryAttempts: 2,
  });
  nagSuppress(eventsDlq, [
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter queue (of the mail-events function); its depth is alarmed.',
    },
  ]);
  nagSuppress(eventsFunction, [
    LAMBDA_REASONS.basicRole,
    LAMBDA_REASONS.tracing,
    {
      id: 'Serverless-LambdaAsyncFailureDestination',
      reason:
        'Failed asynchronous invocations go to the function dead-letter queue (deadLetterQueue) instead of an on-failure destination; same effect, alarmed.',
    },
  ]);
  // A message SNS cannot hand to Lambda at all (after its own retries) lands in the same DLQ.
  eventsTopic.addSubscription(new LambdaSubscription(eventsFunction, { deadLetterQueue: eventsDlq }));

  stack.addOutputs({
    MailDomain: domain,
    MailFrom: mailFrom,
    ...Object.fromEntries(
      identity.dkimRecords.flatMap((record, index) => [
        [`DkimRecord${index + 1}Name`, record.name],
        [`DkimRecord${index + 1}Value`, record.value],
      ]),
    ),
  });

  return { identity, configurationSet, mailFrom, eventsTopic, eventsKey, eventsFunction, eventsDlq };
}
