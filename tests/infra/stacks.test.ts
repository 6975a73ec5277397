/**
 * Offline synth of the real SST app (sst.config.ts), asserted with CDK's Template API:
 * Storage, Web (CloudFront in front of the public and staff functions) and the prod stage.
 * Mail, Workflow and Schedules are in workflow.test.ts, IAM across the app in
 * policies.test.ts, alarms and logs in observability.test.ts, the WAF in edge.test.ts.
 */
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASSET_PATTERNS, LANGUAGES, PUBLIC_PAGES, publicPath, STAFF_BASES, STAFF_PATTERNS } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { TABLE_INDEXES, TABLE_KEYS } from '#store/table.ts';
import { CLIENT_HEADER, HOST_HEADER, ORIGIN_HEADER } from '../../functions/origin.ts';
import { CONTACT_KEY_CRYPTO_ACTIONS } from '../../stacks/Storage.ts';
import {
  CONTACT_CONTEXT_KEY,
  CONTACT_PURPOSE,
  CONTACT_READERS,
  campaignEnvironment,
  rateEnvironment,
  staffSettingsEnvironment,
} from '../../stacks/shared.ts';
import { CLIENT_ADDRESS_FUNCTION, edgeSettings } from '../../stacks/Web.ts';
import {
  ACCOUNT,
  asArray,
  CI_ENV,
  functionByHandler,
  type Json,
  keyByAlias,
  mentions,
  only,
  SYNTH_TIMEOUT,
  sorted,
  synth,
  type Templates,
} from './synth.ts';

/** CloudFront's managed policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** CloudFront path patterns: `*` any run of characters, `?` one; case-sensitive, whole path. */
function patternMatches(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(path);
}

/** The behavior CloudFront picks for a path: the first cache behavior that matches, else the default. */
function behaviorFor(config: Json, path: string): Json {
  return (
    (config.CacheBehaviors as Json[]).find((b) => patternMatches(b.PathPattern, path)) ?? config.DefaultCacheBehavior
  );
}

// ------------------------------------------------------------------------- ci stage

describe('non-prod stage ("ci")', () => {
  let t: Templates;
  beforeAll(async () => {
    t = await synth('ci');
    console.info(`synth (ci): ${t.ms} ms`);
  }, SYNTH_TIMEOUT);

  describe('Storage', () => {
    it('builds the key schema from packages/store/table.ts', () => {
      const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
      expect(table.Properties.KeySchema).toEqual([
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ]);
      // A literal check too, so a rename in table.ts is noticed here as well.
      expect(table.Properties.KeySchema.map((k: Json) => k.AttributeName)).toEqual(['pk', 'sk']);
    });

    it('declares exactly the key attributes, all strings', () => {
      const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
      const expected = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...Object.values(TABLE_INDEXES).flat()];
      const defs = table.Properties.AttributeDefinitions as Json[];
      expect(sorted(defs.map((d) => d.AttributeName))).toEqual(sorted(expected));
      expect(new Set(defs.map((d) => d.AttributeType))).toEqual(new Set(['S']));
    });

    it('has exactly the GSIs of TABLE_INDEXES, projecting ALL', () => {
      const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
      const gsis = table.Properties.GlobalSecondaryIndexes as Json[];
      expect(sorted(gsis.map((g) => g.IndexName))).toEqual(sorted(Object.keys(TABLE_INDEXES)));
      expect(sorted(gsis.map((g) => g.IndexName))).toEqual(['byRoute', 'byStatus', 'urgentByRoute', 'urgentByStatus']);
      for (const [name, [pk, sk]] of Object.entries(TABLE_INDEXES)) {
        const gsi = gsis.find((g) => g.IndexName === name);
        expect(gsi?.KeySchema).toEqual([
          { AttributeName: pk, KeyType: 'HASH' },
          { AttributeName: sk, KeyType: 'RANGE' },
        ]);
        expect(gsi?.Projection).toEqual({ ProjectionType: 'ALL' });
        expect(gsi?.ProvisionedThroughput).toBeUndefined();
      }
      expect(table.Properties.LocalSecondaryIndexes).toBeUndefined();
    });

    it('is on-demand, with point-in-time recovery and TTL on expiresAt', () => {
      const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.ProvisionedThroughput).toBeUndefined();
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
      expect(TABLE_KEYS.ttl).toBe('expiresAt');
      expect(table.Properties.StreamSpecification).toBeUndefined();
    });

    it('encrypts the table with its own customer-managed key', () => {
      const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
      const tableKey = keyByAlias(t.storage, 'alias/mashura-ci-table');
      expect(table.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [tableKey, 'Arn'] },
      });
    });

    it('has three distinct customer-managed keys, one per purpose, all rotating', () => {
      const keys = t.storage.findResources('AWS::KMS::Key');
      expect(Object.keys(keys)).toHaveLength(3);
      // The table at rest; contact details inside it (application-level); voice recordings in S3 (issue 19).
      const tableKey = keyByAlias(t.storage, 'alias/mashura-ci-table');
      const contactKey = keyByAlias(t.storage, 'alias/mashura-ci-contact');
      const voiceKey = keyByAlias(t.storage, 'alias/mashura-ci-voice');
      expect(new Set([tableKey, contactKey, voiceKey]).size).toBe(3);
      expect(sorted(Object.keys(keys))).toEqual(sorted([tableKey, contactKey, voiceKey]));
      expect(keys[voiceKey]?.Properties.Description).toMatch(/voice recordings/);
      for (const id of [tableKey, contactKey, voiceKey]) {
        expect(keys[id]?.Properties.EnableKeyRotation).toBe(true);
        expect(keys[id]?.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
        expect(keys[id]?.Properties.PendingWindowInDays).toBe(7);
      }
      expect(Object.keys(t.storage.findOutputs('ContactKeyArn'))).toHaveLength(1);
    });

    it('scopes the contact key by key policy: only contact details, only the named readers decrypt', () => {
      const key = t.storage.toJSON().Resources[keyByAlias(t.storage, 'alias/mashura-ci-contact')] as Json;
      const statements = asArray<Json>(key.Properties.KeyPolicy.Statement);
      expect(statements).toHaveLength(3);
      const [root, purpose, readers] = statements as [Json, Json, Json];
      // IAM delegation: IAM policies decide who may use the key, within the two denials below.
      expect(root).toMatchObject({ Effect: 'Allow', Action: 'kms:*' });
      expect(JSON.stringify(root.Principal)).toMatch(/:root"/);

      expect(purpose).toMatchObject({ Sid: 'DenyUseOtherThanContactDetails', Effect: 'Deny', Principal: { AWS: '*' } });
      expect(sorted(asArray(purpose.Action))).toEqual(sorted(CONTACT_KEY_CRYPTO_ACTIONS));
      expect(purpose.Condition).toEqual({ StringNotEquals: { [CONTACT_CONTEXT_KEY]: CONTACT_PURPOSE } });

      expect(readers).toMatchObject({
        Sid: 'DenyDecryptExceptContactReaders',
        Effect: 'Deny',
        Principal: { AWS: '*' },
      });
      expect(sorted(asArray(readers.Action))).toEqual(['kms:Decrypt', 'kms:ReEncryptFrom']);
      const arns = asArray<Json>(readers.Condition.ArnNotEquals['aws:PrincipalArn']).map(
        (arn) => arn['Fn::Join'][1].slice(-1)[0] as string,
      );
      expect(arns).toEqual(CONTACT_READERS.map((reader) => `:iam::${ACCOUNT}:role/mashura-ci-contact-${reader}`));
    });

    it('names in its condition the encryption context packages/crypto/contact.ts really writes', async () => {
      // Seal with the app's own vault (local AES key), then read the message header back.
      const key = new Uint8Array(32).fill(7);
      const vault = createContactVault(contactKeyring({ kind: 'local', key }));
      const sealed = await vault.seal({ email: 'someone@example.org' }, 'ABCD1234EFGH');
      const keyring = new RawAesKeyringNode({
        keyName: 'contact-key',
        keyNamespace: 'mashura-local',
        unencryptedMasterKey: key,
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
      const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
      const { messageHeader } = await decrypt(keyring, Buffer.from(sealed, 'base64'));
      expect(messageHeader.encryptionContext.purpose).toBe(CONTACT_PURPOSE);
      expect(CONTACT_CONTEXT_KEY).toBe('kms:EncryptionContext:purpose');
    });

    it('lets a non-prod stage be destroyed', () => {
      const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
      expect(table.Properties.DeletionProtectionEnabled).toBe(false);
      expect(table.DeletionPolicy).toBe('Delete');
      for (const key of Object.values(t.storage.findResources('AWS::KMS::Key'))) {
        expect(key.DeletionPolicy).toBe('Delete');
      }
    });
  });

  describe('Web: the functions', () => {
    const http = () => functionByHandler(t.web, 'functions/http.handler');
    const staff = () => functionByHandler(t.web, 'functions/staff.handler');
    const env = (fn: [string, Json]) => fn[1].Properties.Environment.Variables as Json;
    const tableId = () => only(t.storage, 'AWS::DynamoDB::Table')[0];
    const contactKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-contact');

    it('runs both on nodejs24.x, arm64, really bundled, no tracing', () => {
      for (const [, fn] of [http(), staff()]) {
        expect(fn.Properties.Runtime).toBe('nodejs24.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.Code.ZipFile).toBeUndefined();
        expect(fn.Properties.Code.S3Key).toMatch(/\.zip$/);
        expect(fn.Properties.TracingConfig).toBeUndefined();
      }
    });

    it('sizes them as documented: public 512 MB/10 s/50 reserved, staff 1024 MB/29 s/10 reserved', () => {
      expect(http()[1].Properties).toMatchObject({ MemorySize: 512, Timeout: 10, ReservedConcurrentExecutions: 50 });
      expect(staff()[1].Properties).toMatchObject({ MemorySize: 1024, Timeout: 29, ReservedConcurrentExecutions: 10 });
    });

    it('gives the public function its stage, table, contact key, intake and retention through the environment', () => {
      const e = env(http());
      expect(e.MASHURA_STAGE).toBe('ci');
      expect(e.MASHURA_TABLE['Fn::ImportValue']).toContain(`ExportsOutputRef${tableId()}`);
      expect(e.MASHURA_CONTACT_KEY_ARN['Fn::ImportValue']).toContain(`ExportsOutputFnGetAtt${contactKeyId()}Arn`);
      expect(mentions(e.MASHURA_INTAKE_ARN, 'ExportsOutputRefIntake')).toBe(true);
      expect(e.MASHURA_CONTACT_RETENTION_DAYS).toBe('90');
      expect(e.MASHURA_SPAM_RETENTION_DAYS).toBe('30');
      // With a custom domain and no explicit base URL, links point at the domain.
      expect(e.MASHURA_BASE_URL).toBe(`https://${CI_ENV.MASHURA_DOMAIN}`);
      expect(Object.keys(e).filter((k) => k.startsWith('SST_Table_'))).toEqual([]);
      expect(e.MASHURA_OUTCOME_ARN).toBeUndefined();
      // Abuse limits set at synth reach the function; unset ones keep the app's defaults.
      expect(e.MASHURA_RATE_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY).toBe('4');
      expect(Object.keys(e).filter((k) => k.startsWith('MASHURA_RATE_'))).toEqual([
        'MASHURA_RATE_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY',
      ]);
      expect(Object.keys(env(staff())).filter((k) => k.startsWith('MASHURA_RATE_'))).toEqual([]);
    });

    it('passes on only the abuse limits that are set, and refuses a bad one at synth', () => {
      expect(rateEnvironment({})).toEqual({});
      expect(rateEnvironment({ MASHURA_RATE_SUBMIT_PER_HOUR: ' 120 ', MASHURA_OTHER: '1' })).toEqual({
        MASHURA_RATE_SUBMIT_PER_HOUR: '120',
      });
      expect(() => rateEnvironment({ MASHURA_RATE_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY: '0' })).toThrow(
        /MASHURA_RATE_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY/,
      );
      expect(rateEnvironment({ MASHURA_RATE_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_DAY: '30' })).toEqual({
        MASHURA_RATE_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_DAY: '30',
      });
    });

    it("passes on the staff function's sign-in and campaign settings that are set, and refuses a bad one at synth", () => {
      expect(staffSettingsEnvironment({})).toEqual({});
      expect(
        staffSettingsEnvironment({
          MASHURA_STAFF_SIGNIN_ANONYMOUS_PER_10S: ' 3 ',
          MASHURA_CAMPAIGN_SIZE: '30',
          X: '1',
        }),
      ).toEqual({ MASHURA_STAFF_SIGNIN_ANONYMOUS_PER_10S: '3', MASHURA_CAMPAIGN_SIZE: '30' });
      expect(() => staffSettingsEnvironment({ MASHURA_STAFF_SIGNIN_EMAILS_PER_DAY: '0' })).toThrow(
        /MASHURA_STAFF_SIGNIN_EMAILS_PER_DAY/,
      );
    });

    it('passes the campaign rule set at synth to every worker, so the workflow records campaigns by the rule the queue flags by', () => {
      expect(campaignEnvironment({})).toEqual({});
      expect(campaignEnvironment({ MASHURA_CAMPAIGN_SIZE: ' 5 ', MASHURA_CAMPAIGN_HOURS: '2', X: '1' })).toEqual({
        MASHURA_CAMPAIGN_SIZE: '5',
        MASHURA_CAMPAIGN_HOURS: '2',
      });
      expect(() => campaignEnvironment({ MASHURA_CAMPAIGN_HOURS: '0' })).toThrow(/MASHURA_CAMPAIGN_HOURS/);
    });

    it('binds secrets, never inlines them: RECEIPT and PROTECT to the public function, STAFF to the staff one', () => {
      const secrets = (fn: [string, Json]) =>
        sorted(
          Object.entries(env(fn))
            .filter(([k]) => k.startsWith('SST_Secret_value_'))
            .map(([k, v]) => {
              expect(v).toBe('__FETCH_FROM_SSM__');
              return k.replace('SST_Secret_value_', '');
            }),
        );
      expect(secrets(http())).toEqual(['PROTECT_SECRET', 'RECEIPT_SECRET']);
      expect(secrets(staff())).toEqual(['STAFF_SECRET']);
    });

    it('gives the staff function the outcome workflow and the worker settings', () => {
      const e = env(staff());
      expect(mentions(e.MASHURA_OUTCOME_ARN, 'ExportsOutputRefOutcome')).toBe(true);
      expect(e.MASHURA_MAIL_FROM).toBe('no-reply@mashura.example');
      expect(mentions(e.MASHURA_MAIL_CONFIGURATION_SET, 'ExportsOutputRefConfigurationSet')).toBe(true);
      expect(e.MASHURA_INTAKE_ARN).toBeUndefined();
    });

    it('hands both functions the origin token from Secrets Manager, the same one CloudFront sends', () => {
      const [secretId, secret] = only(t.web, 'AWS::SecretsManager::Secret');
      expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
      expect(secret.Properties.SecretString).toBeUndefined();
      const reference = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] };
      expect(env(http()).MASHURA_ORIGIN_TOKEN).toEqual(reference);
      expect(env(staff()).MASHURA_ORIGIN_TOKEN).toEqual(reference);
      const [, distribution] = only(t.web, 'AWS::CloudFront::Distribution');
      const origins = distribution.Properties.DistributionConfig.Origins as Json[];
      expect(origins).toHaveLength(2);
      for (const origin of origins) {
        expect(origin.OriginCustomHeaders).toEqual([{ HeaderName: ORIGIN_HEADER, HeaderValue: reference }]);
      }
    });

    it('exposes each function through a function URL (auth NONE; staff streamed) and nothing else', () => {
      const urls = Object.values(t.web.findResources('AWS::Lambda::Url'));
      expect(urls).toHaveLength(2);
      for (const url of urls) {
        // The staff function streams (exports past 6 MB: docs/adr/0010-streamed-exports.md).
        const mode = url.Properties.TargetFunctionArn['Fn::GetAtt'][0] === staff()[0] ? 'RESPONSE_STREAM' : 'BUFFERED';
        expect(url.Properties).toMatchObject({ AuthType: 'NONE', InvokeMode: mode });
      }
      expect(sorted(urls.map((u) => u.Properties.TargetFunctionArn['Fn::GetAtt'][0]))).toEqual(
        sorted([http()[0], staff()[0]]),
      );
      const permissions = Object.values(t.web.findResources('AWS::Lambda::Permission'));
      expect(permissions).toHaveLength(4);
      for (const p of permissions) {
        if (p.Properties.Action === 'lambda:InvokeFunctionUrl') {
          expect(p.Properties.FunctionUrlAuthType).toBe('NONE');
        } else {
          expect(p.Properties.Action).toBe('lambda:InvokeFunction');
          expect(p.Properties.InvokedViaFunctionUrl).toBe(true);
        }
      }
      expect(t.web.findResources('AWS::ApiGatewayV2::Api')).toEqual({});
    });
  });

  describe('Web: one CloudFront distribution', () => {
    const config = () => only(t.web, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as Json;
    const originOf = (handler: string) => {
      const [fnId] = functionByHandler(t.web, handler);
      const [urlId] = Object.entries(t.web.findResources('AWS::Lambda::Url')).find(([, u]) =>
        mentions(u.Properties.TargetFunctionArn, fnId),
      ) as [string, Json];
      const origin = (config().Origins as Json[]).find((o) => mentions(o.DomainName, urlId));
      expect(origin, handler).toBeDefined();
      return origin as Json;
    };

    it('routes the staff paths to the staff function, everything else to the public one', () => {
      const publicId = originOf('functions/http.handler').Id;
      const staffId = originOf('functions/staff.handler').Id;
      const cases: [string, string][] = [
        ['/', publicId],
        ['/en', publicId],
        ['/status', publicId],
        ['/en/outcomes', publicId],
        ['/altcha/challenge', publicId],
        ['/staffing', publicId],
        ['/en/staffing', publicId],
        ['/staff', staffId],
        ['/staff/', staffId],
        ['/staff/inbox', staffId],
        ['/staff/submissions/ABCD1234EFGH', staffId],
        ['/staff/outcomes', staffId],
        ['/en/staff', staffId],
        ['/en/staff/inbox', staffId],
        ['/assets/site.css', publicId],
        ['/staff/assets/staff.css', staffId],
        // Every staff base of the route table, and every public page in every language.
        ...STAFF_BASES.flatMap((base): [string, string][] => [
          [base, staffId],
          [`${base}/`, staffId],
          [`${base}/inbox`, staffId],
          [`${base}ing`, publicId],
        ]),
        ...LANGUAGES.flatMap((language) =>
          Object.keys(PUBLIC_PAGES).map((page): [string, string] => [
            publicPath(language, page as keyof typeof PUBLIC_PAGES),
            publicId,
          ]),
        ),
      ];
      for (const [path, origin] of cases) expect(behaviorFor(config(), path).TargetOriginId, path).toBe(origin);
      expect(sorted((config().CacheBehaviors as Json[]).map((b) => b.PathPattern))).toEqual(
        sorted([...STAFF_PATTERNS.cloudFront, ...Object.values(ASSET_PATTERNS)]),
      );
    });

    it('never caches pages, forwards the whole request but Host, and runs the client-address function', () => {
      for (const path of ['/', '/en/status', '/staff', '/staff/inbox', '/en/staff/stats']) {
        const b = behaviorFor(config(), path);
        expect(b.CachePolicyId, path).toBe(CACHING_DISABLED);
        expect(b.OriginRequestPolicyId, path).toBe(ALL_VIEWER_EXCEPT_HOST);
        expect(b.AllowedMethods, path).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
        expect(b.ViewerProtocolPolicy, path).toBe('redirect-to-https');
        const [fnId] = only(t.web, 'AWS::CloudFront::Function');
        expect(b.FunctionAssociations, path).toEqual([
          { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } },
        ]);
      }
    });

    it('caches assets long (as the app says), compressed, GET/HEAD only, forwarding nothing of the viewer', () => {
      for (const path of ['/assets/site.css', '/staff/assets/staff.css']) {
        const b = behaviorFor(config(), path);
        expect(b.CachePolicyId, path).toBe(CACHING_OPTIMIZED);
        expect(b.Compress, path).toBe(true);
        expect(b.AllowedMethods, path).toEqual(['GET', 'HEAD']);
        expect(b.OriginRequestPolicyId, path).toBeUndefined();
        expect(b.FunctionAssociations, path).toBeUndefined();
        expect(b.ViewerProtocolPolicy, path).toBe('redirect-to-https');
      }
    });

    it('reaches the functions over HTTPS with timeouts longer than theirs', () => {
      const publicOrigin = originOf('functions/http.handler');
      const staffOrigin = originOf('functions/staff.handler');
      for (const origin of [publicOrigin, staffOrigin]) {
        expect(origin.CustomOriginConfig).toMatchObject({
          OriginProtocolPolicy: 'https-only',
          OriginSSLProtocols: ['TLSv1.2'],
        });
      }
      expect(publicOrigin.CustomOriginConfig.OriginReadTimeout).toBe(15);
      expect(staffOrigin.CustomOriginConfig.OriginReadTimeout).toBe(30);
    });

    it('passes the viewer address and host in the headers the app reads, overwriting forged ones', () => {
      const [, fn] = only(t.web, 'AWS::CloudFront::Function');
      expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      expect(fn.Properties.FunctionCode).toBe(CLIENT_ADDRESS_FUNCTION);
      const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (e: Json) => Json;
      const request = handler({
        viewer: { ip: '203.0.113.9' },
        request: {
          method: 'POST',
          uri: '/',
          headers: {
            [CLIENT_HEADER]: { value: '10.0.0.1' },
            [HOST_HEADER]: { value: 'evil.example' },
            host: { value: CI_ENV.MASHURA_DOMAIN },
            accept: { value: '*/*' },
          },
        },
      });
      expect(request.headers[CLIENT_HEADER]).toEqual({ value: '203.0.113.9' });
      expect(request.headers[HOST_HEADER]).toEqual({ value: CI_ENV.MASHURA_DOMAIN });
      expect(request.headers.accept).toEqual({ value: '*/*' });
      expect(request.uri).toBe('/');
      const noHost = handler({
        viewer: { ip: '2001:db8::7' },
        request: { method: 'GET', uri: '/', headers: { [HOST_HEADER]: { value: 'evil.example' } } },
      });
      expect(noHost.headers).toEqual({ [CLIENT_HEADER]: { value: '2001:db8::7' } });
    });

    it('is attached to the WAF web ACL, on the custom domain with TLS 1.2+, without access logs', () => {
      const c = config();
      expect(c.WebACLId).toBe(CI_ENV.MASHURA_WEB_ACL_ARN);
      expect(c.Aliases).toEqual([CI_ENV.MASHURA_DOMAIN]);
      expect(c.ViewerCertificate).toEqual({
        AcmCertificateArn: CI_ENV.MASHURA_CERT_ARN,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      });
      // Standard logs carry viewer IP addresses.
      expect(c.Logging).toBeUndefined();
      expect(c.PriceClass).toBe('PriceClass_200');
      expect(c.HttpVersion).toBe('http2and3');
      expect(c.Enabled).toBe(true);
      expect(t.web.findOutputs('SiteUrl').SiteUrl?.Value).toBe(`https://${CI_ENV.MASHURA_DOMAIN}`);
    });
  });

  describe('edge settings from the environment', () => {
    it('refuses settings that cannot work, before anything is deployed', () => {
      const cert = CI_ENV.MASHURA_CERT_ARN;
      expect(() => edgeSettings({ MASHURA_DOMAIN: 'feedback.example.org' })).toThrow(/go together/);
      expect(() => edgeSettings({ MASHURA_CERT_ARN: cert })).toThrow(/go together/);
      expect(() =>
        edgeSettings({
          MASHURA_DOMAIN: 'feedback.example.org',
          MASHURA_CERT_ARN: cert.replace('us-east-1', 'eu-central-1'),
        }),
      ).toThrow(/us-east-1/);
      expect(() => edgeSettings({ MASHURA_DOMAIN: 'Feedback Example', MASHURA_CERT_ARN: cert })).toThrow(/domain/);
      expect(() =>
        edgeSettings({ MASHURA_WEB_ACL_ARN: 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/x/y' }),
      ).toThrow(/CLOUDFRONT-scope/);
      expect(() => edgeSettings({ MASHURA_WEB_RESERVED_CONCURRENCY: '0' })).toThrow(/positive/);
    });

    it('lets a small account switch reserved concurrency off, or change it', () => {
      expect(edgeSettings({}).reservedConcurrency).toEqual({ http: 50, staff: 10 });
      expect(
        edgeSettings({ MASHURA_WEB_RESERVED_CONCURRENCY: 'off', MASHURA_STAFF_RESERVED_CONCURRENCY: '5' })
          .reservedConcurrency,
      ).toEqual({ http: undefined, staff: 5 });
    });
  });
});

// ------------------------------------------------------------------------ prod stage

describe('prod stage', () => {
  let t: Templates;
  beforeAll(async () => {
    t = await synth('prod');
    console.info(`synth (prod): ${t.ms} ms`);
  }, SYNTH_TIMEOUT);

  it('protects the table from deletion and retains it, with point-in-time recovery', () => {
    const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('retains all three keys (table, contact details, voice), with the longest deletion window', () => {
    const keys = Object.values(t.storage.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.PendingWindowInDays).toBe(30);
    }
    keyByAlias(t.storage, 'alias/mashura-prod-contact');
    keyByAlias(t.storage, 'alias/mashura-prod-table');
    keyByAlias(t.storage, 'alias/mashura-prod-voice');
  });

  it('names the contact readers of the prod stage in the key policy', () => {
    const key = t.storage.toJSON().Resources[keyByAlias(t.storage, 'alias/mashura-prod-contact')] as Json;
    const text = JSON.stringify(key.Properties.KeyPolicy);
    for (const reader of CONTACT_READERS) expect(text).toContain(`:role/mashura-prod-contact-${reader}`);
    expect(text).not.toContain('mashura-ci-');
  });

  it('names the stage in the web functions and keeps reserved concurrency on', () => {
    const [, http] = functionByHandler(t.web, 'functions/http.handler');
    expect(http.Properties.Environment.Variables.MASHURA_STAGE).toBe('prod');
    expect(http.Properties.ReservedConcurrentExecutions).toBe(50);
    const [, staff] = functionByHandler(t.web, 'functions/staff.handler');
    expect(staff.Properties.ReservedConcurrentExecutions).toBe(10);
  });

  it('without the edge settings: CloudFront domain and certificate, no WAF, and a warning saying so', () => {
    const c = only(t.web, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as Json;
    expect(c.WebACLId).toBeUndefined();
    expect(c.Aliases).toBeUndefined();
    expect(c.ViewerCertificate).toBeUndefined();
    expect(t.warnings.web.join('\n')).toContain('MASHURA_WEB_ACL_ARN');
  });

  it('warns at synth when prod would deploy with placeholder inboxes and base URL', () => {
    for (const name of ['mail', 'workflow', 'web', 'schedules', 'monitoring'] as const) {
      const warnings = t.warnings[name].join('\n');
      for (const setting of [
        'MASHURA_OSE_INBOX',
        'MASHURA_DONORS_INBOX',
        'MASHURA_OPERATORS_EMAIL',
        'MASHURA_BASE_URL',
      ]) {
        expect(warnings, name).toContain(setting);
      }
    }
  });
});
