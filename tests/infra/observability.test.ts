/**
 * Observability (issue 8, item 3) on the offline synth: a retention on every log group, the
 * operators' topic, one alarm for each way the service can quietly fail (each wired to the
 * topic, each on the right metric), metric filters that match the app's real log lines, DLQs
 * behind every asynchronously invoked function, and the dashboard.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { INBOXES, type Inbox } from '#core';
import { createLogger } from '#log';
import { createIntakeTasks } from '../../functions/intake/tasks.ts';
import { createMailEventsHandler } from '../../functions/mail-events.ts';
import { THRESHOLDS } from '../../stacks/Monitoring.ts';
import { VOICE_METRICS_ID } from '../../stacks/Storage.ts';
import { VOICE_PREFIX } from '../../stacks/shared.ts';
import {
  allTemplates,
  appFunctions,
  asArray,
  functionByHandler,
  type Json,
  mentions,
  only,
  SYNTH_TIMEOUT,
  sorted,
  synth,
  type Templates,
} from './synth.ts';

/** An address for every inbox in the table (packages/core/inboxes.ts): `<inbox>@x.example`. */
const inboxes = Object.fromEntries(INBOXES.map((inbox) => [inbox, `${inbox}@x.example`])) as Record<Inbox, string>;

const ALARMS = [
  'IntakeExecutionsFailed',
  'OutcomeExecutionsFailed',
  'DeliveryFailures',
  'InboxBounced',
  'SesBounceRate',
  'SesComplaintRate',
  'PublicErrorRate',
  'StaffErrorRate',
  'WebThrottles',
  'TableThrottles',
  'SweepsDlqDepth',
  'MailEventsDlqDepth',
  'OriginRefused',
  'VoiceClientErrors',
  'VoiceServerErrors',
] as const;

/**
 * The subset of CloudWatch Logs' JSON filter syntax the stacks use: `$.field = "text"`,
 * `$.field IS TRUE`, joined by `&&`. Enough to show a filter matches the real log line.
 */
function jsonFilterMatches(pattern: string, line: string): boolean {
  let event: Json;
  try {
    event = JSON.parse(line);
  } catch {
    return false;
  }
  const body = pattern
    .trim()
    .replace(/^\{\s*/, '')
    .replace(/\s*\}$/, '');
  return body.split('&&').every((clause) => {
    const equals = clause.trim().match(/^\$\.([\w.]+)\s*=\s*"([^"]*)"$/);
    if (equals) return event[equals[1] as string] === equals[2];
    const isTrue = clause.trim().match(/^\$\.([\w.]+)\s+IS\s+TRUE$/);
    if (isTrue) return event[isTrue[1] as string] === true;
    throw new Error(`Unsupported clause: ${clause}`);
  });
}

describe('observability (stage "ci")', () => {
  let t: Templates;
  beforeAll(async () => {
    t = await synth('ci');
  }, SYNTH_TIMEOUT);

  const alarm = (name: (typeof ALARMS)[number]) => {
    const found = Object.values(t.monitoring.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.AlarmName === `mashura-ci-${name}`,
    );
    expect(found, name).toHaveLength(1);
    return found[0] as Json;
  };
  const metricsOf = (a: Json): Json[] =>
    a.Properties.Metrics
      ? (a.Properties.Metrics as Json[]).filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric)
      : [
          {
            Namespace: a.Properties.Namespace,
            MetricName: a.Properties.MetricName,
            Dimensions: a.Properties.Dimensions,
          },
        ];

  describe('logs', () => {
    it('keeps every log group in every stack for a month, and uses no LogRetention helper', () => {
      let groups = 0;
      for (const [name, template] of allTemplates(t)) {
        expect(template.findResources('Custom::LogRetention'), name).toEqual({});
        for (const [id, group] of Object.entries(template.findResources('AWS::Logs::LogGroup'))) {
          groups++;
          expect(group.Properties.RetentionInDays, `${name}/${id}`).toBe(30);
        }
      }
      // 13 functions, 2 state machines, SST's helper in each of the 6 stacks.
      // + 3 for briefs (issue 16): the SendBriefEmail and MonthlyBrief functions, the brief state machine.
      // + 3 for consultations (issue 14): SendStatement, RecordStatementFailure, the statement state machine.
      expect(groups).toBe(13 + 2 + 6 + 3 + 3);
    });

    it('gives every Lambda a log group with a retention: its own, or one created under its name', () => {
      for (const [name, template] of allTemplates(t)) {
        const resources = template.toJSON().Resources as Json;
        for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
          const own = fn.Properties.LoggingConfig?.LogGroup?.Ref as string | undefined;
          if (own) {
            expect(resources[own]?.Type, `${name}/${id}`).toBe('AWS::Logs::LogGroup');
            expect(resources[own]?.Properties.RetentionInDays, `${name}/${id}`).toBe(30);
            continue;
          }
          // SST's CustomResourceHandler: the group Lambda would create, made up front.
          expect(id, `${name}: only SST's helper may log to /aws/lambda/<name>`).toMatch(/^CustomResourceHandler/);
          const named = Object.values(template.findResources('AWS::Logs::LogGroup')).filter((g) =>
            mentions(g.Properties.LogGroupName, id),
          );
          expect(named, `${name}/${id}`).toHaveLength(1);
          expect(named[0]?.Properties.LogGroupName['Fn::Join'][1][0]).toBe('/aws/lambda/');
        }
      }
    });
  });

  describe('the operators', () => {
    it('get a topic with an email subscription to MASHURA_OPERATORS_EMAIL, over TLS only', () => {
      const [topicId] = only(t.monitoring, 'AWS::SNS::Topic');
      const [, subscription] = only(t.monitoring, 'AWS::SNS::Subscription');
      expect(subscription.Properties).toEqual({
        Protocol: 'email',
        Endpoint: 'operators@ose.example',
        TopicArn: { Ref: topicId },
      });
      const [, policy] = only(t.monitoring, 'AWS::SNS::TopicPolicy');
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
    });

    it('are told by exactly these alarms, on ALARM and on OK, none of them noisy when idle', () => {
      const [topicId] = only(t.monitoring, 'AWS::SNS::Topic');
      const alarms = Object.values(t.monitoring.findResources('AWS::CloudWatch::Alarm'));
      expect(sorted(alarms.map((a) => a.Properties.AlarmName))).toEqual(sorted(ALARMS.map((n) => `mashura-ci-${n}`)));
      for (const a of alarms) {
        expect(a.Properties.AlarmActions, a.Properties.AlarmName).toEqual([{ Ref: topicId }]);
        expect(a.Properties.OKActions, a.Properties.AlarmName).toEqual([{ Ref: topicId }]);
        expect(a.Properties.TreatMissingData, a.Properties.AlarmName).toBe('notBreaching');
        expect(a.Properties.EvaluationPeriods).toBe(1);
        expect(String(a.Properties.AlarmDescription).length, a.Properties.AlarmName).toBeGreaterThan(40);
      }
    });
  });

  describe('alarms', () => {
    it('workflow failures: failed or timed-out executions of each state machine', () => {
      for (const [name, machine] of [
        ['IntakeExecutionsFailed', 'Intake'],
        ['OutcomeExecutionsFailed', 'Outcome'],
      ] as const) {
        const a = alarm(name);
        const metrics = metricsOf(a);
        expect(sorted(metrics.map((m) => m.MetricName))).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
        for (const m of metrics) {
          expect(m.Namespace).toBe('AWS/States');
          expect(m.Dimensions[0].Name).toBe('StateMachineArn');
          expect(mentions(m.Dimensions[0].Value, `ExportsOutputRef${machine}`), name).toBe(true);
        }
        expect(a.Properties.Threshold).toBe(1);
      }
    });

    it('delivery failures: a metric filter on `mail.failed` in the RecordDeliveryFailure logs', () => {
      const [fnId] = functionByHandler(t.workflow, 'functions/intake/record-delivery-failure.handler');
      const fn = t.workflow.toJSON().Resources[fnId] as Json;
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      const filters = Object.values(t.monitoring.findResources('AWS::Logs::MetricFilter')).filter((f) =>
        mentions(f.Properties.LogGroupName, logGroupId),
      );
      expect(filters).toHaveLength(1);
      const filter = filters[0] as Json;
      expect(filter.Properties.FilterPattern).toBe('{ $.event = "mail.failed" }');
      const [transform] = filter.Properties.MetricTransformations as [Json];
      const a = alarm('DeliveryFailures');
      expect(a.Properties).toMatchObject({
        Namespace: transform.MetricNamespace,
        MetricName: transform.MetricName,
        Statistic: 'Sum',
        Threshold: 1,
      });
      expect(transform).toMatchObject({ MetricNamespace: 'Mashura/ci', MetricValue: '1' });
    });

    it('the delivery-failure filter matches the line RecordDeliveryFailure really logs, and not others', async () => {
      const lines: string[] = [];
      const tasks = createIntakeTasks({
        store: { recordDeliveryFailure: async () => {} } as never,
        mail: { send: async () => ({ messageId: 'm' }) },
        vault: { open: async () => ({}) } as never,
        config: {
          baseUrl: 'https://x.example',
          mailFrom: 'no-reply@x.example',
          inboxes,
          operatorsEmail: 'ops@x.example',
        },
        log: createLogger((line) => lines.push(line)),
      });
      await tasks.RecordDeliveryFailure({ reference: 'ABCD1234EFGH', delivery: 'inbox-ose', error: 'MailUnavailable' });
      const filter = Object.values(t.monitoring.findResources('AWS::Logs::MetricFilter')).find(
        (f) => f.Properties.MetricTransformations[0].MetricName === 'DeliveryFailures',
      ) as Json;
      expect(lines.filter((l) => jsonFilterMatches(filter.Properties.FilterPattern, l))).toHaveLength(1);
      expect(jsonFilterMatches(filter.Properties.FilterPattern, JSON.stringify({ event: 'mail.sent' }))).toBe(false);
    });

    it('inbox bounces: a filter on the mail-events logs that matches an inbox bounce, not a submitter one', async () => {
      const filter = Object.values(t.monitoring.findResources('AWS::Logs::MetricFilter')).find(
        (f) => f.Properties.MetricTransformations[0].MetricName === 'InboxBouncesOrComplaints',
      ) as Json;
      const [fnId] = functionByHandler(t.mail, 'functions/mail-events.handler');
      const logGroupId = (t.mail.toJSON().Resources[fnId] as Json).Properties.LoggingConfig.LogGroup.Ref;
      expect(mentions(filter.Properties.LogGroupName, logGroupId)).toBe(true);
      expect(alarm('InboxBounced').Properties.MetricName).toBe('InboxBouncesOrComplaints');

      const lines: string[] = [];
      const handler = createMailEventsHandler({
        store: { record: async () => 'recorded' },
        known: { inboxes, operators: 'ops@x.example' },
        log: createLogger((line) => lines.push(line)),
      });
      const bounce = (to: string, feedbackId: string) => ({
        Sns: {
          Message: JSON.stringify({
            eventType: 'Bounce',
            bounce: {
              bounceType: 'Permanent',
              bouncedRecipients: [{ emailAddress: to }],
              timestamp: '2026-03-01T00:00:00Z',
              feedbackId,
            },
            mail: { messageId: feedbackId, timestamp: '2026-03-01T00:00:00Z', destination: [to] },
          }),
        },
      });
      await handler({ Records: [bounce('ose@x.example', 'a'), bounce('person@example.org', 'b')] });
      expect(lines.map((l) => jsonFilterMatches(filter.Properties.FilterPattern, l))).toEqual([true, false]);
    });

    it('5xx rate: more than 5% of each web function’s responses, counting at least 20 requests', () => {
      for (const [name, handler] of [
        ['PublicErrorRate', 'functions/http.handler'],
        ['StaffErrorRate', 'functions/staff.handler'],
      ] as const) {
        const a = alarm(name);
        const [fnId] = functionByHandler(t.web, handler);
        expect(a.Properties.ComparisonOperator).toBe('GreaterThanThreshold');
        expect(a.Properties.Threshold).toBe(THRESHOLDS.errorRatePercent);
        const expression = (a.Properties.Metrics as Json[]).find((m) => m.Expression)?.Expression;
        expect(expression).toBe('100 * FILL(errors, 0) / IF(FILL(requests, 0) < 20, 20, requests)');
        const byId = Object.fromEntries((a.Properties.Metrics as Json[]).map((m) => [m.Id, m.MetricStat?.Metric]));
        expect(byId.errors).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Url5xxCount' });
        expect(byId.requests).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'UrlRequestCount' });
        expect(mentions(byId.errors.Dimensions, fnId)).toBe(true);
        expect(mentions(byId.requests.Dimensions, fnId)).toBe(true);
      }
    });

    it('throttles: the web functions hitting reserved concurrency; the table and every index', () => {
      const web = metricsOf(alarm('WebThrottles'));
      expect(web.map((m) => m.MetricName)).toEqual(['Throttles', 'Throttles']);
      const table = metricsOf(alarm('TableThrottles'));
      expect(table).toHaveLength(10);
      expect(new Set(table.map((m) => m.Namespace))).toEqual(new Set(['AWS/DynamoDB']));
      expect(sorted(new Set(table.map((m) => m.MetricName)))).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
      const indexes = table.flatMap((m) =>
        asArray<Json>(m.Dimensions)
          .filter((d) => d.Name === 'GlobalSecondaryIndexName')
          .map((d) => d.Value),
      );
      expect(sorted(new Set(indexes))).toEqual(['byRoute', 'byStatus', 'urgentByRoute', 'urgentByStatus']);
    });

    it('SES: bounce rate at 4% and complaint rate at 0.08%, before AWS reviews the account', () => {
      expect(alarm('SesBounceRate').Properties).toMatchObject({
        Namespace: 'AWS/SES',
        MetricName: 'Reputation.BounceRate',
        Statistic: 'Maximum',
        Threshold: 0.04,
      });
      expect(alarm('SesComplaintRate').Properties).toMatchObject({
        Namespace: 'AWS/SES',
        MetricName: 'Reputation.ComplaintRate',
        Threshold: 0.0008,
      });
    });

    it('DLQ depth: one message on either dead-letter queue', () => {
      const [sweepsQueue] = only(t.schedules, 'AWS::SQS::Queue');
      const [mailQueue] = only(t.mail, 'AWS::SQS::Queue');
      for (const [name, queueId] of [
        ['SweepsDlqDepth', sweepsQueue],
        ['MailEventsDlqDepth', mailQueue],
      ] as const) {
        const a = alarm(name);
        expect(a.Properties).toMatchObject({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Threshold: 1,
        });
        expect(mentions(a.Properties.Dimensions, queueId), name).toBe(true);
      }
    });

    it('voice recordings: any 4xx, or five 5xx in 5 minutes, on the voice bucket’s request metrics', () => {
      const bucketId = Object.keys(t.storage.findResources('AWS::S3::Bucket')).find((id) =>
        id.startsWith('VoiceBucket'),
      );
      expect(bucketId).toBeDefined();
      const bucket = t.storage.findResources('AWS::S3::Bucket')[bucketId as string] as Json;
      // The request metrics the alarms read exist, on the recordings' prefix.
      expect(bucket.Properties.MetricsConfigurations).toEqual([{ Id: VOICE_METRICS_ID, Prefix: VOICE_PREFIX }]);
      for (const [name, metric, threshold] of [
        ['VoiceClientErrors', '4xxErrors', THRESHOLDS.voiceClientErrors],
        ['VoiceServerErrors', '5xxErrors', THRESHOLDS.voiceServerErrors],
      ] as const) {
        const a = alarm(name);
        expect(a.Properties).toMatchObject({
          Namespace: 'AWS/S3',
          MetricName: metric,
          Statistic: 'Sum',
          Period: 300,
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
        const dimensions = a.Properties.Dimensions as Json[];
        expect(dimensions.map((d) => d.Name).sort()).toEqual(['BucketName', 'FilterId']);
        expect(dimensions.find((d) => d.Name === 'FilterId')?.Value).toBe(VOICE_METRICS_ID);
        expect(mentions(dimensions.find((d) => d.Name === 'BucketName')?.Value, bucketId as string), name).toBe(true);
      }
      expect(THRESHOLDS.voiceClientErrors).toBe(1);
    });
  });

  it('gives every asynchronously invoked function (EventBridge, SNS) a DLQ and bounded retries', () => {
    let async = 0;
    for (const { fn, id, template } of appFunctions(t)) {
      const invokers = Object.values(template.findResources('AWS::Lambda::Permission'))
        .filter((p) => mentions(p.Properties.FunctionName, id))
        .map((p) => p.Properties.Principal);
      if (!invokers.some((p) => p === 'events.amazonaws.com' || p === 'sns.amazonaws.com')) continue;
      async++;
      expect(fn.Properties.DeadLetterConfig?.TargetArn, fn.Properties.Handler).toBeDefined();
      const config = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).filter((c) =>
        mentions(c.Properties.FunctionName, id),
      );
      expect(config, fn.Properties.Handler).toHaveLength(1);
      expect(config[0]?.Properties.MaximumRetryAttempts).toBe(2);
    }
    // The three sweeps, the monthly brief draft and the SES event handler.
    expect(async).toBe(5);
  });

  it('has a dashboard with the alarms, the functions, the workflows, mail, the table and the edge (us-east-1)', () => {
    const [, dashboard] = only(t.monitoring, 'AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties.DashboardName).toBe('mashura-ci');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const needle of [
      'alarm',
      'AWS/CloudFront',
      '5xxErrorRate',
      'AWS/WAFV2',
      'BlockedRequests',
      '\\"region\\":\\"us-east-1\\"',
      'UrlRequestLatency',
      'ExecutionsFailed',
      'DeliveryFailures',
      'Reputation.BounceRate',
      'ConsumedWriteCapacityUnits',
      'ApproximateNumberOfMessagesVisible',
      'mashura-ci',
    ]) {
      expect(body, needle).toContain(needle);
    }
  });
});
