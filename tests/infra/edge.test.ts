/**
 * The us-east-1 deploy (stacks/Edge.ts): the AWS WAF web ACL CloudFront uses. SST v2 puts all
 * of an app's stacks in one region, so `--region us-east-1` synthesizes this stack alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_BASES } from '#core';
import { LANGUAGES } from '#core/languages.ts';
import { MAX_BODY_BYTES } from '#web/public/app.tsx';
import { formPath } from '#web/public/page.tsx';
import {
  EDGE_REGION,
  Edge,
  MANAGED_RULE_GROUPS,
  managedRulesMode,
  voiceFormPaths,
  WAF_LIMITS,
  WAF_RESPONSES,
} from '../../stacks/Edge.ts';
import {
  allIamStatements,
  type EdgeTemplates,
  type Json,
  only,
  SYNTH_TIMEOUT,
  synthEdge,
  wildcardActions,
} from './synth.ts';

/** A request as the body-size rule sees it. */
interface WafRequest {
  method: string;
  uri: string;
  contentType: string;
  bodyBytes: number;
}

/**
 * Evaluates the statements the web ACL uses (And, Or, Not, ByteMatch, SizeConstraint) on a
 * request, as WAF documents them: what the rule does, not how it is written.
 */
function wafMatches(statement: Json, request: WafRequest): boolean {
  if (statement.AndStatement) return (statement.AndStatement.Statements as Json[]).every((s) => wafMatches(s, request));
  if (statement.OrStatement) return (statement.OrStatement.Statements as Json[]).some((s) => wafMatches(s, request));
  if (statement.NotStatement) return !wafMatches(statement.NotStatement.Statement, request);
  if (statement.SizeConstraintStatement) {
    const { FieldToMatch, ComparisonOperator, Size } = statement.SizeConstraintStatement;
    expect(FieldToMatch.Body).toBeDefined();
    expect(ComparisonOperator).toBe('GT');
    // Past the 64 KB inspection limit, OversizeHandling MATCH: a match.
    return request.bodyBytes > Size;
  }
  if (statement.ByteMatchStatement) {
    const { FieldToMatch, PositionalConstraint, SearchString, TextTransformations } = statement.ByteMatchStatement;
    let field: string;
    if (FieldToMatch.Method) field = request.method;
    else if (FieldToMatch.UriPath) field = request.uri;
    else if (FieldToMatch.SingleHeader?.Name === 'content-type') field = request.contentType;
    else throw new Error(`field not modelled: ${JSON.stringify(FieldToMatch)}`);
    for (const t of TextTransformations as Json[]) {
      if (t.Type === 'LOWERCASE') field = field.toLowerCase();
      else expect(t.Type).toBe('NONE');
    }
    if (PositionalConstraint === 'EXACTLY') return field === SearchString;
    if (PositionalConstraint === 'STARTS_WITH') return field.startsWith(SearchString);
    throw new Error(`constraint not modelled: ${PositionalConstraint}`);
  }
  throw new Error(`statement not modelled: ${JSON.stringify(statement)}`);
}

describe('Edge (us-east-1, stage "ci")', () => {
  let e: EdgeTemplates;
  beforeAll(async () => {
    e = await synthEdge('ci');
    console.info(`synth (edge): ${e.ms} ms`);
  }, SYNTH_TIMEOUT);

  const acl = () => only(e.edge, 'AWS::WAFv2::WebACL')[1].Properties as Json;
  const rule = (name: string) => {
    const found = (acl().Rules as Json[]).filter((r) => r.Name === name);
    expect(found, name).toHaveLength(1);
    return found[0] as Json;
  };

  it('contains the web ACL and nothing of the service', () => {
    expect(e.edge.findResources('AWS::DynamoDB::Table')).toEqual({});
    const fns = Object.values(e.edge.findResources('AWS::Lambda::Function')).map((f) => f.Properties.Handler);
    expect(fns).toEqual(['index.handler']); // SST's own helper only
    expect(wildcardActions(allIamStatements(e.edge))).toEqual([]);
    expect(Object.keys(e.edge.findOutputs('WebAclArn'))).toHaveLength(1);
  });

  it('is a CLOUDFRONT-scope ACL that allows by default and keeps no sampled requests (no IPs)', () => {
    const a = acl();
    expect(a.Name).toBe('mashura-ci');
    expect(a.Scope).toBe('CLOUDFRONT');
    expect(a.DefaultAction).toEqual({ Allow: {} });
    expect(a.VisibilityConfig).toEqual({
      CloudWatchMetricsEnabled: true,
      MetricName: 'mashura-ci',
      SampledRequestsEnabled: false,
    });
    for (const r of a.Rules as Json[]) {
      expect(r.VisibilityConfig.SampledRequestsEnabled, r.Name).toBe(false);
      expect(r.VisibilityConfig.CloudWatchMetricsEnabled, r.Name).toBe(true);
    }
  });

  it('limits request bodies at the edge to the app’s own limit (64 KB), inspecting that far', () => {
    expect(WAF_LIMITS.bodyBytes).toBe(MAX_BODY_BYTES);
    expect(acl().AssociationConfig).toEqual({ RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_64' } } });
    const r = rule('BodySizeLimit');
    expect(r.Priority).toBe(0);
    const [size, exempt] = r.Statement.AndStatement.Statements as Json[];
    expect(r.Statement.AndStatement.Statements).toHaveLength(2);
    expect(size?.SizeConstraintStatement).toEqual({
      FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
      ComparisonOperator: 'GT',
      Size: 65_536,
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
    });
    expect(exempt?.NotStatement).toBeDefined();
    expect(r.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 413, CustomResponseBodyKey: 'tooLarge' } } });
  });

  it('exempts only multipart posts to a served language’s form (a recording), and blocks every other body over 64 KB', () => {
    const r = rule('BodySizeLimit');
    // The form paths come from the language table: every served language's form, with and without the slash.
    const forms = LANGUAGES.map((language) => formPath(language));
    expect(forms).toContain('/');
    expect(forms).toContain('/en');
    expect(voiceFormPaths().sort()).toEqual([...forms, ...forms.filter((p) => p !== '/').map((p) => `${p}/`)].sort());
    const multipart = 'multipart/form-data; boundary=----x';
    const urlencoded = 'application/x-www-form-urlencoded';
    const big = 65 * 1024;
    const small = 1024;
    const blocked = (request: WafRequest) => wafMatches(r.Statement, request);

    for (const uri of voiceFormPaths()) {
      expect(blocked({ method: 'POST', uri, contentType: multipart, bodyBytes: big }), uri).toBe(false);
      expect(
        blocked({ method: 'POST', uri, contentType: 'Multipart/Form-Data; boundary=y', bodyBytes: big }),
        uri,
      ).toBe(false);
      expect(blocked({ method: 'POST', uri, contentType: urlencoded, bodyBytes: big }), uri).toBe(true);
      expect(blocked({ method: 'PUT', uri, contentType: multipart, bodyBytes: big }), uri).toBe(true);
    }
    // A 65 KB urlencoded post to /en (no recording can be in it) is still blocked.
    expect(blocked({ method: 'POST', uri: '/en', contentType: urlencoded, bodyBytes: big })).toBe(true);
    // Every non-form path keeps the 64 KB limit, multipart or not.
    for (const uri of [
      '/status',
      '/en/status',
      '/staff/submissions/x',
      '/en/x',
      '/EN',
      '/en/privacy',
      '/assets/site.js',
    ]) {
      expect(blocked({ method: 'POST', uri, contentType: multipart, bodyBytes: big }), uri).toBe(true);
      expect(blocked({ method: 'POST', uri, contentType: urlencoded, bodyBytes: big }), uri).toBe(true);
    }
    // Small bodies pass everywhere.
    expect(blocked({ method: 'POST', uri: '/en', contentType: urlencoded, bodyBytes: small })).toBe(false);
    expect(blocked({ method: 'POST', uri: '/status', contentType: multipart, bodyBytes: small })).toBe(false);
  });

  it('rate-limits every address, and public form posts more tightly (staff posts excluded)', () => {
    const all = rule('RateLimitAll');
    expect(all.Statement.RateBasedStatement).toEqual({
      Limit: WAF_LIMITS.requestsPer5Minutes,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
    });
    expect(all.Action.Block.CustomResponse.ResponseCode).toBe(429);
    const posts = rule('RateLimitPublicPosts');
    const rate = posts.Statement.RateBasedStatement;
    expect(rate).toMatchObject({
      Limit: WAF_LIMITS.publicPostsPer5Minutes,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
    });
    const [method, ...notStaff] = rate.ScopeDownStatement.AndStatement.Statements as Json[];
    expect(method?.ByteMatchStatement).toMatchObject({
      FieldToMatch: { Method: {} },
      PositionalConstraint: 'EXACTLY',
      SearchString: 'POST',
    });
    // One exception per staff base of the route table, and '/staff' and '/en/staff' among them.
    expect(notStaff.map((statement) => statement.NotStatement.Statement.ByteMatchStatement)).toEqual(
      STAFF_BASES.map((base) => expect.objectContaining({ SearchString: base, PositionalConstraint: 'STARTS_WITH' })),
    );
    expect(STAFF_BASES).toEqual(expect.arrayContaining(['/staff', '/en/staff']));
    expect(posts.Action.Block.CustomResponse).toEqual({ ResponseCode: 429, CustomResponseBodyKey: 'tooMany' });
    expect(WAF_LIMITS.publicPostsPer5Minutes).toBeLessThan(WAF_LIMITS.requestsPer5Minutes);
  });

  it('runs the AWS managed rule groups CommonRuleSet, KnownBadInputs and AmazonIpReputationList', () => {
    const managed = (acl().Rules as Json[]).filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((r) => r.Statement.ManagedRuleGroupStatement.Name).sort()).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    for (const r of managed) {
      expect(r.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
      // Count mode until MASHURA_WAF_MANAGED_RULES=block (a false positive on a person's
      // testimony would otherwise be invisible): see the block-mode test below.
      expect(r.OverrideAction).toEqual({ Count: {} });
      // After the size and rate rules.
      expect(r.Priority).toBeGreaterThan(2);
    }
    // Deliberately absent: the anonymous-IP list would block people writing through Tor or a VPN.
    expect(JSON.stringify(acl())).not.toContain('AnonymousIpList');
  });

  it('counts (does not block) the common rules that would refuse long or quoted Arabic text', () => {
    const common = rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement;
    expect(common.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'CrossSiteScripting_BODY', ActionToUse: { Count: {} } },
    ]);
    expect(MANAGED_RULE_GROUPS.find((g) => g.name === 'AWSManagedRulesKnownBadInputsRuleSet')?.count).toEqual([]);
  });

  it('answers blocks with a short bilingual page, Arabic first', () => {
    const bodies = acl().CustomResponseBodies as Json;
    expect(Object.keys(bodies).sort()).toEqual(['tooLarge', 'tooMany']);
    for (const [key, body] of Object.entries(bodies)) {
      expect(body.ContentType, key).toBe('TEXT_HTML');
      expect(body.Content, key).toBe(WAF_RESPONSES[key as keyof typeof WAF_RESPONSES]);
      expect(body.Content).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
      expect(body.Content).toContain('<p lang="en" dir="ltr">');
      expect(Buffer.byteLength(body.Content)).toBeLessThan(4096);
    }
  });

  it('refuses to be built anywhere but us-east-1', () => {
    expect(EDGE_REGION).toBe('us-east-1');
    expect(() => Edge({ stack: { region: 'eu-central-1', stage: 'ci' } } as never)).toThrow(/us-east-1/);
  });
});

describe('Edge: the switch from counting to blocking (MASHURA_WAF_MANAGED_RULES)', () => {
  it(
    'lets the managed rule groups block only when told, and refuses anything else',
    async () => {
      const e = await synthEdge('ci', { MASHURA_WAF_MANAGED_RULES: 'block' });
      const rules = only(e.edge, 'AWS::WAFv2::WebACL')[1].Properties.Rules as Json[];
      const managed = rules.filter((r) => r.Statement.ManagedRuleGroupStatement);
      expect(managed).toHaveLength(3);
      for (const r of managed) expect(r.OverrideAction).toEqual({ None: {} });
      // Our own rules block in either mode.
      for (const r of rules.filter((r) => !r.Statement.ManagedRuleGroupStatement)) expect(r.Action.Block).toBeDefined();
      expect(managedRulesMode({})).toBe('count');
      expect(() => managedRulesMode({ MASHURA_WAF_MANAGED_RULES: 'on' })).toThrow(/count.*block/);
    },
    SYNTH_TIMEOUT,
  );
});
