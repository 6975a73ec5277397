/**
 * The intake workflow on AWS (issue 3, item 7), asserted on the offline synth of the real
 * app: the ASL file as it is, the state machine built from it, one least-privilege Lambda
 * per Task, SES, the sweep schedules, and no wildcard IAM action anywhere.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_FUNCTIONS, type IntakeFunctionName, SWEEP_FUNCTIONS } from '../../functions/intake/registry.ts';
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
  ROOT,
  SYNTH_TIMEOUT,
  sorted,
  synth,
  type Templates,
  wildcardActions,
} from './synth.ts';

type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: { message?: string }[]; errorsText: (separator?: string) => string };
// asl-validator is CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

const ASL_FILE = path.join(ROOT, 'workflows/intake.asl.json');
const ASL_TEXT = readFileSync(ASL_FILE, 'utf8');
/** A fresh copy each time: asl-validator writes QueryLanguage into the object it checks. */
const aslJson = (): Json => JSON.parse(ASL_TEXT);
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const VIA_DYNAMODB = `dynamodb.${REGION}.amazonaws.com`;

/** The least privilege each intake task is meant to have (besides the table key via DynamoDB). */
const EXPECTED_INTAKE_ACTIONS: Record<IntakeFunctionName, string[]> = {
  LoadSubmission: ['dynamodb:GetItem'],
  RouteSubmission: ['dynamodb:GetItem'],
  SendInboxEmail: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  AcknowledgeSubmitter: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'kms:Decrypt', 'ses:SendEmail'],
  RecordDeliveryFailure: ['dynamodb:UpdateItem', 'ses:SendEmail'],
  MarkRouted: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
};

/** Every state, at any depth (Map item processors, Parallel branches). */
function allStates(definition: Json): [string, Json][] {
  const found: [string, Json][] = [];
  for (const [name, state] of Object.entries<Json>(definition.States ?? {})) {
    found.push([name, state]);
    for (const inner of [state.ItemProcessor, state.Iterator, ...asArray<Json>(state.Branches)]) {
      if (inner) found.push(...allStates(inner));
    }
  }
  return found;
}

const taskStates = (definition: Json) => allStates(definition).filter(([, s]) => s.Type === 'Task');
const placeholders = (text: string) => sorted(new Set([...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1] as string)));
const viaDynamoDb = (s: Json) => s.Condition?.StringEquals?.['kms:ViaService'] === VIA_DYNAMODB;

// ------------------------------------------------------------------ the ASL file itself

describe('workflows/intake.asl.json', () => {
  it('is accepted by asl-validator as it is, ARN and path checks on', () => {
    const result = aslValidator(aslJson(), { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('would be rejected if broken (the validator is really checking)', () => {
    const noStart = aslJson();
    noStart.StartAt = 'NoSuchState';
    expect(aslValidator(noStart).isValid).toBe(false);
    const badArn = aslJson();
    badArn.States.LoadSubmission.Resource = 'lambda:invoke';
    expect(aslValidator(badArn, { checkArn: true }).isValid).toBe(false);
    // Note: asl-validator 4 also accepts a whole-string `${...}` as a Resource, so the rule
    // "Resource stays literal" is this file's own check below, not the validator's.
    const substitutedResource = aslJson();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ASL substitution placeholder
    substitutedResource.States.LoadSubmission.Resource = '${LoadSubmissionArn}';
    expect(aslValidator(substitutedResource).isValid).toBe(true);
  });

  it('uses the literal lambda:invoke Resource on every Task', () => {
    const tasks = taskStates(aslJson());
    expect(tasks.length).toBeGreaterThanOrEqual(Object.keys(INTAKE_FUNCTIONS).length);
    for (const [name, state] of tasks) expect(state.Resource, name).toBe(LAMBDA_INVOKE);
  });

  it('substitutes only FunctionName, one <Name>Arn placeholder per INTAKE_FUNCTIONS entry, nothing else', () => {
    const expected = sorted(Object.keys(INTAKE_FUNCTIONS).map((name) => `${name}Arn`));
    expect(placeholders(ASL_TEXT)).toEqual(expected);
    const used = new Set<string>();
    for (const [name, state] of taskStates(aslJson())) {
      const fn = state.Parameters?.FunctionName as string;
      expect(fn, name).toMatch(/^\$\{[A-Za-z]+Arn\}$/);
      used.add(fn.slice(2, -1));
      // The placeholder sits in FunctionName only, never elsewhere in the state.
      const { FunctionName: _, ...rest } = state.Parameters;
      expect(placeholders(JSON.stringify({ ...state, Parameters: rest })), name).toEqual([]);
    }
    expect(sorted(used)).toEqual(expected);
  });
});

// ------------------------------------------------------------------------ synthesized

describe('synthesized (stage "ci")', () => {
  let t: Templates;
  beforeAll(async () => {
    t = await synth('ci');
    console.info(`synth (ci): ${t.ms} ms`);
  }, SYNTH_TIMEOUT);

  const stateMachine = () => only(t.workflow, 'AWS::StepFunctions::StateMachine');
  const intakeFunction = (name: IntakeFunctionName) => functionByHandler(t.workflow, INTAKE_FUNCTIONS[name]);
  const intakeNames = Object.keys(INTAKE_FUNCTIONS) as IntakeFunctionName[];
  const tableId = () => only(t.storage, 'AWS::DynamoDB::Table')[0];
  const contactKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-contact');
  const tableKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-table');
  const identityId = () => only(t.mail, 'AWS::SES::EmailIdentity')[0];
  const configurationSetId = () => only(t.mail, 'AWS::SES::ConfigurationSet')[0];
  const tableArnImport = () => `ExportsOutputFnGetAtt${tableId()}Arn`;

  describe('Mail', () => {
    it('verifies the sending domain with Easy DKIM and sends through the configuration set', () => {
      const [, identity] = only(t.mail, 'AWS::SES::EmailIdentity');
      expect(identity.Properties.EmailIdentity).toBe('mashura.example');
      expect(identity.Properties.DkimAttributes).toEqual({ SigningEnabled: true });
      expect(identity.Properties.ConfigurationSetAttributes).toEqual({
        ConfigurationSetName: { Ref: configurationSetId() },
      });
      expect(Object.keys(t.mail.findOutputs('DkimRecord1Name'))).toHaveLength(1);
      expect(t.mail.findOutputs('MailFrom').MailFrom?.Value).toBe('no-reply@mashura.example');
    });

    it('has a configuration set with reputation metrics, sending on, TLS required, no tracking', () => {
      const [, set] = only(t.mail, 'AWS::SES::ConfigurationSet');
      expect(set.Properties.Name).toBe('mashura-ci');
      expect(set.Properties.ReputationOptions).toEqual({ ReputationMetricsEnabled: true });
      expect(set.Properties.SendingOptions).toEqual({ SendingEnabled: true });
      expect(set.Properties.DeliveryOptions).toEqual({ TlsPolicy: 'REQUIRE' });
      expect(set.Properties.TrackingOptions).toBeUndefined();
      expect(set.Properties.VdmOptions).toBeUndefined();
    });
  });

  describe('Workflow: the state machine', () => {
    it('is a STANDARD state machine whose definition is the ASL file, byte for byte', () => {
      const [, sm] = stateMachine();
      expect(sm.Properties.StateMachineType).toBe('STANDARD');
      expect(sm.Properties.DefinitionString).toBe(ASL_TEXT);
      expect(sm.Properties.DefinitionS3Location).toBeUndefined();
      expect(sm.Properties.StateMachineName).toBe('ci-mashura-intake');
    });

    it('keeps every Task Resource literal in the deployed definition', () => {
      const definition = JSON.parse(stateMachine()[1].Properties.DefinitionString);
      const tasks = taskStates(definition);
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, state] of tasks) expect(state.Resource, name).toBe(LAMBDA_INVOKE);
    });

    it('substitutes each <Name>Arn placeholder with the ARN of the function running that task', () => {
      const substitutions = stateMachine()[1].Properties.DefinitionSubstitutions as Json;
      expect(sorted(Object.keys(substitutions))).toEqual(placeholders(ASL_TEXT));
      for (const name of intakeNames) {
        const [fnId] = intakeFunction(name);
        expect(substitutions[`${name}Arn`], name).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
      }
    });

    it('logs every step to a log group kept one month, without execution data', () => {
      const [, sm] = stateMachine();
      const [logGroupId, logGroup] = only(t.workflow, 'AWS::Logs::LogGroup');
      expect(sm.Properties.LoggingConfiguration).toEqual({
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } } }],
        IncludeExecutionData: false,
        Level: 'ALL',
      });
      expect(logGroup.Properties.RetentionInDays).toBe(30);
      expect(logGroup.Properties.LogGroupName).toMatch(/^\/aws\/vendedlogs\/states\//);
      expect(sm.Properties.TracingConfiguration).toEqual({ Enabled: true });
    });

    it('has a role that can invoke exactly the intake functions, and only through Step Functions', () => {
      const [, sm] = stateMachine();
      const roleId = sm.Properties.RoleArn['Fn::GetAtt'][0] as string;
      const role = t.workflow.toJSON().Resources[roleId] as Json;
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' } },
      ]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      const statements = functionStatements(t.workflow, { Properties: { Role: sm.Properties.RoleArn } });
      const invoke = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')));
      expect(invoke.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
      const expected = intakeNames.map((name) => ({ 'Fn::GetAtt': [intakeFunction(name)[0], 'Arn'] }));
      const granted = invoke.flatMap((s) => asArray<Json>(s.Resource));
      expect(sorted(granted.map((r) => JSON.stringify(r)))).toEqual(sorted(expected.map((r) => JSON.stringify(r))));
      // Besides invoking, only the log delivery and X-Ray actions CDK adds for logs/tracing.
      const services = new Set(statements.flatMap(actionsOf).map((a) => a.split(':')[0]));
      expect(sorted(services as Set<string>)).toEqual(['lambda', 'logs', 'xray']);
    });
  });

  describe('Workflow: one least-privilege function per task', () => {
    it('has exactly one function per INTAKE_FUNCTIONS entry, really bundled, on nodejs22.x', () => {
      const fns = Object.values(t.workflow.findResources('AWS::Lambda::Function')).filter((fn) =>
        String(fn.Properties.Handler).startsWith('functions/intake/'),
      );
      expect(sorted(fns.map((fn) => fn.Properties.Handler))).toEqual(sorted(Object.values(INTAKE_FUNCTIONS)));
      for (const fn of fns) {
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.Code.ZipFile).toBeUndefined();
        expect(fn.Properties.Code.S3Key).toMatch(/\.zip$/);
      }
    });

    it('gives every task its configuration through the environment, never a table binding', () => {
      for (const name of intakeNames) {
        const env = intakeFunction(name)[1].Properties.Environment.Variables as Json;
        expect(env.MASHURA_STAGE, name).toBe('ci');
        expect(mentions(env.MASHURA_TABLE, `ExportsOutputRef${tableId()}`), name).toBe(true);
        expect(mentions(env.MASHURA_CONTACT_KEY_ARN, `ExportsOutputFnGetAtt${contactKeyId()}Arn`), name).toBe(true);
        expect(env.MASHURA_MAIL_FROM, name).toBe('no-reply@mashura.example');
        expect(mentions(env.MASHURA_MAIL_CONFIGURATION_SET, `ExportsOutputRef${configurationSetId()}`), name).toBe(
          true,
        );
        // The documented fallbacks (DESIGN.md's local addresses); prod sets real ones.
        expect(env.MASHURA_OSE_INBOX, name).toBe('ose-inbox@ose.example');
        expect(env.MASHURA_DONORS_INBOX, name).toBe('donors-inbox@donors.example');
        expect(env.MASHURA_OPERATORS_EMAIL, name).toBe('operators@ose.example');
        expect(env.MASHURA_BASE_URL, name).toMatch(/^https:\/\//);
        expect(
          Object.keys(env).filter((k) => k.startsWith('SST_Table_')),
          name,
        ).toEqual([]);
      }
    });

    it.each(Object.entries(EXPECTED_INTAKE_ACTIONS))(
      '%s has exactly %j (plus the table key via DynamoDB)',
      (name, expected) => {
        const statements = functionStatements(t.workflow, intakeFunction(name as IntakeFunctionName)[1]);
        const own = statements.filter((s) => !viaDynamoDb(s));
        expect(sorted(own.flatMap(actionsOf))).toEqual(sorted(expected));
        for (const s of statements) expect(s.Effect).toBe('Allow');

        // The table key: only through DynamoDB, exactly the one statement.
        const keyStatements = statements.filter(viaDynamoDb);
        expect(keyStatements).toHaveLength(1);
        expect(mentions(keyStatements[0]?.Resource, tableKeyId())).toBe(true);
        expect(sorted(actionsOf(keyStatements[0] as Json))).toEqual([
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:GenerateDataKey',
        ]);

        for (const s of own) {
          const actions = actionsOf(s);
          const resources = asArray<Json | string>(s.Resource);
          if (actions.some((a) => a.startsWith('dynamodb:'))) {
            // Items by key on the table itself: no index, no wildcard.
            expect(resources).toHaveLength(1);
            expect(mentions(resources[0], tableArnImport())).toBe(true);
            expect(JSON.stringify(resources)).not.toMatch(/index|\*/);
          }
          if (actions.includes('ses:SendEmail')) {
            expect(actions).toEqual(['ses:SendEmail']);
            expect(resources).toHaveLength(2);
            const text = JSON.stringify(resources);
            expect(text).toContain(':identity/');
            expect(text).toContain(`ExportsOutputRef${identityId()}`);
            expect(text).toContain(':configuration-set/');
            expect(text).toContain(`ExportsOutputRef${configurationSetId()}`);
          }
          if (actions.some((a) => a.startsWith('kms:'))) {
            expect(actions).toEqual(['kms:Decrypt']);
            expect(resources).toHaveLength(1);
            expect(mentions(resources[0], contactKeyId())).toBe(true);
          }
        }
      },
    );

    it('lets AcknowledgeSubmitter, and no other intake task, decrypt contact details', () => {
      for (const name of intakeNames) {
        const statements = functionStatements(t.workflow, intakeFunction(name)[1]);
        const onContactKey = statements.filter((s) => mentions(s.Resource, contactKeyId()));
        const decrypts = statements.filter((s) => !viaDynamoDb(s) && actionsOf(s).includes('kms:Decrypt'));
        if (name === 'AcknowledgeSubmitter') {
          expect(onContactKey.flatMap(actionsOf)).toEqual(['kms:Decrypt']);
          expect(decrypts).toHaveLength(1);
        } else {
          expect(onContactKey, `${name} must not touch the contact key`).toEqual([]);
          expect(decrypts, `${name} must not decrypt`).toEqual([]);
        }
      }
    });

    it('has one role in the whole app that may decrypt with the contact key', () => {
      const holders: string[] = [];
      for (const [stackName, template] of allTemplates(t)) {
        for (const [policyId, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
          for (const s of asArray<Json>(policy.Properties.PolicyDocument.Statement)) {
            const decrypts = actionsOf(s).some((a) => /^kms:(Decrypt|ReEncrypt|\*)|^\*$/.test(a));
            if (decrypts && (mentions(s.Resource, contactKeyId()) || s.Resource === '*') && !viaDynamoDb(s)) {
              holders.push(`${stackName}/${policyId}`);
            }
          }
        }
      }
      const ackRole = intakeFunction('AcknowledgeSubmitter')[1].Properties.Role['Fn::GetAtt'][0] as string;
      expect(holders).toHaveLength(1);
      const [stackName, policyId] = (holders[0] as string).split('/') as [string, string];
      expect(stackName).toBe('workflow');
      const policy = t.workflow.toJSON().Resources[policyId] as Json;
      expect(policy.Properties.Roles).toEqual([{ Ref: ackRole }]);
    });
  });

  describe('Web', () => {
    const http = () => functionByHandler(t.web, 'functions/http.handler');
    const intakeId = () => stateMachine()[0];

    it('knows the intake state machine through its environment', () => {
      const env = http()[1].Properties.Environment.Variables as Json;
      expect(mentions(env.MASHURA_INTAKE_ARN, `ExportsOutputRef${intakeId()}`)).toBe(true);
    });

    it('may start intake executions, on that state machine only', () => {
      const statements = functionStatements(t.web, http()[1]);
      const states = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('states:')));
      expect(states).toHaveLength(1);
      expect(actionsOf(states[0] as Json)).toEqual(['states:StartExecution']);
      const resources = asArray<Json>(states[0]?.Resource);
      expect(resources).toHaveLength(1);
      expect(mentions(resources[0], `ExportsOutputRef${intakeId()}`)).toBe(true);
    });
  });

  describe('Schedules', () => {
    function sweep(name: keyof typeof SWEEP_FUNCTIONS): { rule: Json; fnId: string; fn: Json; statements: Json[] } {
      const [fnId, fn] = functionByHandler(t.schedules, SWEEP_FUNCTIONS[name]);
      const rules = Object.values(t.schedules.findResources('AWS::Events::Rule')).filter((r) =>
        mentions(r.Properties.Targets, fnId),
      );
      expect(rules, `one rule targets ${name}`).toHaveLength(1);
      return { rule: rules[0] as Json, fnId, fn, statements: functionStatements(t.schedules, fn) };
    }

    it('runs exactly two schedules: redrive every 5 minutes, escalate every hour', () => {
      const rules = Object.values(t.schedules.findResources('AWS::Events::Rule'));
      expect(rules).toHaveLength(2);
      expect(sweep('redrive').rule.Properties.ScheduleExpression).toBe('rate(5 minutes)');
      expect(sweep('escalate').rule.Properties.ScheduleExpression).toBe('rate(1 hour)');
      for (const rule of rules) expect(rule.Properties.State).toBe('ENABLED');
    });

    it('lets EventBridge invoke each sweep function from its own rule only', () => {
      for (const name of ['redrive', 'escalate'] as const) {
        const { fnId } = sweep(name);
        const permissions = Object.values(t.schedules.findResources('AWS::Lambda::Permission')).filter((p) =>
          mentions(p.Properties.FunctionName, fnId),
        );
        expect(permissions).toHaveLength(1);
        expect(permissions[0]?.Properties.Principal).toBe('events.amazonaws.com');
        expect(permissions[0]?.Properties.SourceArn['Fn::GetAtt'][1]).toBe('Arn');
      }
    });

    it('gives both sweeps the intake ARN and the worker settings', () => {
      const intakeId = stateMachine()[0];
      for (const name of ['redrive', 'escalate'] as const) {
        const env = sweep(name).fn.Properties.Environment.Variables as Json;
        expect(mentions(env.MASHURA_INTAKE_ARN, `ExportsOutputRef${intakeId}`), name).toBe(true);
        expect(env.MASHURA_STAGE).toBe('ci');
        expect(env.MASHURA_MAIL_FROM).toBe('no-reply@mashura.example');
        expect(env.MASHURA_OSE_INBOX).toBe('ose-inbox@ose.example');
        expect(env.MASHURA_DONORS_INBOX).toBe('donors-inbox@donors.example');
        expect(env.MASHURA_OPERATORS_EMAIL).toBe('operators@ose.example');
        expect(mentions(env.MASHURA_TABLE, `ExportsOutputRef${tableId()}`)).toBe(true);
      }
      const escalate = sweep('escalate').fn.Properties.Environment.Variables as Json;
      expect(escalate.MASHURA_TRIAGE_SLA_DAYS).toBe('3');
    });

    it('redrive: Query on byRoute and StartExecution on intake, nothing else', () => {
      const { statements } = sweep('redrive');
      const own = statements.filter((s) => !viaDynamoDb(s));
      expect(sorted(own.flatMap(actionsOf))).toEqual(['dynamodb:Query', 'states:StartExecution']);
      const query = own.find((s) => actionsOf(s).includes('dynamodb:Query')) as Json;
      expect(query.Resource['Fn::Join'][1][1]).toBe('/index/byRoute');
      expect(mentions(query.Resource, tableArnImport())).toBe(true);
      const start = own.find((s) => actionsOf(s).includes('states:StartExecution')) as Json;
      expect(mentions(start.Resource, `ExportsOutputRef${stateMachine()[0]}`)).toBe(true);
      expect(statements.filter(viaDynamoDb)).toHaveLength(1);
    });

    it('escalate: Query on byStatus, GetItem and UpdateItem on the table, SendEmail; no decrypt', () => {
      const { statements } = sweep('escalate');
      const own = statements.filter((s) => !viaDynamoDb(s));
      expect(sorted(own.flatMap(actionsOf))).toEqual([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'ses:SendEmail',
      ]);
      const query = own.find((s) => actionsOf(s).includes('dynamodb:Query')) as Json;
      expect(actionsOf(query)).toEqual(['dynamodb:Query']);
      expect(query.Resource['Fn::Join'][1][1]).toBe('/index/byStatus');
      const items = own.find((s) => actionsOf(s).includes('dynamodb:GetItem')) as Json;
      expect(JSON.stringify(items.Resource)).not.toMatch(/index|\*/);
      const send = own.find((s) => actionsOf(s).includes('ses:SendEmail')) as Json;
      expect(asArray(send.Resource)).toHaveLength(2);
      expect(statements.filter((s) => mentions(s.Resource, contactKeyId()))).toEqual([]);
    });
  });

  describe('every IAM statement in every stack', () => {
    it('names its actions: no "*", no "service:*", no NotAction', () => {
      let checked = 0;
      for (const [name, template] of allTemplates(t)) {
        const statements = allIamStatements(template);
        checked += statements.length;
        expect(wildcardActions(statements), name).toEqual([]);
      }
      expect(checked).toBeGreaterThan(20);
    });

    it('raises no synth warning on a non-prod stage', () => {
      expect(Object.values(t.warnings).flat()).toEqual([]);
    });
  });
});
