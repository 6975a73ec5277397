import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { StackContext } from 'sst/constructs';
import { STAFF_PATTERNS } from '#core';
import { LANGUAGES, localPath } from '#core/languages.ts';

/**
 * The AWS WAF web ACL in front of CloudFront. A CLOUDFRONT-scope web ACL can only be created
 * in us-east-1, and SST v2 deploys every stack of an app to the app's one region, so this
 * stack is the app deployed a second time, to us-east-1, containing nothing else:
 *
 *   npx sst deploy --stage prod --region us-east-1     # → output WebAclArn
 *   MASHURA_WEB_ACL_ARN=<arn> npx sst deploy --stage prod
 *
 * (sst.config.ts selects this stack alone when the region is us-east-1; docs/deploy.md.)
 *
 * Rules, in order: the edge payload limit, per-address rate limits, then AWS's managed rule
 * groups. Sampled requests are off: they would keep viewers' IP addresses and headers.
 */
export const EDGE_REGION = 'us-east-1';

export const webAclName = (stage: string) => `mashura-${stage}`;

/** Limits, documented in docs/adr/0007-production.md. */
export const WAF_LIMITS = {
  /** Largest request body accepted at the edge: the app's own limit (web/public/app.tsx MAX_BODY_BYTES). */
  bodyBytes: 64 * 1024,
  /** Requests per address per 5 minutes, all paths (pages, assets, lookups). */
  requestsPer5Minutes: 2000,
  /** Form posts per address per 5 minutes on the public side (submissions, status lookups). */
  publicPostsPer5Minutes: 100,
} as const;

/**
 * The paths a recording may be posted to: the form of every served language (the language
 * table, packages/core/languages.ts), with and without the trailing slash the app also routes
 * (`strict: false`). A multipart POST to one of them is exempt from the 64 KB body rule: WAF
 * cannot measure past 64 KB, so its limit is the app's MAX_VOICE_BODY_BYTES (4 MB of audio
 * plus the text) and, above that, the Lambda function URL's 6 MB payload. Every other body,
 * including a urlencoded post to the form, stays within 64 KB.
 */
export const voiceFormPaths = (): string[] =>
  LANGUAGES.flatMap((language) => {
    const path = localPath(language, '/');
    return path === '/' ? [path] : [path, `${path}/`];
  });

/** AWS managed rule groups, each with the rules we count instead of block (and why). */
export const MANAGED_RULE_GROUPS = [
  { name: 'AWSManagedRulesAmazonIpReputationList', count: [] },
  {
    name: 'AWSManagedRulesCommonRuleSet',
    count: [
      // Blocks bodies over 8 KB: an Arabic message percent-encoded is ~6 bytes a letter, so
      // this would refuse long submissions. Our own 64 KB rule is the body limit instead.
      'SizeRestrictions_BODY',
      // People write about what happened to them, sometimes quoting markup; the app escapes
      // every byte it shows, and a blocked post would lose the person's text.
      'CrossSiteScripting_BODY',
    ],
  },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', count: [] },
] as const;

/**
 * What the managed rule groups do: `count` (the default) only counts and labels what they
 * would block; `block` lets them block. They start in count mode because a false positive
 * on a person's testimony would otherwise be invisible (the person sees a WAF page, the text
 * is lost, nobody is told). Switch with MASHURA_WAF_MANAGED_RULES=block after reading the
 * counts (docs/deploy.md, "The edge firewall"). Our own rules (size, rates) always block.
 */
export type ManagedRulesMode = 'count' | 'block';

export function managedRulesMode(env: Record<string, string | undefined> = process.env): ManagedRulesMode {
  const value = env.MASHURA_WAF_MANAGED_RULES?.trim() || 'count';
  if (value !== 'count' && value !== 'block') {
    throw new Error(`MASHURA_WAF_MANAGED_RULES must be "count" or "block": ${value}`);
  }
  return value;
}

// Deliberately absent: AWSManagedRulesAnonymousIpList. People at risk write through VPNs and
// Tor; blocking them would exclude exactly those the service is for.

const page = (title: string, ar: string, en: string) =>
  `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body><main><h1>${ar}</h1><p lang="en" dir="ltr">${en}</p></main></body></html>`;

export const WAF_RESPONSES = {
  tooMany: page(
    'مهلاً / Please wait',
    'وصلنا طلبات كثيرة من هذا الاتصال. انتظر/ي بضع دقائق ثم حاول/ي مجدداً؛ لم يُحفظ شيء مما أرسلته.',
    'Too many requests came from this connection. Please wait a few minutes and try again; nothing you sent was stored.',
  ),
  tooLarge: page(
    'النص طويل جداً / Too long',
    'ما أرسلته أطول مما نستطيع استقباله. اختصر/ي النص ثم أرسله/يه مجدداً.',
    'What you sent is longer than we can accept. Please shorten the text and send it again.',
  ),
} as const;

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: false,
});

export function Edge({ stack }: StackContext) {
  if (stack.region !== EDGE_REGION) {
    throw new Error(`The Edge stack (a CLOUDFRONT-scope web ACL) must be deployed to ${EDGE_REGION}`);
  }
  const name = webAclName(stack.stage);
  const managedMode = managedRulesMode();
  const startsWith = (prefix: string): CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: prefix,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  });

  const matches = (
    fieldToMatch: CfnWebACL.FieldToMatchProperty,
    searchString: string,
    positionalConstraint: 'EXACTLY' | 'STARTS_WITH',
    type: 'NONE' | 'LOWERCASE',
  ): CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      fieldToMatch,
      positionalConstraint,
      searchString,
      textTransformations: [{ priority: 0, type }],
    },
  });
  // WAF wants two or more statements in an OR.
  const anyOf = (statements: CfnWebACL.StatementProperty[]): CfnWebACL.StatementProperty =>
    statements.length === 1 ? (statements[0] as CfnWebACL.StatementProperty) : { orStatement: { statements } };
  // A multipart POST to a form itself: the one request that may carry a recording. The path
  // is matched as sent (the app's routes are case-sensitive); the media type in any case.
  const voiceForm: CfnWebACL.StatementProperty = {
    andStatement: {
      statements: [
        matches({ method: {} }, 'POST', 'EXACTLY', 'NONE'),
        anyOf(voiceFormPaths().map((path) => matches({ uriPath: {} }, path, 'EXACTLY', 'NONE'))),
        matches({ singleHeader: { Name: 'content-type' } }, 'multipart/form-data', 'STARTS_WITH', 'LOWERCASE'),
      ],
    },
  };

  const rules: CfnWebACL.RuleProperty[] = [
    {
      name: 'BodySizeLimit',
      priority: 0,
      statement: {
        andStatement: {
          statements: [
            {
              sizeConstraintStatement: {
                // Bodies past the inspection limit (raised to 64 KB below) count as a match too.
                fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
                comparisonOperator: 'GT',
                size: WAF_LIMITS.bodyBytes,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
            { notStatement: { statement: voiceForm } },
          ],
        },
      },
      action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'tooLarge' } } },
      visibilityConfig: visibility('BodySizeLimit'),
    },
    {
      name: 'RateLimitPublicPosts',
      priority: 1,
      statement: {
        rateBasedStatement: {
          limit: WAF_LIMITS.publicPostsPer5Minutes,
          aggregateKeyType: 'IP',
          evaluationWindowSec: 300,
          // Public form posts only: staff triage (many posts, often from one office) is not counted here.
          scopeDownStatement: {
            andStatement: {
              statements: [
                {
                  byteMatchStatement: {
                    fieldToMatch: { method: {} },
                    positionalConstraint: 'EXACTLY',
                    searchString: 'POST',
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
                // Prefixes, as WAF matches them: `/staffing` counts as staff here, which only errs towards fewer refusals.
                ...STAFF_PATTERNS.wafPrefixes.map((prefix) => ({ notStatement: { statement: startsWith(prefix) } })),
              ],
            },
          },
        },
      },
      action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooMany' } } },
      visibilityConfig: visibility('RateLimitPublicPosts'),
    },
    {
      name: 'RateLimitAll',
      priority: 2,
      statement: {
        rateBasedStatement: {
          limit: WAF_LIMITS.requestsPer5Minutes,
          aggregateKeyType: 'IP',
          evaluationWindowSec: 300,
        },
      },
      action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooMany' } } },
      visibilityConfig: visibility('RateLimitAll'),
    },
    ...MANAGED_RULE_GROUPS.map(
      (group, index): CfnWebACL.RuleProperty => ({
        name: group.name,
        priority: 10 + index,
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: group.name,
            ...(group.count.length > 0
              ? { ruleActionOverrides: group.count.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
              : {}),
          },
        },
        overrideAction: managedMode === 'block' ? { none: {} } : { count: {} },
        visibilityConfig: visibility(group.name),
      }),
    ),
  ];

  const webAcl = new CfnWebACL(stack, 'WebAcl', {
    name,
    scope: 'CLOUDFRONT',
    description: `mashura ${stack.stage}: payload limit, rate limits, AWS managed rules`,
    defaultAction: { allow: {} },
    // Inspect request bodies up to 64 KB (the default for CloudFront is 16 KB).
    associationConfig: { requestBody: { CLOUDFRONT: { defaultSizeInspectionLimit: 'KB_64' } } },
    customResponseBodies: {
      tooMany: { contentType: 'TEXT_HTML', content: WAF_RESPONSES.tooMany },
      tooLarge: { contentType: 'TEXT_HTML', content: WAF_RESPONSES.tooLarge },
    },
    rules,
    visibilityConfig: visibility(name),
  });

  stack.addOutputs({ WebAclArn: webAcl.attrArn, WebAclName: name, ManagedRulesMode: managedMode });
  return { webAcl };
}
