/**
 * The workflows on AWS (issues 3 and 4), asserted on the offline synth of the real app: every
 * ASL file in workflows/ as it is, the state machine built from each, one least-privilege
 * Lambda per Task with a permission to invoke it, SES (and its bounce/complaint handling),
 * and the sweep schedules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRIEF_SCHEDULE_FUNCTION } from '../../functions/brief/registry.ts';
import { SWEEP_FUNCTIONS } from '../../functions/intake/registry.ts';
import { MAIL_EVENTS } from '../../stacks/Mail.ts';
import { SWEEP_RETRY_ATTEMPTS, SWEEP_SCHEDULES } from '../../stacks/Schedules.ts';
import { TASK_ACCESS, type TaskName, WORKFLOWS, type WorkflowName } from '../../stacks/Workflow.ts';
import {
  actionsOf,
  asArray,
  functionByHandler,
  functionStatements,
  isDlqSend,
  type Json,
  keyByAlias,
  mentions,
  only,
  ROOT,
  SYNTH_TIMEOUT,
  sorted,
  synth,
  type Templates,
  viaDynamoDb,
} from './synth.ts';

type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: { message?: string }[]; errorsText: (separator?: string) => string };
// asl-validator is CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const WORKFLOW_FILES = readdirSync(path.join(ROOT, 'workflows'))
  .filter((f) => f.endsWith('.asl.json'))
  .map((f) => `workflows/${f}`)
  .sort();
const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
/** A fresh copy each time: asl-validator writes QueryLanguage into the object it checks. */
const json = (file: string): Json => JSON.parse(text(file));
const workflowEntries = Object.entries(WORKFLOWS) as [WorkflowName, (typeof WORKFLOWS)[WorkflowName]][];

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
const placeholders = (s: string) => sorted(new Set([...s.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1] as string)));

/**
 * State transitions of one run, for the cost estimate in docs/deploy.md: every state entered
 * counts one (Step Functions bills state transitions), a Map counts itself plus its item
 * states once per item. `choices` says where each Choice goes on the path priced.
 */
function transitions(definition: Json, choices: Record<string, string>, items: number): number {
  let count = 0;
  let name: string | undefined = definition.StartAt;
  while (name) {
    const state = definition.States[name] as Json;
    count += 1;
    if (state.Type === 'Map') count += items * transitions(state.ItemProcessor, choices, items);
    if (state.Type === 'Choice') {
      name = choices[name] ?? state.Default;
      continue;
    }
    if (state.End || ['Succeed', 'Fail'].includes(state.Type)) break;
    name = state.Next;
  }
  return count;
}

/** Step Functions' advice for lambda:invoke Tasks: retry these (AWS docs, "Handling errors"). */
const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/**
 * An upper bound on one execution's duration when every Task uses all its retries and times
 * out on each attempt: the sum over every Task of (1 + retries) × TimeoutSeconds plus the
 * retry delays (each capped by MaxDelaySeconds). Map items run side by side (at most two
 * inboxes, MaxConcurrency 2), so each item Task counts once.
 */
function worstCaseSeconds(definition: Json): number {
  let total = 0;
  for (const [, state] of taskStates(definition)) {
    const timeout = Number(state.TimeoutSeconds ?? 60);
    let attempts = 1;
    let delays = 0;
    for (const retry of asArray<Json>(state.Retry)) {
      const max = Number(retry.MaxAttempts ?? 3);
      let interval = Number(retry.IntervalSeconds ?? 1);
      for (let i = 0; i < max; i += 1) {
        delays += Math.min(interval, Number(retry.MaxDelaySeconds ?? Number.POSITIVE_INFINITY));
        interval *= Number(retry.BackoffRate ?? 2);
      }
      attempts += max;
    }
    total += attempts * timeout + delays;
  }
  return total;
}

// ------------------------------------------------------------------ the ASL files themselves

describe('workflows/*.asl.json', () => {
  it('are all deployed: every file in workflows/ is listed in WORKFLOWS, and nothing else', () => {
    expect(WORKFLOW_FILES.length).toBeGreaterThanOrEqual(2);
    expect(sorted(workflowEntries.map(([, w]) => w.file))).toEqual(WORKFLOW_FILES);
  });

  it.each(WORKFLOW_FILES)('%s is accepted by asl-validator as it is, ARN and path checks on', (file) => {
    const result = aslValidator(json(file), { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('would be rejected if broken (the validator is really checking)', () => {
    for (const file of WORKFLOW_FILES) {
      const noStart = json(file);
      noStart.StartAt = 'NoSuchState';
      expect(aslValidator(noStart).isValid, file).toBe(false);
      const badArn = json(file);
      const [firstTask] = taskStates(badArn)[0] as [string, Json];
      const target = allStates(badArn).find(([n]) => n === firstTask)?.[1] as Json;
      target.Resource = 'lambda:invoke';
      expect(aslValidator(badArn, { checkArn: true }).isValid, file).toBe(false);
    }
    // asl-validator 4 also accepts a whole-string `${...}` as a Resource, so the rule "Resource
    // stays literal" is this file's own check below, not the validator's.
    const substituted = json(WORKFLOWS.intake.file);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ASL substitution placeholder
    substituted.States.LoadSubmission.Resource = '${LoadSubmissionArn}';
    expect(aslValidator(substituted).isValid).toBe(true);
  });

  it.each(workflowEntries)('%s: every Task uses the literal lambda:invoke Resource', (_name, workflow) => {
    const tasks = taskStates(json(workflow.file));
    expect(tasks.length).toBeGreaterThanOrEqual(Object.keys(workflow.functions).length);
    for (const [name, state] of tasks) expect(state.Resource, name).toBe(LAMBDA_INVOKE);
  });

  it.each(workflowEntries)(
    '%s: substitutes only FunctionName, one <Name>Arn per registry entry, nothing else',
    (_name, workflow) => {
      const expected = sorted(Object.keys(workflow.functions).map((name) => `${name}Arn`));
      expect(placeholders(text(workflow.file))).toEqual(expected);
      const used = new Set<string>();
      for (const [name, state] of taskStates(json(workflow.file))) {
        const fn = state.Parameters?.FunctionName as string;
        expect(fn, name).toMatch(/^\$\{[A-Za-z]+Arn\}$/);
        used.add(fn.slice(2, -1));
        const { FunctionName: _, ...rest } = state.Parameters;
        expect(placeholders(JSON.stringify({ ...state, Parameters: rest })), name).toEqual([]);
      }
      expect(sorted(used)).toEqual(expected);
    },
  );

  it.each(workflowEntries)(
    '%s: every Task retries the standard Lambda transient errors, ClientExecutionTimeoutException included',
    (_name, workflow) => {
      for (const [name, state] of taskStates(json(workflow.file))) {
        const retried = asArray<Json>(state.Retry).flatMap((r) => asArray<string>(r.ErrorEquals));
        if (retried.includes('States.ALL')) continue;
        for (const error of LAMBDA_TRANSIENT_ERRORS) expect(retried, `${name} retries ${error}`).toContain(error);
      }
    },
  );

  // Without TimeoutSeconds an execution or a Task can hang for a year, and the "failed or timed
  // out" alarms (stacks/Monitoring.ts) can never see ExecutionsTimedOut.
  it.each(workflowEntries)('%s: has an execution timeout and a timeout on every Task', (_name, workflow) => {
    const definition = json(workflow.file);
    for (const [name, state] of taskStates(definition)) {
      expect(state.TimeoutSeconds, `${name}.TimeoutSeconds`).toBeGreaterThan(0);
    }
    // Long enough for every Task to use all its retries (an execution that is still retrying is
    // not stuck), short enough that a stuck one is reported within the hour.
    expect(definition.TimeoutSeconds, 'TimeoutSeconds').toBeGreaterThanOrEqual(worstCaseSeconds(definition));
    expect(definition.TimeoutSeconds).toBeLessThanOrEqual(3600);
  });

  it('gives every task in every registry a least-privilege entry', () => {
    for (const [, workflow] of workflowEntries) {
      for (const name of Object.keys(workflow.functions)) expect(TASK_ACCESS, name).toHaveProperty(name);
    }
  });

  it('costs the state transitions docs/deploy.md prices', () => {
    const intake = json(WORKFLOWS.intake.file);
    // One inbox, no acknowledgement / acknowledged / both inboxes and acknowledged.
    expect(transitions(intake, {}, 1)).toBe(10);
    expect(transitions(intake, { ShouldAcknowledge: 'AcknowledgeSubmitter' }, 1)).toBe(11);
    expect(transitions(intake, { ShouldAcknowledge: 'AcknowledgeSubmitter' }, 2)).toBe(12);
    const outcome = json(WORKFLOWS.outcome.file);
    expect(transitions(outcome, { ShouldNotify: 'NotifySubmitter' }, 0)).toBe(4);
    expect(transitions(outcome, { ShouldNotify: 'NotifySubmitter' }, 1)).toBe(5);
  });
});

// ------------------------------------------------------------------------ synthesized

describe('synthesized (stage "ci")', () => {
  let t: Templates;
  beforeAll(async () => {
    t = await synth('ci');
    console.info(`synth (ci): ${t.ms} ms`);
  }, SYNTH_TIMEOUT);

  const machineOf = (workflow: WorkflowName) => {
    const found = Object.entries(t.workflow.findResources('AWS::StepFunctions::StateMachine')).filter(
      ([, sm]) => sm.Properties.StateMachineName === `ci-mashura-${workflow}`,
    );
    expect(found, workflow).toHaveLength(1);
    return found[0] as [string, Json];
  };
  const taskFunction = (name: TaskName) => {
    const handler = Object.values(WORKFLOWS)
      .map((w) => (w.functions as Record<string, string>)[name])
      .find(Boolean) as string;
    return functionByHandler(t.workflow, handler);
  };
  const tableId = () => only(t.storage, 'AWS::DynamoDB::Table')[0];
  const identityId = () => only(t.mail, 'AWS::SES::EmailIdentity')[0];
  const configurationSetId = () => only(t.mail, 'AWS::SES::ConfigurationSet')[0];

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
      expect(set.Properties.SuppressionOptions).toEqual({ SuppressedReasons: ['BOUNCE', 'COMPLAINT'] });
      expect(set.Properties.TrackingOptions).toBeUndefined();
      expect(set.Properties.VdmOptions).toBeUndefined();
    });

    it('publishes bounces, complaints and rejections (only) to an SNS topic SES alone may publish to', () => {
      const [, destination] = only(t.mail, 'AWS::SES::ConfigurationSetEventDestination');
      const [topicId] = only(t.mail, 'AWS::SNS::Topic');
      expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: configurationSetId() });
      expect(destination.Properties.EventDestination).toMatchObject({
        Enabled: true,
        SnsDestination: { TopicARN: { Ref: topicId } },
      });
      expect(sorted(destination.Properties.EventDestination.MatchingEventTypes)).toEqual(sorted(MAIL_EVENTS));
      expect(sorted(MAIL_EVENTS)).toEqual(['bounce', 'complaint', 'reject']);

      const [, policy] = only(t.mail, 'AWS::SNS::TopicPolicy');
      const allows = asArray<Json>(policy.Properties.PolicyDocument.Statement).filter((s) => s.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({ Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } });
      expect(allows[0]?.Condition.StringEquals['AWS:SourceAccount']).toBe('123456789012');
      expect(mentions(allows[0]?.Condition.StringEquals['AWS:SourceArn'], configurationSetId())).toBe(true);
    });

    it('hands each event to the mail-events function, which may only put items, with a DLQ behind it', () => {
      const [fnId, fn] = functionByHandler(t.mail, 'functions/mail-events.handler');
      const [topicId] = only(t.mail, 'AWS::SNS::Topic');
      const [queueId, queue] = only(t.mail, 'AWS::SQS::Queue');
      const [, subscription] = only(t.mail, 'AWS::SNS::Subscription');
      expect(subscription.Properties).toMatchObject({
        Protocol: 'lambda',
        TopicArn: { Ref: topicId },
        Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] },
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      });
      expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 7 * 86_400 });
      const [, invoke] = only(t.mail, 'AWS::Lambda::EventInvokeConfig');
      expect(invoke.Properties.MaximumRetryAttempts).toBe(2);

      const statements = functionStatements(t.mail, fn);
      const own = statements.filter((s) => !viaDynamoDb(s) && !isDlqSend(s));
      expect(own.flatMap(actionsOf)).toEqual(['dynamodb:PutItem']);
      expect(mentions(own[0]?.Resource, `ExportsOutputFnGetAtt${tableId()}Arn`)).toBe(true);
      expect(JSON.stringify(own[0]?.Resource)).not.toMatch(/index|\*/);
      const env = fn.Properties.Environment.Variables as Json;
      expect(env).toMatchObject({
        MASHURA_STAGE: 'ci',
        MASHURA_OSE_INBOX: 'ose-inbox@ose.example',
        MASHURA_DONORS_INBOX: 'donors-inbox@donors.example',
        MASHURA_OPERATORS_EMAIL: 'operators@ose.example',
      });
      expect(mentions(env.MASHURA_TABLE, `ExportsOutputRef${tableId()}`)).toBe(true);
    });
  });

  describe.each(workflowEntries)('Workflow "%s": the state machine', (workflowName, workflow) => {
    it('is a STANDARD state machine whose definition is the ASL file, byte for byte', () => {
      const [, sm] = machineOf(workflowName);
      expect(sm.Properties.StateMachineType).toBe('STANDARD');
      expect(sm.Properties.DefinitionString).toBe(text(workflow.file));
      expect(sm.Properties.DefinitionS3Location).toBeUndefined();
    });

    it('keeps every Task Resource literal in the deployed definition', () => {
      const definition = JSON.parse(machineOf(workflowName)[1].Properties.DefinitionString);
      const tasks = taskStates(definition);
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, state] of tasks) expect(state.Resource, name).toBe(LAMBDA_INVOKE);
    });

    it('has, for each Task, a function, a substitution pointing at it, and a permission to invoke it', () => {
      const [, sm] = machineOf(workflowName);
      const substitutions = sm.Properties.DefinitionSubstitutions as Json;
      expect(sorted(Object.keys(substitutions))).toEqual(placeholders(text(workflow.file)));
      const roleId = sm.Properties.RoleArn['Fn::GetAtt'][0] as string;
      const statements = functionStatements(t.workflow, { Properties: { Role: sm.Properties.RoleArn } });
      const invoke = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')));
      expect(invoke.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
      const granted = invoke.flatMap((s) => asArray<Json>(s.Resource)).map((r) => JSON.stringify(r));

      for (const [, state] of taskStates(JSON.parse(sm.Properties.DefinitionString))) {
        const placeholder = (state.Parameters.FunctionName as string).slice(2, -1);
        const taskName = placeholder.replace(/Arn$/, '') as TaskName;
        const [fnId, fn] = taskFunction(taskName);
        expect(substitutions[placeholder], placeholder).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
        expect(granted, placeholder).toContain(JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }));
        // The function itself has a role with its own statements (its least privilege).
        expect(functionStatements(t.workflow, fn).length, taskName).toBeGreaterThan(1);
      }
      // Exactly the registry's functions, unqualified, no `:*`.
      const expected = [...new Set(Object.keys(workflow.functions).map((n) => taskFunction(n as TaskName)[0]))];
      expect(sorted(granted)).toEqual(sorted(expected.map((id) => JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }))));

      const role = t.workflow.toJSON().Resources[roleId] as Json;
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' } },
      ]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      // Besides invoking, only the log delivery actions CDK adds for logs (no X-Ray: no tracing).
      const services = new Set(statements.flatMap(actionsOf).map((a) => a.split(':')[0]));
      expect(sorted(services as Set<string>)).toEqual(['lambda', 'logs']);
    });

    it('logs every step to its own log group kept one month, without execution data, untraced', () => {
      const [, sm] = machineOf(workflowName);
      const logGroupId = sm.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn[
        'Fn::GetAtt'
      ][0] as string;
      expect(sm.Properties.LoggingConfiguration).toEqual({
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } } }],
        IncludeExecutionData: false,
        Level: 'ALL',
      });
      const logGroup = t.workflow.toJSON().Resources[logGroupId] as Json;
      expect(logGroup.Properties.RetentionInDays).toBe(30);
      expect(logGroup.Properties.LogGroupName).toBe(`/aws/vendedlogs/states/ci-mashura-${workflowName}`);
      // No X-Ray (docs/adr/0003-infrastructure.md): the execution history and the logs say
      // what happened; traces would be a second copy of the timings nobody reads.
      expect(sm.Properties.TracingConfiguration).toBeUndefined();
    });
  });

  describe('Workflow: the task functions', () => {
    const handlers = sorted(new Set(Object.values(WORKFLOWS).flatMap((w) => Object.values(w.functions))));

    it('has exactly one function per distinct handler, shared between workflows, really bundled', () => {
      const fns = Object.values(t.workflow.findResources('AWS::Lambda::Function')).filter((fn) =>
        String(fn.Properties.Handler).startsWith('functions/'),
      );
      expect(sorted(fns.map((fn) => fn.Properties.Handler))).toEqual(handlers);
      // The outcome workflow forwards with the intake's SendInboxEmail (same delivery markers).
      expect(taskFunction('SendInboxEmail')[0]).toBe(
        functionByHandler(t.workflow, WORKFLOWS.outcome.functions.SendInboxEmail)[0],
      );
      for (const fn of fns) {
        expect(fn.Properties.Runtime).toBe('nodejs24.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.Code.S3Key).toMatch(/\.zip$/);
      }
    });

    it('gives every task its configuration through the environment, never a table binding', () => {
      for (const name of Object.keys(TASK_ACCESS) as TaskName[]) {
        const env = taskFunction(name)[1].Properties.Environment.Variables as Json;
        expect(env.MASHURA_STAGE, name).toBe('ci');
        expect(mentions(env.MASHURA_TABLE, `ExportsOutputRef${tableId()}`), name).toBe(true);
        expect(env.MASHURA_CONTACT_KEY_ARN, name).toBeDefined();
        expect(env.MASHURA_MAIL_FROM, name).toBe('no-reply@mashura.example');
        expect(mentions(env.MASHURA_MAIL_CONFIGURATION_SET, `ExportsOutputRef${configurationSetId()}`), name).toBe(
          true,
        );
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

    it('gives every Task state more time than its function has (a Task times out only when Lambda hangs)', () => {
      for (const [workflowName] of workflowEntries) {
        const definition = JSON.parse(machineOf(workflowName)[1].Properties.DefinitionString);
        for (const [name, state] of taskStates(definition)) {
          const taskName = (state.Parameters.FunctionName as string).slice(2, -4) as TaskName;
          const functionTimeout = taskFunction(taskName)[1].Properties.Timeout as number;
          expect(state.TimeoutSeconds, `${workflowName}.${name}`).toBeGreaterThan(functionTimeout);
        }
      }
    });

    it('gives the mail-sending tasks 30 s (longer than the SES client allows), the others 10 s', () => {
      for (const [name, access] of Object.entries(TASK_ACCESS) as [TaskName, Json][]) {
        expect(taskFunction(name)[1].Properties.Timeout, name).toBe(access.sendsMail ? 30 : 10);
      }
    });

    it('sends mail only from the identity and configuration set', () => {
      for (const name of Object.keys(TASK_ACCESS) as TaskName[]) {
        for (const s of functionStatements(t.workflow, taskFunction(name)[1])) {
          if (!actionsOf(s).includes('ses:SendEmail')) continue;
          expect(actionsOf(s)).toEqual(['ses:SendEmail']);
          const resources = JSON.stringify(s.Resource);
          expect(asArray(s.Resource)).toHaveLength(2);
          expect(resources).toContain(':identity/');
          expect(resources).toContain(`ExportsOutputRef${identityId()}`);
          expect(resources).toContain(':configuration-set/');
          expect(resources).toContain(`ExportsOutputRef${configurationSetId()}`);
        }
      }
    });
  });

  describe('Schedules', () => {
    function sweep(name: keyof typeof SWEEP_FUNCTIONS) {
      const [fnId, fn] = functionByHandler(t.schedules, SWEEP_FUNCTIONS[name]);
      const rules = Object.values(t.schedules.findResources('AWS::Events::Rule')).filter((r) =>
        mentions(r.Properties.Targets, fnId),
      );
      expect(rules, `one rule targets ${name}`).toHaveLength(1);
      return { rule: rules[0] as Json, fnId, fn, statements: functionStatements(t.schedules, fn) };
    }
    const sweeps = Object.keys(SWEEP_FUNCTIONS) as (keyof typeof SWEEP_FUNCTIONS)[];
    const own = (statements: Json[]) => statements.filter((s) => !viaDynamoDb(s) && !isDlqSend(s));
    const contactKeyId = () => keyByAlias(t.storage, 'alias/mashura-ci-contact');

    it('runs redrive every 5 minutes, escalate every hour, purge daily', () => {
      const rules = Object.values(t.schedules.findResources('AWS::Events::Rule'));
      // The three sweeps and the monthly brief draft.
      expect(rules).toHaveLength(4);
      expect(sweep('redrive').rule.Properties.ScheduleExpression).toBe('rate(5 minutes)');
      expect(sweep('escalate').rule.Properties.ScheduleExpression).toBe('rate(1 hour)');
      expect(sweep('purge').rule.Properties.ScheduleExpression).toBe(SWEEP_SCHEDULES.purge);
      expect(SWEEP_SCHEDULES.purge).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
      for (const rule of rules) expect(rule.Properties.State).toBe('ENABLED');
    });

    it('lets EventBridge invoke each sweep from its own rule only', () => {
      for (const name of sweeps) {
        const { fnId } = sweep(name);
        const permissions = Object.values(t.schedules.findResources('AWS::Lambda::Permission')).filter((p) =>
          mentions(p.Properties.FunctionName, fnId),
        );
        expect(permissions).toHaveLength(1);
        expect(permissions[0]?.Properties.Principal).toBe('events.amazonaws.com');
        expect(permissions[0]?.Properties.SourceArn['Fn::GetAtt'][1]).toBe('Arn');
      }
    });

    it('parks a sweep that still fails after its retries on an encrypted DLQ', () => {
      const [queueId, queue] = only(t.schedules, 'AWS::SQS::Queue');
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
      const configs = Object.values(t.schedules.findResources('AWS::Lambda::EventInvokeConfig'));
      expect(configs).toHaveLength(4);
      for (const c of configs) expect(c.Properties.MaximumRetryAttempts).toBe(SWEEP_RETRY_ATTEMPTS);
      for (const name of sweeps) {
        const { fn, statements } = sweep(name);
        expect(fn.Properties.DeadLetterConfig, name).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
        const send = statements.filter(isDlqSend);
        expect(send, name).toHaveLength(1);
        expect(send[0]?.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      }
    });

    it('drafts the monthly brief on days 1 to 3 with a role that reads the period and writes drafts, and sends nothing', () => {
      const [fnId, fn] = functionByHandler(t.schedules, BRIEF_SCHEDULE_FUNCTION);
      const rules = Object.values(t.schedules.findResources('AWS::Events::Rule')).filter((r) =>
        mentions(r.Properties.Targets, fnId),
      );
      expect(rules).toHaveLength(1);
      expect((rules[0] as Json).Properties.ScheduleExpression).toBe(SWEEP_SCHEDULES.monthlyBrief);
      const actions = functionStatements(t.schedules, fn)
        .filter((s) => !viaDynamoDb(s) && !isDlqSend(s))
        .flatMap((s) => [s.Action].flat())
        .sort();
      expect(actions).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    });

    it('gives redrive and escalate the intake ARN and the worker settings; purge only what it reads', () => {
      for (const name of ['redrive', 'escalate'] as const) {
        const env = sweep(name).fn.Properties.Environment.Variables as Json;
        expect(mentions(env.MASHURA_INTAKE_ARN, 'ExportsOutputRefIntake'), name).toBe(true);
        expect(env.MASHURA_STAGE).toBe('ci');
        expect(env.MASHURA_OSE_INBOX).toBe('ose-inbox@ose.example');
        expect(mentions(env.MASHURA_TABLE, `ExportsOutputRef${tableId()}`)).toBe(true);
      }
      expect((sweep('escalate').fn.Properties.Environment.Variables as Json).MASHURA_TRIAGE_SLA_DAYS).toBe('3');
      const purge = sweep('purge').fn.Properties.Environment.Variables as Json;
      expect(sorted(Object.keys(purge).filter((k) => k.startsWith('MASHURA_')))).toEqual([
        'MASHURA_CONTACT_RETENTION_DAYS',
        'MASHURA_SPAM_RETENTION_DAYS',
        'MASHURA_STAGE',
        'MASHURA_TABLE',
        // Recordings are erased with the contact details (issue 19).
        'MASHURA_VOICE_BUCKET',
      ]);
    });

    it('purges with the retention the public pages state', () => {
      const purge = sweep('purge').fn.Properties.Environment.Variables as Json;
      const http = functionByHandler(t.web, 'functions/http.handler')[1].Properties.Environment.Variables as Json;
      expect(purge.MASHURA_CONTACT_RETENTION_DAYS).toBe(http.MASHURA_CONTACT_RETENTION_DAYS);
      expect(purge.MASHURA_SPAM_RETENTION_DAYS).toBe(http.MASHURA_SPAM_RETENTION_DAYS);
    });

    it('redrive: Query on byRoute and StartExecution on intake, nothing else', () => {
      const { statements } = sweep('redrive');
      expect(sorted(own(statements).flatMap(actionsOf))).toEqual(['dynamodb:Query', 'states:StartExecution']);
      const query = own(statements).find((s) => actionsOf(s).includes('dynamodb:Query')) as Json;
      expect(query.Resource['Fn::Join'][1][1]).toBe('/index/byRoute');
      const start = own(statements).find((s) => actionsOf(s).includes('states:StartExecution')) as Json;
      expect(mentions(start.Resource, machineOf('intake')[0])).toBe(true);
      expect(statements.filter(viaDynamoDb)).toHaveLength(1);
    });

    it('escalate: Query on byStatus, GetItem and UpdateItem, SendEmail; no contact key', () => {
      const { statements } = sweep('escalate');
      expect(sorted(own(statements).flatMap(actionsOf))).toEqual([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'ses:SendEmail',
      ]);
      const query = own(statements).find((s) => actionsOf(s).includes('dynamodb:Query')) as Json;
      expect(query.Resource['Fn::Join'][1][1]).toBe('/index/byStatus');
      expect(statements.filter((s) => mentions(s.Resource, contactKeyId()))).toEqual([]);
    });

    // Deleting spam also erases it from search (issue 15): it reads the indexed words (GetItem,
    // Query on the table's own keys) and re-indexes (PutItem) if the delete is refused.
    it('purge: Query on byStatus, item reads and writes on the table for erasure and search; no contact key, no mail', () => {
      const { statements } = sweep('purge');
      expect(sorted(own(statements).flatMap(actionsOf))).toEqual([
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        's3:DeleteObject',
      ]);
      const query = own(statements).find((s) => actionsOf(s).includes('dynamodb:Query')) as Json;
      expect(query.Resource['Fn::Join'][1][1]).toBe('/index/byStatus');
      const items = own(statements).find((s) => actionsOf(s).includes('dynamodb:DeleteItem')) as Json;
      expect(JSON.stringify(items.Resource)).not.toMatch(/index|\*/);
      expect(statements.filter((s) => mentions(s.Resource, contactKeyId()))).toEqual([]);
      // Recordings (issue 19): delete only, only the voice bucket's voice/ objects, no key (S3 deletes
      // without decrypting), no read, no list.
      const erase = own(statements).find((s) => actionsOf(s).includes('s3:DeleteObject')) as Json;
      expect(actionsOf(erase)).toEqual(['s3:DeleteObject']);
      const [bucketArn, objects] = erase.Resource['Fn::Join'][1] as [Json, string];
      expect(erase.Resource['Fn::Join'][1]).toHaveLength(2);
      expect(objects).toBe('/voice/*');
      expect(JSON.stringify(bucketArn)).toMatch(/VoiceBucket[0-9A-F]+Arn/);
      expect(erase.Condition).toBeUndefined();
      expect(statements.filter((s) => JSON.stringify(s.Resource).includes('VoiceKey'))).toEqual([]);
    });
  });
});
