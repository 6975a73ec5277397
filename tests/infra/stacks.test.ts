/**
 * Offline synth of the real SST app (sst.config.ts), asserted with CDK's Template API:
 * Storage and Web here, Mail, Workflow and Schedules in workflow.test.ts. The synth itself
 * (no AWS account, real esbuild bundles) lives in ./synth.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_INDEXES, TABLE_KEYS } from '#store/table.ts';
import {
  actionsOf,
  allIamStatements,
  allTemplates,
  asArray,
  functionByHandler,
  functionStatements,
  type Json,
  keyByAlias,
  mentions,
  only,
  REGION,
  SYNTH_TIMEOUT,
  sorted,
  synth,
  type Templates,
  wildcardActions,
} from './synth.ts';

// ------------------------------------------------------------------------- dev stage

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
      expect(sorted(gsis.map((g) => g.IndexName))).toEqual(['byRoute', 'byStatus']);
      for (const [name, [pk, sk]] of Object.entries(TABLE_INDEXES)) {
        const gsi = gsis.find((g) => g.IndexName === name);
        expect(gsi?.KeySchema).toEqual([
          { AttributeName: pk, KeyType: 'HASH' },
          { AttributeName: sk, KeyType: 'RANGE' },
        ]);
        expect(gsi?.Projection).toEqual({ ProjectionType: 'ALL' });
        // On-demand tables carry no provisioned throughput on their indexes.
        expect(gsi?.ProvisionedThroughput).toBeUndefined();
      }
      expect(table.Properties.LocalSecondaryIndexes).toBeUndefined();
    });

    it('is on-demand, with point-in-time recovery and TTL on expiresAt', () => {
      const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.ProvisionedThroughput).toBeUndefined();
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
      expect(table.Properties.TimeToLiveSpecification).toEqual({
        AttributeName: 'expiresAt',
        Enabled: true,
      });
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

    it('has two distinct customer-managed keys, both rotating', () => {
      const keys = t.storage.findResources('AWS::KMS::Key');
      expect(Object.keys(keys)).toHaveLength(2);
      const tableKey = keyByAlias(t.storage, 'alias/mashura-ci-table');
      const contactKey = keyByAlias(t.storage, 'alias/mashura-ci-contact');
      expect(tableKey).not.toBe(contactKey);
      for (const id of [tableKey, contactKey]) {
        expect(keys[id]?.Properties.EnableKeyRotation).toBe(true);
        expect(keys[id]?.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
        expect(keys[id]?.Properties.PendingWindowInDays).toBe(7);
      }
      expect(Object.keys(t.storage.findOutputs('ContactKeyArn'))).toHaveLength(1);
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

  describe('Web', () => {
    const httpFunction = () => functionByHandler(t.web, 'functions/http.handler');

    function httpRoleStatements(): Json[] {
      const [, fn] = httpFunction();
      const statements = functionStatements(t.web, fn);
      expect(statements.length).toBeGreaterThan(0);
      return statements;
    }

    const contactKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-contact');
    const tableKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-table');
    const tableId = () => only(t.storage, 'AWS::DynamoDB::Table')[0];

    it('runs the built Hono handler on nodejs22.x, arm64', () => {
      const [, fn] = httpFunction();
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.MemorySize).toBe(512);
      expect(fn.Properties.Timeout).toBe(10);
      // Real bundled code from an S3 asset, not SST's inline placeholder.
      expect(fn.Properties.Code.ZipFile).toBeUndefined();
      expect(fn.Properties.Code.S3Key).toMatch(/\.zip$/);
      expect(fn.Properties.TracingConfig).toBeUndefined();
    });

    it('keeps its logs for a bounded time', () => {
      const [fnId] = httpFunction();
      const retention = Object.values(t.web.findResources('Custom::LogRetention')).filter((r) =>
        mentions(r.Properties.LogGroupName, fnId),
      );
      expect(retention).toHaveLength(1);
      expect(retention[0]?.Properties.RetentionInDays).toBe(30);
    });

    it('gets its stage, table and contact key through the environment', () => {
      const [, fn] = httpFunction();
      const env = fn.Properties.Environment.Variables as Json;
      expect(env.MASHURA_STAGE).toBe('ci');
      expect(env.MASHURA_TABLE['Fn::ImportValue']).toContain(`ExportsOutputRef${tableId()}`);
      expect(env.MASHURA_CONTACT_KEY_ARN['Fn::ImportValue']).toContain(`ExportsOutputFnGetAtt${contactKeyId()}Arn`);
      // The receipt secret is bound (fetched from SSM at cold start), never inlined.
      expect(env.SST_Secret_value_RECEIPT_SECRET).toBe('__FETCH_FROM_SSM__');
      // The table is deliberately not bound: SST's table binding grants dynamodb:*.
      expect(Object.keys(env).filter((k) => k.startsWith('SST_Table_'))).toEqual([]);
    });

    it('may read the RECEIPT_SECRET parameter and nothing else in SSM', () => {
      const ssm = httpRoleStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('ssm:')));
      expect(ssm).toHaveLength(1);
      expect(actionsOf(ssm[0] as Json)).toEqual(['ssm:GetParameters']);
      const resources = JSON.stringify(ssm[0]?.Resource);
      expect(resources).toContain('/sst/mashura/ci/Secret/RECEIPT_SECRET/value');
    });

    it('has exactly GetItem, PutItem, UpdateItem and Query on the table and its indexes', () => {
      const statements = httpRoleStatements();
      const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toHaveLength(1);
      const [statement] = dynamo as [Json];
      expect(statement.Effect).toBe('Allow');
      expect(sorted(actionsOf(statement))).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
      const resources = asArray<Json>(statement.Resource);
      expect(resources).toHaveLength(2);
      expect(mentions(resources[0], `ExportsOutputFnGetAtt${tableId()}Arn`)).toBe(true);
      expect(resources[1]?.['Fn::Join']?.[1]?.[1]).toBe('/index/*');
      expect(mentions(resources[1], `ExportsOutputFnGetAtt${tableId()}Arn`)).toBe(true);
    });

    it('can encrypt contact details but never decrypt them', () => {
      const statements = httpRoleStatements();
      const onContactKey = statements.filter((s) => mentions(s.Resource, contactKeyId()));
      expect(onContactKey).toHaveLength(1);
      expect(sorted(onContactKey.flatMap(actionsOf))).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
      // No statement, on any resource, hands the function an unconditioned Decrypt.
      for (const s of statements) {
        const decrypts = actionsOf(s).some((a) => /^kms:(Decrypt|ReEncrypt|\*)/.test(a) || a === '*');
        if (!decrypts) continue;
        expect(mentions(s.Resource, contactKeyId())).toBe(false);
        expect(s.Resource).not.toBe('*');
        expect(s.Condition?.StringEquals?.['kms:ViaService']).toBe(`dynamodb.${REGION}.amazonaws.com`);
      }
    });

    it('uses the table key only through DynamoDB', () => {
      const onTableKey = httpRoleStatements().filter((s) => mentions(s.Resource, tableKeyId()));
      expect(onTableKey).toHaveLength(1);
      const [statement] = onTableKey as [Json];
      expect(sorted(actionsOf(statement))).toEqual([
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
      ]);
      expect(statement.Condition).toEqual({
        StringEquals: { 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com` },
      });
    });

    it('grants the function nothing beyond its table, keys, secret and starting intake (plus basic logging)', () => {
      const [, fn] = httpFunction();
      const role = t.web.toJSON().Resources[fn.Properties.Role['Fn::GetAtt'][0]] as Json;
      expect(role.Properties.Policies).toBeUndefined();
      expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toBe(
        JSON.stringify([
          {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
            ],
          },
        ]),
      );
      const services = new Set(
        httpRoleStatements()
          .flatMap(actionsOf)
          .map((a) => a.split(':')[0] ?? a),
      );
      expect(sorted(services)).toEqual(['dynamodb', 'kms', 'ssm', 'states']);
    });

    it('is served by an HTTP API with a $default route, throttling and no CORS', () => {
      const [apiId, api] = only(t.web, 'AWS::ApiGatewayV2::Api');
      expect(api.Properties.ProtocolType).toBe('HTTP');
      expect(api.Properties.CorsConfiguration).toBeUndefined();
      const [, route] = only(t.web, 'AWS::ApiGatewayV2::Route');
      expect(route.Properties.RouteKey).toBe('$default');
      expect(route.Properties.ApiId).toEqual({ Ref: apiId });
      const [, integration] = only(t.web, 'AWS::ApiGatewayV2::Integration');
      const [fnId] = httpFunction();
      expect(mentions(integration.Properties.IntegrationUri, fnId)).toBe(true);
      const [, stage] = only(t.web, 'AWS::ApiGatewayV2::Stage');
      expect(stage.Properties.StageName).toBe('$default');
      expect(stage.Properties.DefaultRouteSettings).toMatchObject({
        ThrottlingBurstLimit: 100,
        ThrottlingRateLimit: 50,
      });
    });

    it('writes access logs without IP addresses, user agents or paths', () => {
      const [, stage] = only(t.web, 'AWS::ApiGatewayV2::Stage');
      const format = stage.Properties.AccessLogSettings.Format as string;
      expect(JSON.parse(format)).toHaveProperty('requestId', '$context.requestId');
      expect(format).not.toMatch(/sourceIp|userAgent|\$context\.path|identity/);
      const [, logGroup] = only(t.web, 'AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays).toBe(30);
    });

    it('outputs the API URL', () => {
      const outputs = t.web.findOutputs('ApiUrl');
      expect(Object.keys(outputs)).toHaveLength(1);
    });
  });

  describe('every IAM policy in every stack', () => {
    it('names its actions: no "*", no "service:*"', () => {
      let checked = 0;
      for (const [, template] of allTemplates(t)) {
        for (const statement of allIamStatements(template)) {
          for (const action of [...actionsOf(statement), ...asArray<string>(statement.NotAction)]) {
            checked++;
            expect(action).not.toBe('*');
            expect(action).not.toMatch(/^[a-z0-9-]+:\*$/i);
          }
          expect(statement.NotAction, 'NotAction allows everything else').toBeUndefined();
        }
      }
      expect(checked).toBeGreaterThan(40);
    });

    it('gives kms:* only to the account root in key policies (IAM delegation)', () => {
      for (const key of Object.values(t.storage.findResources('AWS::KMS::Key'))) {
        for (const statement of asArray<Json>(key.Properties.KeyPolicy.Statement)) {
          const wildcard = actionsOf(statement).some((a) => a === '*' || a.endsWith(':*'));
          if (!wildcard) continue;
          expect(actionsOf(statement)).toEqual(['kms:*']);
          expect(JSON.stringify(statement.Principal)).toMatch(/:root"/);
          expect(Object.keys(statement.Principal)).toEqual(['AWS']);
        }
      }
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

  it('protects the table from deletion and retains it', () => {
    const [, table] = only(t.storage, 'AWS::DynamoDB::Table');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
  });

  it('retains both keys, with the longest deletion window', () => {
    const keys = Object.values(t.storage.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.PendingWindowInDays).toBe(30);
    }
    keyByAlias(t.storage, 'alias/mashura-prod-contact');
    keyByAlias(t.storage, 'alias/mashura-prod-table');
  });

  it('names the stage in the web function environment', () => {
    const fns = Object.values(t.web.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Handler === 'functions/http.handler',
    );
    expect(fns).toHaveLength(1);
    expect(fns[0]?.Properties.Environment.Variables.MASHURA_STAGE).toBe('prod');
  });

  it('warns at synth when prod would deploy with placeholder inboxes and base URL', () => {
    for (const name of ['workflow', 'schedules'] as const) {
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

  it('has no wildcard IAM action in prod either, in any stack', () => {
    let checked = 0;
    for (const [name, template] of allTemplates(t)) {
      const statements = allIamStatements(template);
      checked += statements.length;
      expect(wildcardActions(statements), name).toEqual([]);
    }
    expect(checked).toBeGreaterThan(20);
  });
});
