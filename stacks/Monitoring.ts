import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { type Function as SstFunction, type StackContext, use } from 'sst/constructs';
import { INBOX_SETTINGS, INBOXES } from '#core';
import { TABLE_INDEXES } from '#store/table.ts';
import { EDGE_REGION, webAclName } from './Edge.ts';
import { Mail } from './Mail.ts';
import { Schedules } from './Schedules.ts';
import { Storage, VOICE_METRICS_ID } from './Storage.ts';
import { nagSuppress, settings } from './shared.ts';
import { Web } from './Web.ts';
import { Workflow } from './Workflow.ts';

/** Thresholds, documented in docs/adr/0007-production.md ("Alarms"). */
export const THRESHOLDS = {
  /** Share of a function's responses that are 5xx, over 5 minutes, counting at least 20 requests. */
  errorRatePercent: 5,
  errorRateMinimumRequests: 20,
  /** AWS reviews an account at a 5% bounce rate and 0.1% complaint rate; warn well before. */
  sesBounceRate: 0.04,
  sesComplaintRate: 0.0008,
  /** Requests refused for a wrong or missing origin token, per 5 minutes (both functions). */
  originRefused: 20,
  /**
   * Voice recordings (issue 19), S3 request metrics on the `voice/` objects, per 5 minutes.
   * Any 4xx is a fault: the functions only put, get and delete keys a record names, so a 403
   * is a grant or key policy gone wrong, a 404 a recording lost. 5xx: S3's own errors, which
   * the SDK retries; several in 5 minutes mean uploads or playback are failing.
   */
  voiceClientErrors: 1,
  voiceServerErrors: 5,
} as const;

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Operations: one SNS topic for the operators (email subscription from
 * MASHURA_OPERATORS_EMAIL), an alarm for each way the service can quietly fail, and one
 * dashboard. Alarms notify on ALARM and on OK, and treat missing data as fine (no traffic is
 * not an incident). Metric filters read the structured JSON log lines (packages/log).
 */
export function Monitoring({ stack }: StackContext) {
  const storage = use(Storage);
  const mail = use(Mail);
  const workflow = use(Workflow);
  const web = use(Web);
  const schedules = use(Schedules);
  const s = settings(stack);
  const namespace = `Mashura/${stack.stage}`;

  const topic = new Topic(stack, 'OperatorsTopic', {
    displayName: `Mashura ${stack.stage} alarms`,
    enforceSSL: true,
  });
  topic.addSubscription(new EmailSubscription(s.MASHURA_OPERATORS_EMAIL));
  nagSuppress(topic, [
    {
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'The only subscriber is the operators email address; SNS retries email delivery itself, and an alarm stays visible in CloudWatch and on the dashboard whether or not the mail arrives.',
    },
  ]);
  const action = new SnsAction(topic);

  const alarms: Alarm[] = [];
  function alarm(
    id: string,
    metric: IMetric,
    description: string,
    threshold = 1,
    comparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  ) {
    const created = new Alarm(stack, id, {
      alarmName: `mashura-${stack.stage}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    created.addAlarmAction(action);
    created.addOkAction(action);
    alarms.push(created);
    return created;
  }

  function logCount(id: string, logGroup: ILogGroup, pattern: string, metricName: string): Metric {
    new MetricFilter(stack, id, {
      logGroup,
      filterPattern: FilterPattern.literal(pattern),
      metricNamespace: namespace,
      metricName,
      metricValue: '1',
    });
    return new Metric({ namespace, metricName, statistic: 'Sum', period: FIVE_MINUTES });
  }

  // ---- Workflows: an execution that failed or timed out (both state machines).
  const executionProblems = (machine: StateMachine, label: string) =>
    new MathExpression({
      expression: 'failed + timedOut',
      usingMetrics: {
        failed: machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
        timedOut: machine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label,
      period: FIVE_MINUTES,
    });
  alarm(
    'IntakeExecutionsFailed',
    executionProblems(workflow.intake, 'intake failed or timed out'),
    'An intake execution failed or timed out: a submission did not reach its inbox(es) yet. The failure is recorded on the submission; redrive will retry. See the state machine history.',
  );
  alarm(
    'OutcomeExecutionsFailed',
    executionProblems(workflow.outcome, 'outcome failed or timed out'),
    'An outcome execution failed or timed out: a decision was not forwarded or the submitter not told. See the state machine history.',
  );

  // ---- Mail: a delivery that failed after all retries (the `mail.failed` log event).
  const deliveryFailures = logCount(
    'DeliveryFailuresFilter',
    workflow.functions.RecordDeliveryFailure.logGroup,
    '{ $.event = "mail.failed" }',
    'DeliveryFailures',
  );
  alarm(
    'DeliveryFailures',
    deliveryFailures,
    'An email (inbox, acknowledgement or outcome) failed after all retries. Check SES sending status and the mail domain; the redrive sweep retries inbox deliveries.',
  );
  const inboxMailEvents = logCount(
    'InboxMailEventsFilter',
    mail.eventsFunction.logGroup,
    '{ $.event = "mail.event" && $.inboxAffected IS TRUE }',
    'InboxBouncesOrComplaints',
  );
  alarm(
    'InboxBounced',
    inboxMailEvents,
    `An email to an inbox (${INBOXES.join(', ')}) bounced, was rejected or drew a complaint: submissions may not be reaching people. Check the inbox addresses (${INBOX_SETTINGS.join(', ')}).`,
  );
  const sesRate = (metricName: string) =>
    new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
  alarm(
    'SesBounceRate',
    sesRate('Reputation.BounceRate'),
    'The account bounce rate is near the 5% at which AWS reviews (and may pause) sending.',
    THRESHOLDS.sesBounceRate,
  );
  alarm(
    'SesComplaintRate',
    sesRate('Reputation.ComplaintRate'),
    'The account complaint rate is near the 0.1% at which AWS reviews (and may pause) sending.',
    THRESHOLDS.sesComplaintRate,
  );

  // ---- Web: the share of 5xx responses, per function (function URL metrics).
  const errorRate = (fn: SstFunction, label: string) =>
    new MathExpression({
      expression: `100 * FILL(errors, 0) / IF(FILL(requests, 0) < ${THRESHOLDS.errorRateMinimumRequests}, ${THRESHOLDS.errorRateMinimumRequests}, requests)`,
      usingMetrics: {
        errors: fn.metric('Url5xxCount', { period: FIVE_MINUTES, statistic: 'Sum' }),
        requests: fn.metric('UrlRequestCount', { period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label,
      period: FIVE_MINUTES,
    });
  alarm(
    'PublicErrorRate',
    errorRate(web.http, 'public 5xx %'),
    `More than ${THRESHOLDS.errorRatePercent}% of public requests failed with a 5xx in 5 minutes. Check the Http function's logs (request.failed).`,
    THRESHOLDS.errorRatePercent,
    ComparisonOperator.GREATER_THAN_THRESHOLD,
  );
  alarm(
    'StaffErrorRate',
    errorRate(web.staff, 'staff 5xx %'),
    `More than ${THRESHOLDS.errorRatePercent}% of staff requests failed with a 5xx in 5 minutes. Check the Staff function's logs (staff.request-failed).`,
    THRESHOLDS.errorRatePercent,
    ComparisonOperator.GREATER_THAN_THRESHOLD,
  );
  alarm(
    'WebThrottles',
    new MathExpression({
      expression: 'FILL(http, 0) + FILL(staff, 0)',
      usingMetrics: {
        http: web.http.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        staff: web.staff.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label: 'web throttles',
      period: FIVE_MINUTES,
    }),
    'A web function hit its reserved concurrency (people got errors). Look for a flood in WAF metrics; raise MASHURA_WEB_RESERVED_CONCURRENCY if the traffic is real.',
  );

  // ---- The origin gate: requests the functions refused for a missing or wrong origin token
  // (functions/origin.ts logs `origin.refused`). A few during a token rotation are expected;
  // a spike means the rotation went wrong (people get 403) or someone found a function URL.
  const originRefused = new MathExpression({
    expression: 'FILL(http, 0) + FILL(staff, 0)',
    usingMetrics: {
      http: logCount(
        'HttpOriginRefusedFilter',
        web.http.logGroup,
        '{ $.event = "origin.refused" }',
        'OriginRefusedHttp',
      ),
      staff: logCount(
        'StaffOriginRefusedFilter',
        web.staff.logGroup,
        '{ $.event = "origin.refused" }',
        'OriginRefusedStaff',
      ),
    },
    label: 'requests refused at the origin (403)',
    period: FIVE_MINUTES,
  });
  alarm(
    'OriginRefused',
    originRefused,
    `At least ${THRESHOLDS.originRefused} requests in 5 minutes reached a web function without the right origin token and were refused (403). During an origin-token rotation: CloudFront and the functions disagree, see docs/deploy.md ("Rotating keys and secrets"). Otherwise someone is calling a function URL directly.`,
    THRESHOLDS.originRefused,
  );

  // ---- DynamoDB: throttled reads or writes on the table or any index.
  const tableName = storage.table.tableName;
  const throttleMetrics: Record<string, IMetric> = {};
  const dimensionSets: Record<string, string>[] = [
    { TableName: tableName },
    ...Object.keys(TABLE_INDEXES).map((index) => ({ TableName: tableName, GlobalSecondaryIndexName: index })),
  ];
  dimensionSets.forEach((dimensionsMap, i) => {
    for (const kind of ['Read', 'Write'] as const) {
      throttleMetrics[`${kind.toLowerCase()}${i}`] = new Metric({
        namespace: 'AWS/DynamoDB',
        metricName: `${kind}ThrottleEvents`,
        dimensionsMap,
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    }
  });
  alarm(
    'TableThrottles',
    new MathExpression({
      expression: Object.keys(throttleMetrics)
        .map((id) => `FILL(${id}, 0)`)
        .join(' + '),
      usingMetrics: throttleMetrics,
      label: 'table throttle events',
      period: FIVE_MINUTES,
    }),
    'DynamoDB throttled requests on the table or an index (on-demand: a hot partition or an account limit). The app retries; persistent throttling loses time, not data.',
  );

  // ---- Dead-letter queues of asynchronously invoked functions.
  const dlqDepth = (queue: IQueue) =>
    queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' });
  alarm(
    'SweepsDlqDepth',
    dlqDepth(schedules.dlq),
    'A sweep (redrive, escalate or purge) failed after its retries; the event is on the sweeps DLQ. Check the sweep logs; the next scheduled run usually does the work.',
  );
  alarm(
    'MailEventsDlqDepth',
    dlqDepth(mail.eventsDlq),
    'An SES bounce/complaint event could not be recorded; it is on the mail-events DLQ (it contains an address: handle it, then purge the queue).',
  );

  // ---- Voice recordings (issue 19): the bucket's request metrics on the recordings.
  const voiceRequests = (metricName: '4xxErrors' | '5xxErrors') =>
    new Metric({
      namespace: 'AWS/S3',
      metricName,
      dimensionsMap: { BucketName: storage.voiceBucket.bucketName, FilterId: VOICE_METRICS_ID },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
  alarm(
    'VoiceClientErrors',
    voiceRequests('4xxErrors'),
    'A request for a voice recording was refused (403: a function role, the bucket policy or the voice key policy no longer allows it) or found nothing (404: a recording a submission names is missing). Uploads or the staff player are failing: check the web and purge function logs and recent deploys.',
    THRESHOLDS.voiceClientErrors,
  );
  alarm(
    'VoiceServerErrors',
    voiceRequests('5xxErrors'),
    'S3 answered requests for voice recordings with server errors, more than the SDK retries absorb: uploads with a recording may be refused (the person is asked to try again) and staff may not be able to listen. Check the AWS Health Dashboard for S3 in the region.',
    THRESHOLDS.voiceServerErrors,
  );

  // ---- The dashboard.
  const distributionId = web.distribution.distributionId;
  const cloudFront = (metricName: string, statistic = 'Sum') =>
    new Metric({
      namespace: 'AWS/CloudFront',
      metricName,
      dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
      statistic,
      period: FIVE_MINUTES,
      region: EDGE_REGION,
    });
  const waf = (metricName: string) =>
    new Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap: { WebACL: webAclName(stack.stage), Rule: 'ALL' },
      statistic: 'Sum',
      period: FIVE_MINUTES,
      region: EDGE_REGION,
    });
  const perFunction = (metricName: string, statistic = 'Sum') =>
    [web.http, web.staff].map((fn) => fn.metric(metricName, { period: FIVE_MINUTES, statistic }));

  const dashboard = new Dashboard(stack, 'Dashboard', {
    dashboardName: `mashura-${stack.stage}`,
    defaultInterval: Duration.hours(24),
  });
  dashboard.addWidgets(
    new TextWidget({
      markdown: `# Mashura ${stack.stage}\nAlarms go to the operators topic. Runbook: docs/deploy.md ("When an alarm fires").`,
      width: 24,
      height: 2,
    }),
  );
  dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 4 }));
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Edge: requests, blocked by WAF',
      left: [cloudFront('Requests'), waf('BlockedRequests')],
    }),
    new GraphWidget({
      title: 'Edge: error rates (%)',
      left: [cloudFront('4xxErrorRate', 'Average'), cloudFront('5xxErrorRate', 'Average')],
    }),
    new GraphWidget({
      title: 'Functions: requests and 5xx',
      left: perFunction('UrlRequestCount'),
      right: perFunction('Url5xxCount'),
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({ title: 'Functions: latency p95 (ms)', left: perFunction('UrlRequestLatency', 'p95') }),
    new GraphWidget({
      title: 'Functions: concurrency and throttles',
      left: perFunction('ConcurrentExecutions', 'Maximum'),
      right: perFunction('Throttles'),
    }),
    new GraphWidget({
      title: 'Workflows: started, succeeded, failed',
      left: [workflow.intake, workflow.outcome].flatMap((m) => [
        m.metricStarted({ period: FIVE_MINUTES }),
        m.metricSucceeded({ period: FIVE_MINUTES }),
        m.metricFailed({ period: FIVE_MINUTES }),
      ]),
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Mail: delivery failures, inbox bounces',
      left: [deliveryFailures, inboxMailEvents],
    }),
    new GraphWidget({
      title: 'SES reputation',
      left: [sesRate('Reputation.BounceRate'), sesRate('Reputation.ComplaintRate')],
    }),
    new GraphWidget({
      title: 'DynamoDB: consumed capacity, throttles',
      left: [
        new Metric({
          namespace: 'AWS/DynamoDB',
          metricName: 'ConsumedReadCapacityUnits',
          dimensionsMap: { TableName: tableName },
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
        new Metric({
          namespace: 'AWS/DynamoDB',
          metricName: 'ConsumedWriteCapacityUnits',
          dimensionsMap: { TableName: tableName },
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
      ],
      right: Object.values(throttleMetrics),
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({ title: 'Dead-letter queues', left: [dlqDepth(schedules.dlq), dlqDepth(mail.eventsDlq)] }),
    new GraphWidget({
      title: 'Voice recordings: S3 errors',
      left: [voiceRequests('4xxErrors'), voiceRequests('5xxErrors')],
    }),
  );

  stack.addOutputs({ OperatorsTopicArn: topic.topicArn, DashboardName: `mashura-${stack.stage}` });

  return { topic, alarms, dashboard };
}
