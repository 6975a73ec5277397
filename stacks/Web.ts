import { Annotations, Duration, SecretValue } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IOrigin,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Config, Function as SstFunction, type StackContext, use } from 'sst/constructs';
import { ASSET_PATTERNS, STAFF_PATTERNS } from '#core';
import { CLIENT_HEADER, HOST_HEADER, ORIGIN_HEADER } from '../functions/origin.ts';
import { Mail } from './Mail.ts';
import { Storage } from './Storage.ts';
import {
  contactReaderRole,
  functionLogs,
  LAMBDA_REASONS,
  nagSuppress,
  openContact,
  queryConsultations,
  queryIndex,
  rateEnvironment,
  retentionEnvironment,
  sealContact,
  sendMail,
  settings,
  staffSettingsEnvironment,
  startExecution,
  tableItems,
  tableKeyViaDynamoDb,
  voiceAccess,
  voiceObjectsReason,
  workerEnvironment,
} from './shared.ts';
import { Workflow } from './Workflow.ts';

/**
 * The web tier: the public Hono function and the staff function, each behind its own Lambda
 * function URL, and ONE CloudFront distribution in front of both. Requests reach a function
 * only through CloudFront (a shared origin token, checked by functions/origin.ts), so the
 * WAF web ACL, the edge payload limit and the client address CloudFront sees always apply.
 *
 *   /staff, /staff/*, /en/staff, /en/staff/*  → staff function (may decrypt contact details)
 *   /assets/*, /staff/assets/*                → cached at the edge (the app sends immutable headers)
 *   everything else                           → public function (encrypt-only), never cached
 *
 * The patterns are the route table's (packages/core/routes.ts), which the apps route by too.
 */

/** The only DynamoDB item actions the public function needs: no Scan, no Delete, no batch. */
export const WEB_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;
/**
 * The staff side also lists staff accounts and outcome-note versions (Query on the table), and
 * reads a search page's rows in one BatchGetItem (packages/store/search.ts): items it can
 * already read one by one, in one request.
 */
export const STAFF_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
] as const;

/** Limits, chosen in docs/adr/0007-production.md (table "Limits"). */
export const WEB_LIMITS = {
  http: { memory: '512 MB', timeout: '10 seconds', originReadTimeout: 15, reservedConcurrency: 50 },
  staff: { memory: '1024 MB', timeout: '29 seconds', originReadTimeout: 30, reservedConcurrency: 10 },
} as const;

/**
 * CloudFront Functions (cloudfront-js-2.0), on every request to a function: the viewer's
 * address as CloudFront saw it, and the host the viewer asked for (the function URL needs
 * its own Host upstream), in headers the app trusts only when the origin token is right.
 * Values the viewer sent under the same names are overwritten or removed.
 */
export const CLIENT_ADDRESS_FUNCTION = `function handler(event) {
  var request = event.request;
  request.headers['${CLIENT_HEADER}'] = { value: event.viewer.ip };
  if (request.headers.host) {
    request.headers['${HOST_HEADER}'] = { value: request.headers.host.value };
  } else {
    delete request.headers['${HOST_HEADER}'];
  }
  return request;
}`;

/**
 * The CSP CloudFront adds where a response has none: its own error pages and the WAF's
 * (static HTML, no script, no style sheet, nothing to load).
 */
export const EDGE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface EdgeSettings {
  /** A global (CLOUDFRONT-scope) web ACL from the us-east-1 deploy (stacks/Edge.ts). */
  webAclArn?: string;
  domain?: string;
  certificateArn?: string;
  reservedConcurrency: { http?: number; staff?: number };
}

function concurrency(value: string | undefined, fallback: number): number | undefined {
  const v = value?.trim();
  if (!v) return fallback;
  if (v === 'off') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`Reserved concurrency must be a positive integer or "off": ${v}`);
  return n;
}

/** Edge settings from the environment at synth, refused early when they cannot work. */
export function edgeSettings(env: Record<string, string | undefined> = process.env): EdgeSettings {
  const webAclArn = env.MASHURA_WEB_ACL_ARN?.trim() || undefined;
  const domain = env.MASHURA_DOMAIN?.trim() || undefined;
  const certificateArn = env.MASHURA_CERT_ARN?.trim() || undefined;
  if (webAclArn && !/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(webAclArn)) {
    throw new Error(
      `MASHURA_WEB_ACL_ARN must be a CLOUDFRONT-scope web ACL in us-east-1 (arn:aws:wafv2:us-east-1:<account>:global/webacl/...): ${webAclArn}`,
    );
  }
  if (domain && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(domain)) {
    throw new Error(`MASHURA_DOMAIN is not a lower-case domain name: ${domain}`);
  }
  if (Boolean(domain) !== Boolean(certificateArn)) {
    throw new Error('MASHURA_DOMAIN and MASHURA_CERT_ARN go together: set both or neither');
  }
  if (certificateArn && !/^arn:aws:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error(
      `MASHURA_CERT_ARN must be an ACM certificate in us-east-1 (CloudFront's region): ${certificateArn}`,
    );
  }
  return {
    webAclArn,
    domain,
    certificateArn,
    reservedConcurrency: {
      http: concurrency(env.MASHURA_WEB_RESERVED_CONCURRENCY, WEB_LIMITS.http.reservedConcurrency),
      staff: concurrency(env.MASHURA_STAFF_RESERVED_CONCURRENCY, WEB_LIMITS.staff.reservedConcurrency),
    },
  };
}

export function Web({ stack }: StackContext) {
  const storage = use(Storage);
  const mail = use(Mail);
  const { intake, outcome, statement, brief } = use(Workflow);
  const { table, tableKey, contactKey } = storage;
  const s = settings(stack);
  const edge = edgeSettings();

  // Values set out of band, per stage: `npx sst secrets set <NAME> <value> --stage <stage>`.
  const receiptSecret = new Config.Secret(stack, 'RECEIPT_SECRET');
  const protectSecret = new Config.Secret(stack, 'PROTECT_SECRET');
  const staffSecret = new Config.Secret(stack, 'STAFF_SECRET');

  // Proof that a request came through CloudFront: generated by Secrets Manager (nobody types
  // it, it is never in the repo or the template text), resolved at deploy into the origin's
  // custom header and the functions' environment. MASHURA_ORIGIN_ROTATION (any new value)
  // makes both resources update, so a new secret version is picked up (docs/deploy.md).
  const originToken = new Secret(stack, 'OriginToken', {
    description: `mashura ${stack.stage}: header CloudFront adds to every request to the functions`,
    generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
  });
  const token = originToken.secretValue.unsafeUnwrap();
  const rotation = process.env.MASHURA_ORIGIN_ROTATION?.trim() || '0';
  // During a rotation (any MASHURA_ORIGIN_ROTATION but 0) the functions also accept the
  // secret's previous version: CloudFront takes minutes to send the new token everywhere, the
  // functions switch at once, and without this the requests in between would be refused.
  // Only after a put-secret-value has there been a previous version, hence the switch.
  const previousToken =
    rotation === '0'
      ? undefined
      : SecretValue.secretsManager(originToken.secretArn, { versionStage: 'AWSPREVIOUS' }).unsafeUnwrap();
  const originEnvironment = {
    MASHURA_ORIGIN_TOKEN: token,
    MASHURA_ORIGIN_ROTATION: rotation,
    ...(previousToken ? { MASHURA_ORIGIN_TOKEN_PREVIOUS: previousToken } : {}),
  };

  const http = new SstFunction(stack, 'Http', {
    handler: 'functions/http.handler',
    description: 'Mashura public web app (Hono)',
    memorySize: WEB_LIMITS.http.memory,
    timeout: WEB_LIMITS.http.timeout,
    reservedConcurrentExecutions: edge.reservedConcurrency.http,
    environment: {
      MASHURA_STAGE: stack.stage,
      MASHURA_TABLE: table.tableName,
      MASHURA_CONTACT_KEY_ARN: contactKey.keyArn,
      MASHURA_BASE_URL: s.MASHURA_BASE_URL,
      // Started after the durable write, named after the submission (a second start is a no-op).
      MASHURA_INTAKE_ARN: intake.stateMachineArn,
      MASHURA_VOICE_BUCKET: storage.voiceBucket.bucketName,
      ...retentionEnvironment(s),
      ...rateEnvironment(),
      ...originEnvironment,
    },
    // Not `bind: [table]`: SST's table binding grants `dynamodb:*`.
    bind: [receiptSecret, protectSecret],
    permissions: [
      tableItems(table, WEB_TABLE_ACTIONS, 'TableReadWrite'),
      // Published outcome notes ("you said, we did") are listed from the byStatus index.
      queryIndex(table, 'byStatus'),
      // Consultations (issue 14): points, statements and one's own votes, in their partitions only.
      queryConsultations(table),
      sealContact(contactKey),
      tableKeyViaDynamoDb(stack, tableKey),
      startExecution('StartIntake', intake),
      // Voice recordings (issue 19): write only.
      ...voiceAccess(stack, storage, 'upload'),
    ],
    logGroup: functionLogs(stack, 'Http'),
  });

  const staffRole = contactReaderRole(stack, 'Staff');
  const staff = new SstFunction(stack, 'Staff', {
    handler: 'functions/staff.handler',
    description: 'Mashura staff app (Hono): the one web function that may decrypt contact details',
    memorySize: WEB_LIMITS.staff.memory,
    timeout: WEB_LIMITS.staff.timeout,
    reservedConcurrentExecutions: edge.reservedConcurrency.staff,
    role: staffRole,
    environment: {
      ...workerEnvironment(stack, storage, mail, s),
      MASHURA_VOICE_BUCKET: storage.voiceBucket.bucketName,
      MASHURA_OUTCOME_ARN: outcome.stateMachineArn,
      // Consultations (issue 14): publishing a statement starts its workflow.
      MASHURA_STATEMENT_ARN: statement.stateMachineArn,
      MASHURA_BRIEF_ARN: brief.stateMachineArn,
      ...staffSettingsEnvironment(),
      ...retentionEnvironment(s),
      ...originEnvironment,
    },
    bind: [staffSecret],
    permissions: [
      tableItems(table, STAFF_TABLE_ACTIONS, 'TableReadWrite'),
      // The queue: by status (OSE roles) and by route (a donor liaison's one partition).
      queryIndex(table, 'byStatus', 'byRoute', 'urgentByStatus', 'urgentByRoute'),
      // "Show contact": decrypts only contact details (encryption context), and is audited.
      openContact(contactKey),
      tableKeyViaDynamoDb(stack, tableKey),
      // Sign-in links.
      sendMail(stack, mail),
      // Decisions that send email go through the outcome workflow.
      startExecution('StartOutcome', outcome),
      startExecution('StartStatement', statement),
      // Sending a published brief goes through the brief workflow.
      startExecution('StartBrief', brief),
      // The staff player (issue 19): read only.
      ...voiceAccess(stack, storage, 'listen'),
    ],
    logGroup: functionLogs(stack, 'Staff'),
  });

  // Function URLs without IAM auth: CloudFront's origin access control for Lambda needs the
  // viewer to sign POST bodies (x-amz-content-sha256), which a plain HTML form cannot. The
  // origin token stands in for it (checked before the app sees the request).
  const httpUrl = http.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.BUFFERED });
  // The staff function streams its responses (functions/staff.ts): an export of 5,000 long
  // submissions is ~50 MB, past the 6 MB a buffered response may carry (docs/adr/0010).
  const staffUrl = staff.addFunctionUrl({
    authType: FunctionUrlAuthType.NONE,
    invokeMode: InvokeMode.RESPONSE_STREAM,
  });

  const origin = (url: typeof httpUrl, readTimeout: number): IOrigin =>
    new FunctionUrlOrigin(url, {
      customHeaders: { [ORIGIN_HEADER]: token },
      readTimeout: Duration.seconds(readTimeout),
    });
  const httpOrigin = origin(httpUrl, WEB_LIMITS.http.originReadTimeout);
  const staffOrigin = origin(staffUrl, WEB_LIMITS.staff.originReadTimeout);

  const clientAddress = new CloudFrontFunction(stack, 'ClientAddress', {
    comment: 'Pass the viewer address to the app (rate-limit keys only; never stored)',
    runtime: FunctionRuntime.JS_2_0,
    code: FunctionCode.fromInline(CLIENT_ADDRESS_FUNCTION),
  });

  // On every response CloudFront sends, its own and the WAF's included (an error page, a
  // 429 or a 413 never passes through the app): HSTS, nosniff, no framing, no referrer, and a
  // CSP for those pages. `override: false` everywhere but HSTS: the app's own headers
  // (web/security-headers.ts) stand on the responses it makes.
  const responseHeaders = new ResponseHeadersPolicy(stack, 'SecurityHeaders', {
    comment: `mashura ${stack.stage}: security headers on every response, edge-made ones included`,
    securityHeadersBehavior: {
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: false },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: false },
      contentSecurityPolicy: { contentSecurityPolicy: EDGE_CSP, override: false },
    },
  });

  // Pages: never cached, every method, every viewer header but Host (the function URL
  // needs its own), cookies and query strings; the app compresses its own responses.
  const pages = (target: IOrigin): BehaviorOptions => ({
    origin: target,
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    compress: false,
    responseHeadersPolicy: responseHeaders,
    functionAssociations: [{ function: clientAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
  });
  // Assets: fingerprinted, `Cache-Control: public, max-age=31536000, immutable` from the app;
  // cached at the edge for as long as the app says, compressed, nothing of the viewer forwarded.
  const assets = (target: IOrigin): BehaviorOptions => ({
    origin: target,
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    cachePolicy: CachePolicy.CACHING_OPTIMIZED,
    compress: true,
    responseHeadersPolicy: responseHeaders,
  });

  if (!edge.webAclArn && stack.stage === 'prod') {
    Annotations.of(stack).addWarningV2(
      'mashura:edge.no-waf',
      'No MASHURA_WEB_ACL_ARN: prod would run without the WAF web ACL. Deploy the us-east-1 part first (docs/deploy.md).',
    );
  }

  const distribution = new Distribution(stack, 'Distribution', {
    comment: `mashura ${stack.stage} (origin rotation ${rotation})`,
    defaultBehavior: pages(httpOrigin),
    additionalBehaviors: {
      [ASSET_PATTERNS.public]: assets(httpOrigin),
      [ASSET_PATTERNS.staff]: assets(staffOrigin),
      ...Object.fromEntries(STAFF_PATTERNS.cloudFront.map((pattern) => [pattern, pages(staffOrigin)])),
    },
    // Edges in Europe, North America and the Middle East, where the people writing in are.
    priceClass: PriceClass.PRICE_CLASS_200,
    httpVersion: HttpVersion.HTTP2_AND_3,
    enableIpv6: true,
    // Standard logs record viewer IP addresses: off (DESIGN.md, principle 2).
    enableLogging: false,
    ...(edge.webAclArn ? { webAclId: edge.webAclArn } : {}),
    ...(edge.domain && edge.certificateArn
      ? {
          domainNames: [edge.domain],
          certificate: Certificate.fromCertificateArn(stack, 'Certificate', edge.certificateArn),
          minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
        }
      : {}),
  });

  for (const fn of [http, staff])
    nagSuppress(fn, [LAMBDA_REASONS.basicRole, LAMBDA_REASONS.tracing, LAMBDA_REASONS.synchronous]);
  nagSuppress(http, [voiceObjectsReason(storage, 'upload')]);
  // The staff function runs under a named role of its own (a contact reader), not a child of it.
  nagSuppress(staffRole, [voiceObjectsReason(storage, 'listen')]);
  nagSuppress(originToken, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The origin token is also a CloudFront origin header, which only a deploy can change: it is rotated by the documented put-secret-value + deploy procedure (docs/deploy.md), during which the previous value stays accepted.',
    },
  ]);
  nagSuppress(distribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction on purpose: the service is for Syrians wherever they are, inside Syria and in exile; blocking countries would exclude exactly them.',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason:
        'CloudFront standard logs record every viewer IP address; the service keeps none (DESIGN.md, principle 2). WAF and CloudFront metrics cover operations.',
    },
    ...(edge.webAclArn
      ? []
      : [
          {
            id: 'AwsSolutions-CFR2',
            reason:
              'The web ACL lives in us-east-1 and is passed in as MASHURA_WEB_ACL_ARN; without it the synth warns (mashura:edge.no-waf) and docs/deploy.md deploys it first.',
          },
        ]),
    ...(edge.domain
      ? []
      : [
          {
            id: 'AwsSolutions-CFR4',
            reason:
              "Without MASHURA_DOMAIN the site runs on CloudFront's default *.cloudfront.net certificate, whose TLS policy cannot be set; with a domain the minimum is TLSv1.2_2021.",
          },
        ]),
  ]);

  const siteUrl = edge.domain ? `https://${edge.domain}` : `https://${distribution.distributionDomainName}`;
  stack.addOutputs({
    SiteUrl: siteUrl,
    DistributionDomainName: distribution.distributionDomainName,
    DistributionId: distribution.distributionId,
    OriginTokenSecretArn: originToken.secretArn,
  });

  return { http, staff, distribution, originToken, siteUrl };
}
