/**
 * Least privilege across the whole app (issue 8, item 2), on the offline synth: one table of
 * what every function may do, checked both ways; no wildcard action granted anywhere (IAM
 * and resource policies); the contact key decryptable by exactly three named roles, only as
 * contact details; every secret a function reads is bound to it, and no other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_CONTEXT_KEY, CONTACT_PURPOSE, CONTACT_READERS, contactReaderRoleName } from '../../stacks/shared.ts';
import {
  actionsOf,
  allIamStatements,
  allTemplates,
  appFunctions,
  asArray,
  isDlqSend,
  isSsmBinding,
  type Json,
  keyByAlias,
  mentions,
  REGION,
  ROOT,
  roleStatements,
  SYNTH_TIMEOUT,
  sorted,
  synth,
  type Templates,
  viaDynamoDb,
  wildcardActions,
} from './synth.ts';

/**
 * Every function's own actions, besides basic logging, the table key through DynamoDB, its
 * DLQ and its bound secrets. `Query@index` means Query on that index only; `Query` alone
 * means Query on the table itself. Adding an action to a stack without adding it here fails.
 */
const EXPECTED: Record<string, string[]> = {
  'functions/http.handler': [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:Query@byStatus',
    // Consultations (issue 14): only in the consultation partitions (tested below).
    'dynamodb:Query',
    'kms:GenerateDataKey@contact',
    'states:StartExecution@intake',
    // Voice recordings (issue 19): write only, the key's data keys through S3 only.
    's3:PutObject@voice',
    'kms:GenerateDataKey@voice',
  ],
  'functions/staff.handler': [
    'dynamodb:GetItem',
    // A search page's rows in one request (packages/store/search.ts).
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:Query',
    'dynamodb:Query@byStatus',
    'dynamodb:Query@byRoute',
    'dynamodb:Query@urgentByStatus',
    'dynamodb:Query@urgentByRoute',
    'kms:Decrypt@contact',
    'ses:SendEmail',
    'states:StartExecution@outcome',
    'states:StartExecution@statement',
    'states:StartExecution@brief',
    // The staff player (issue 19): read only.
    's3:GetObject@voice',
    'kms:Decrypt@voice',
  ],
  'functions/intake/load-submission.handler': ['dynamodb:GetItem'],
  'functions/intake/route-submission.handler': ['dynamodb:GetItem'],
  'functions/intake/send-inbox-email.handler': ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  'functions/intake/acknowledge-submitter.handler': [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'kms:Decrypt@contact',
    'ses:SendEmail',
  ],
  'functions/intake/record-delivery-failure.handler': ['dynamodb:UpdateItem', 'ses:SendEmail'],
  'functions/intake/mark-routed.handler': [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
  ],
  'functions/outcome/notify-submitter.handler': [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'kms:Decrypt@contact',
    'ses:SendEmail',
  ],
  'functions/sweeps/redrive.handler': ['dynamodb:Query@byRoute', 'states:StartExecution@intake'],
  'functions/sweeps/escalate.handler': [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'dynamodb:Query@byStatus',
    'ses:SendEmail',
  ],
  'functions/sweeps/purge.handler': [
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:Query@byStatus',
    // Retention erases recordings (issue 19): delete only, no key.
    's3:DeleteObject@voice',
  ],
  'functions/mail-events.handler': ['dynamodb:PutItem'],
  // Consultations (issue 14): one statement item by key; never contact details.
  'functions/statement/send-statement.handler': ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  'functions/statement/record-statement-failure.handler': ['dynamodb:UpdateItem'],
  // Briefs (issue 16): the send task works on a brief's items by key; the monthly draft reads
  // the period from byStatus and writes a draft, and sends nothing.
  'functions/brief/send-brief-email.handler': ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  'functions/brief/monthly-draft.handler': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query@byStatus'],
};

/** The roles with a fixed name, i.e. the ones the contact key's policy lets decrypt. */
const READER_HANDLERS: Record<(typeof CONTACT_READERS)[number], string> = {
  AcknowledgeSubmitter: 'functions/intake/acknowledge-submitter.handler',
  NotifySubmitter: 'functions/outcome/notify-submitter.handler',
  Staff: 'functions/staff.handler',
};

describe('least privilege (stage "ci")', () => {
  let t: Templates;
  beforeAll(async () => {
    t = await synth('ci');
  }, SYNTH_TIMEOUT);

  const contactKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-contact');
  const tableKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-table');
  const voiceKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-voice');
  const voiceBucketId = () =>
    Object.keys(t.storage.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('VoiceBucket'))!;

  /** A statement as `action@what` labels, resolving resources to the names EXPECTED uses. */
  function labels(s: Json): string[] {
    const resources = asArray<Json | string>(s.Resource);
    return actionsOf(s).flatMap((action) => {
      // SendEmail names two resources (identity and configuration set): workflow.test.ts checks them.
      if (action === 'ses:SendEmail') return [action];
      return resources.map((r) => {
        const text = JSON.stringify(r);
        if (action.startsWith('dynamodb:')) {
          const index = text.match(/\/index\/([A-Za-z]+)/);
          expect(text, action).toMatch(/ExportsOutputFnGetAttTable[0-9A-F]+Arn/);
          return index ? `${action}@${index[1]}` : action;
        }
        if (action.startsWith('kms:') && mentions(r, voiceKeyId())) {
          expect(s.Condition, `${action} on the voice key only through S3`).toEqual({
            StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` },
          });
          return `${action}@voice`;
        }
        if (action.startsWith('kms:')) {
          expect(mentions(r, contactKeyId()), `${action} on the contact key only`).toBe(true);
          return `${action}@contact`;
        }
        if (action.startsWith('s3:')) {
          expect(mentions(r, voiceBucketId()), `${action} on the voice bucket only`).toBe(true);
          expect(text, `${action} on the voice/ prefix only`).toMatch(/\/voice\/\*"/);
          return `${action}@voice`;
        }
        if (action === 'states:StartExecution') {
          const machine = text.match(/ExportsOutputRef(Intake|Outcome|Statement|Brief)/);
          expect(machine, text).not.toBeNull();
          return `${action}@${String(machine?.[1]).toLowerCase()}`;
        }
        return action;
      });
    });
  }

  const ownStatements = (template: Templates[keyof Templates], fn: Json) => {
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    return roleStatements(template as never, roleId).filter(
      (s) => !viaDynamoDb(s) && !isSsmBinding(s) && !isDlqSend(s),
    );
  };

  it("lets the public function Query the table itself only in the consultations' partitions", () => {
    const found = appFunctions(t).find((f) => f.fn.Properties.Handler === 'functions/http.handler');
    const onTable = ownStatements(found!.template, found!.fn).filter(
      (s) => actionsOf(s).includes('dynamodb:Query') && !JSON.stringify(s.Resource).includes('/index/'),
    );
    expect(onTable).toHaveLength(1);
    expect(onTable[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CONS#*', 'CONSVOTES#*'] },
    });
  });

  it('knows every function the app builds', () => {
    expect(sorted(appFunctions(t).map((f) => f.fn.Properties.Handler))).toEqual(sorted(Object.keys(EXPECTED)));
  });

  it.each(Object.entries(EXPECTED))('%s may do exactly %j', (handler, expected) => {
    const found = appFunctions(t).filter((f) => f.fn.Properties.Handler === handler);
    expect(found).toHaveLength(1);
    const { template, fn } = found[0] as (typeof found)[number];
    const statements = ownStatements(template, fn);
    expect(sorted(statements.flatMap(labels))).toEqual(sorted(expected));
    for (const s of statements) expect(s.Effect).toBe('Allow');
    // The table key: only through DynamoDB, exactly the one statement.
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const onTableKey = roleStatements(template as never, roleId).filter((s) => mentions(s.Resource, tableKeyId()));
    expect(onTableKey).toHaveLength(1);
    expect(viaDynamoDb(onTableKey[0] as Json)).toBe(true);
    expect(sorted(actionsOf(onTableKey[0] as Json))).toEqual([
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
    ]);
    // Nothing attached besides AWS's basic Lambda logging policy.
    const role = template.toJSON().Resources[roleId] as Json;
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
  });

  it('uses the contact key only as contact details (encryption context), in every grant', () => {
    let grants = 0;
    for (const [, template] of allTemplates(t)) {
      for (const s of allIamStatements(template)) {
        if (!mentions(s.Resource, contactKeyId()) || viaDynamoDb(s)) continue;
        grants++;
        expect(s.Condition).toEqual({ StringEquals: { [CONTACT_CONTEXT_KEY]: CONTACT_PURPOSE } });
      }
    }
    expect(grants).toBe(4);
  });

  it('lets exactly three roles decrypt contact details, each with the name the key policy allows', () => {
    const holders: string[] = [];
    // Decrypting a recording is a different grant: the voice key, through S3 only, the staff role only.
    const voiceDecrypts: { policy: string; statement: Json }[] = [];
    for (const [stackName, template] of allTemplates(t)) {
      for (const [policyId, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
        for (const s of asArray<Json>(policy.Properties.PolicyDocument.Statement)) {
          const decrypts = actionsOf(s).some((a) => /^kms:(Decrypt|ReEncrypt|\*)|^\*$/.test(a));
          if (!decrypts || viaDynamoDb(s)) continue;
          if (mentions(s.Resource, voiceKeyId())) {
            voiceDecrypts.push({ policy: `${stackName}/${policyId}`, statement: s });
            continue;
          }
          expect(mentions(s.Resource, contactKeyId()) || s.Resource === '*', `${stackName}/${policyId}`).toBe(true);
          for (const role of asArray<Json>(policy.Properties.Roles)) {
            const roleResource = template.toJSON().Resources[role.Ref] as Json;
            holders.push(roleResource.Properties.RoleName);
          }
        }
      }
    }
    expect(sorted(holders)).toEqual(sorted(CONTACT_READERS.map((r) => contactReaderRoleName('ci', r))));
    expect(voiceDecrypts).toHaveLength(1);
    const [{ policy, statement }] = voiceDecrypts as [(typeof voiceDecrypts)[number]];
    expect(policy).toMatch(/^web\/StaffRoleDefaultPolicy/);
    expect(statement).toEqual({
      Sid: 'VoiceKeyOpen',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::ImportValue': expect.any(String) },
      Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
    });
    expect(mentions(statement.Resource, voiceKeyId())).toBe(true);
    expect(mentions(statement.Resource, contactKeyId())).toBe(false);
    // …and each named role is the role of the function that needs it.
    for (const [reader, handler] of Object.entries(READER_HANDLERS)) {
      const { template, fn } = appFunctions(t).find((f) => f.fn.Properties.Handler === handler) as ReturnType<
        typeof appFunctions
      >[number];
      const role = template.toJSON().Resources[fn.Properties.Role['Fn::GetAtt'][0]] as Json;
      expect(role.Properties.RoleName, handler).toBe(contactReaderRoleName('ci', reader as never));
    }
  });

  it('never lets the public function decrypt: the only contact-key action it has is GenerateDataKey', () => {
    const { template, fn } = appFunctions(t).find(
      (f) => f.fn.Properties.Handler === 'functions/http.handler',
    ) as ReturnType<typeof appFunctions>[number];
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    for (const s of roleStatements(template as never, roleId)) {
      const decrypts = actionsOf(s).some((a) => /^kms:(Decrypt|ReEncrypt|\*)/.test(a) || a === '*');
      if (!decrypts) continue;
      expect(mentions(s.Resource, contactKeyId())).toBe(false);
      expect(viaDynamoDb(s)).toBe(true);
    }
    const role = template.toJSON().Resources[roleId] as Json;
    expect(role.Properties.RoleName).toBeUndefined();
  });

  it('grants no wildcard action anywhere: IAM policies, key, topic, queue and function policies', () => {
    let checked = 0;
    for (const [name, template] of allTemplates(t)) {
      const statements = allIamStatements(template);
      checked += statements.length;
      expect(wildcardActions(statements), name).toEqual([]);

      const resourcePolicies: [string, Json[]][] = [];
      for (const [id, key] of Object.entries(template.findResources('AWS::KMS::Key'))) {
        resourcePolicies.push([id, asArray<Json>(key.Properties.KeyPolicy.Statement)]);
      }
      for (const type of ['AWS::SNS::TopicPolicy', 'AWS::SQS::QueuePolicy']) {
        for (const [id, p] of Object.entries(template.findResources(type))) {
          resourcePolicies.push([id, asArray<Json>(p.Properties.PolicyDocument.Statement)]);
        }
      }
      for (const [id, statements] of resourcePolicies) {
        for (const s of statements) {
          checked++;
          if (s.Effect === 'Deny') continue; // a wildcard in a Deny only takes away
          const wild = wildcardActions([s]);
          if (wild.length === 0) continue;
          // The one exception: a key policy's root statement, which hands the key to IAM.
          expect(wild, `${name}/${id}`).toEqual(['kms:*']);
          expect(JSON.stringify(s.Principal)).toMatch(/:root"/);
          expect(Object.keys(s.Principal)).toEqual(['AWS']);
        }
      }
      for (const [id, p] of Object.entries(template.findResources('AWS::Lambda::Permission'))) {
        checked++;
        expect(p.Properties.Action, `${name}/${id}`).toMatch(/^lambda:InvokeFunction(Url)?$/);
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('would catch a wildcard (the check is really checking)', () => {
    expect(wildcardActions([{ Action: ['dynamodb:*'] }, { Action: '*' }, { NotAction: 's3:GetObject' }])).toEqual([
      'dynamodb:*',
      '*',
      'NotAction s3:GetObject',
    ]);
  });

  it('lets only the purge sweep delete items, only the staff function read in batches, and nothing Scan or batch-write anywhere', () => {
    for (const { fn, template } of appFunctions(t)) {
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const actions = roleStatements(template as never, roleId).flatMap(actionsOf);
      expect(
        actions.filter((a) => /Scan|BatchWrite|Transact|PartiQL/.test(a)),
        fn.Properties.Handler,
      ).toEqual([]);
      // Batch reads: a search page's rows, by the function that may already read them one by one.
      expect(
        actions.filter((a) => /BatchGet/.test(a)),
        fn.Properties.Handler,
      ).toEqual(fn.Properties.Handler === 'functions/staff.handler' ? ['dynamodb:BatchGetItem'] : []);
      if (fn.Properties.Handler !== 'functions/sweeps/purge.handler') {
        expect(actions, fn.Properties.Handler).not.toContain('dynamodb:DeleteItem');
      }
    }
  });

  it('names the stage in every function (a missing MASHURA_STAGE would mean local mode)', () => {
    for (const { fn } of appFunctions(t)) {
      expect(fn.Properties.Environment.Variables.MASHURA_STAGE, fn.Properties.Handler).toBe('ci');
    }
  });

  describe('secrets', () => {
    /** Source files reachable from a handler through relative imports inside functions/. */
    function sources(entry: string): string[] {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file) || !file.startsWith(path.join(ROOT, 'functions'))) return;
        seen.add(file);
        const source = readFileSync(file, 'utf8');
        for (const m of source.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g))
          visit(path.resolve(path.dirname(file), m[1] as string));
      };
      visit(entry);
      return [...seen];
    }
    /** Secrets a handler reads with functions/secrets.ts (`X_SECRET`), found in its code. */
    function readSecrets(handler: string): string[] {
      const entry = path.join(ROOT, `${handler.replace(/\.[A-Za-z]+$/, '')}.ts`);
      const found = new Set<string>();
      for (const file of sources(entry)) {
        const source = readFileSync(file, 'utf8');
        if (!source.includes('readSecrets(')) continue;
        for (const m of source.matchAll(/\b([A-Z][A-Z0-9]*_SECRET)\b/g)) found.add(m[1] as string);
      }
      return sorted(found);
    }

    it('binds to every function exactly the secrets its code reads, each with its own SSM read', () => {
      let reading = 0;
      for (const { fn, template } of appFunctions(t)) {
        const handler = fn.Properties.Handler as string;
        const env = fn.Properties.Environment.Variables as Json;
        const bound = sorted(
          Object.keys(env)
            .filter((k) => k.startsWith('SST_Secret_value_'))
            .map((k) => k.replace('SST_Secret_value_', '')),
        );
        const read = readSecrets(handler);
        expect(bound, handler).toEqual(read);
        if (read.length > 0) reading++;
        const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
        const ssm = roleStatements(template as never, roleId).filter(isSsmBinding);
        expect(ssm.length, handler).toBe(read.length);
        for (const name of read) {
          expect(JSON.stringify(ssm), handler).toContain(`/sst/mashura/ci/Secret/${name}/value`);
          expect(env[`SST_Secret_value_${name}`]).toBe('__FETCH_FROM_SSM__');
        }
      }
      // The public function (receipt + protection keys) and the staff function.
      expect(reading).toBe(2);
      expect(readSecrets('functions/http.handler')).toEqual(['PROTECT_SECRET', 'RECEIPT_SECRET']);
      expect(readSecrets('functions/staff.handler')).toEqual(['STAFF_SECRET']);
    });

    it('keeps secret values out of every template', () => {
      for (const [name, template] of allTemplates(t)) {
        const text = JSON.stringify(template.toJSON());
        expect(text, name).not.toMatch(/"SecretString":/);
        for (const parameter of Object.values(template.findResources('AWS::SSM::Parameter'))) {
          expect(String(parameter.Properties.Name), name).not.toMatch(/Secret/);
        }
      }
    });
  });
});
