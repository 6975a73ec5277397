/**
 * The AWS findings of issue 12 (14–19) as the synthesized templates show them: runtime,
 * streamed staff responses, SES sandbox switch, the encrypted bounce topic, backups, edge
 * response headers, the origin-token rotation and its alarm, and the sweeps' EventBridge DLQ.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_CSP } from '../../stacks/Web.ts';
import {
  allTemplates,
  appFunctions,
  asArray,
  functionByHandler,
  functionStatements,
  type Json,
  mentions,
  only,
  SYNTH_TIMEOUT,
  synth,
  type Templates,
} from './synth.ts';

describe('issue 12: the AWS side (stage "ci")', () => {
  let t: Templates;
  beforeAll(async () => {
    t = await synth('ci');
  }, SYNTH_TIMEOUT);

  it('runs every Lambda in every stack on nodejs24.x, SST helper included', () => {
    for (const [stack, template] of allTemplates(t)) {
      for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
        expect(fn.Properties.Runtime, `${stack}/${id}`).toBe('nodejs24.x');
      }
    }
    expect(appFunctions(t).length).toBeGreaterThan(10);
  });

  it('streams the staff function URL; the public one stays buffered', () => {
    const urls = Object.values(t.web.findResources('AWS::Lambda::Url'));
    const staffId = functionByHandler(t.web, 'functions/staff.handler')[0];
    const httpId = functionByHandler(t.web, 'functions/http.handler')[0];
    const modeOf = (id: string) =>
      urls.find((u) => mentions(u.Properties.TargetFunctionArn, id))?.Properties.InvokeMode;
    expect(modeOf(staffId)).toBe('RESPONSE_STREAM');
    expect(modeOf(httpId)).toBe('BUFFERED');
  });

  it('sends mail only from our identity and configuration set outside the SES sandbox', () => {
    for (const { fn, template } of appFunctions(t)) {
      for (const s of functionStatements(template, fn).filter((s) => s.Sid === 'SendMail')) {
        expect(JSON.stringify(s.Resource)).not.toContain('identity/*');
      }
    }
  });

  it('encrypts the bounce topic with its own key, which SES of this account alone may use', () => {
    const [, topic] = only(t.mail, 'AWS::SNS::Topic');
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = t.mail.toJSON().Resources[keyId] as Json;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const ses = asArray<Json>(key.Properties.KeyPolicy.Statement).filter(
      (s) => s.Principal?.Service === 'ses.amazonaws.com',
    );
    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toEqual(['kms:GenerateDataKey*', 'kms:Decrypt']);
    expect(ses[0]?.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
  });

  it('backs the table up daily with AWS Backup, 35 days, in a vault under the table key', () => {
    const [, plan] = only(t.storage, 'AWS::Backup::BackupPlan');
    const rules = plan.Properties.BackupPlan.BackupPlanRule as Json[];
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Lifecycle).toEqual({ DeleteAfterDays: 35 });
    const [, selection] = only(t.storage, 'AWS::Backup::BackupSelection');
    const tableId = only(t.storage, 'AWS::DynamoDB::Table')[0];
    expect(mentions(selection.Properties.BackupSelection.Resources, tableId)).toBe(true);
    const [, vault] = only(t.storage, 'AWS::Backup::BackupVault');
    expect(vault.Properties.EncryptionKeyArn).toBeDefined();
  });

  it('puts security headers on every behaviour, so CloudFront- and WAF-made pages carry them', () => {
    const [policyId, policy] = only(t.web, 'AWS::CloudFront::ResponseHeadersPolicy');
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig as Json;
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: false });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: false });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: false });
    expect(headers.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: EDGE_CSP, Override: false });
    const config = only(t.web, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as Json;
    const behaviours = [config.DefaultCacheBehavior, ...(config.CacheBehaviors as Json[])];
    for (const b of behaviours)
      expect(b.ResponseHeadersPolicyId, b.PathPattern ?? 'default').toEqual({ Ref: policyId });
  });

  it('alarms when requests are refused at the origin (a rotation gone wrong, or a direct caller)', () => {
    const alarms = Object.values(t.monitoring.findResources('AWS::CloudWatch::Alarm'));
    const refused = alarms.find((a) => a.Properties.AlarmName === 'mashura-ci-OriginRefused');
    expect(refused?.Properties.Threshold).toBe(20);
    const filters = Object.values(t.monitoring.findResources('AWS::Logs::MetricFilter')).filter(
      (f) => f.Properties.FilterPattern === '{ $.event = "origin.refused" }',
    );
    expect(filters).toHaveLength(2);
  });

  it('accepts no previous origin token until a rotation happened', () => {
    for (const handler of ['functions/http.handler', 'functions/staff.handler']) {
      const env = functionByHandler(t.web, handler)[1].Properties.Environment.Variables as Json;
      expect(env.MASHURA_ORIGIN_TOKEN_PREVIOUS).toBeUndefined();
    }
  });

  it('gives every sweep schedule a dead-letter queue for runs EventBridge cannot deliver', () => {
    const rules = Object.values(t.schedules.findResources('AWS::Events::Rule'));
    // redrive, escalate, purge and the monthly brief draft (issue 16).
    expect(rules).toHaveLength(4);
    const dlqId = Object.keys(t.schedules.findResources('AWS::SQS::Queue'))[0] as string;
    for (const rule of rules) expect(mentions(rule.Properties.Targets[0].DeadLetterConfig, dlqId)).toBe(true);
  });
});

describe('issue 12: first deploy in the SES sandbox, and an origin-token rotation', () => {
  let t: Templates;
  beforeAll(async () => {
    t = await synth('sandbox', { MASHURA_SES_SANDBOX: 'true', MASHURA_ORIGIN_ROTATION: '1767225600' });
  }, SYNTH_TIMEOUT);

  it('lets every sender use the account identities in the region while SES is in the sandbox', () => {
    const senders = appFunctions(t).filter(({ fn, template }) =>
      functionStatements(template, fn).some((s) => s.Sid === 'SendMail'),
    );
    expect(senders.length).toBeGreaterThanOrEqual(5);
    for (const { fn, template } of senders) {
      const send = functionStatements(template, fn).find((s) => s.Sid === 'SendMail') as Json;
      expect(send.Action).toBe('ses:SendEmail');
      expect(JSON.stringify(send.Resource)).toContain(':identity/*');
    }
  });

  it('accepts the previous origin token (AWSPREVIOUS) in both web functions during a rotation', () => {
    for (const handler of ['functions/http.handler', 'functions/staff.handler']) {
      const env = functionByHandler(t.web, handler)[1].Properties.Environment.Variables as Json;
      expect(JSON.stringify(env.MASHURA_ORIGIN_TOKEN_PREVIOUS)).toContain('AWSPREVIOUS');
      expect(env.MASHURA_ORIGIN_ROTATION).toBe('1767225600');
    }
  });
});
