/**
 * Offline synth of the real SST app (sst.config.ts), shared by the infra test files, plus
 * helpers for reading the synthesized CloudFormation. No AWS account: NODE_ENV=test makes
 * SST's App.finish() skip the bootstrap lookup, and every function is really bundled by
 * SST's esbuild pipeline (no Docker).
 *
 * One synth per stage (and settings) per `vitest run`: vitest runs each test file in its own
 * process, so the first file to need a synth takes a lock in a directory named after the
 * vitest process, synthesizes, and writes the templates there as JSON; the other files wait
 * for that file instead of bundling everything again. Bundles go to a per-synth temporary
 * directory, not .sst/artifacts.
 *
 * The stages share their function bundles too: a bundle depends on the handler, the
 * function's build settings and the sources, not on the stage or its settings, so every
 * synth of a run after the first copies SST's output for the same (handler, build settings,
 * sources) instead of running esbuild again. The templates come out byte for byte the same
 * (the asset hashes are of the bundle directory's content).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Aspects, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AwsSolutionsChecks,
  type INagLogger,
  type NagLoggerErrorData,
  type NagLoggerNonComplianceData,
  type NagLoggerSuppressedData,
  type NagLoggerSuppressedErrorData,
  ServerlessChecks,
} from 'cdk-nag';
import { App, getStack } from 'sst/constructs';
import { initProject, useProject } from 'sst/project.js';
import { type RuntimeHandler, useRuntimeHandlers } from 'sst/runtime/handlers.js';
import { afterAll, expect } from 'vitest';
import config from '../../sst.config.ts';
import { EDGE_REGION, Edge } from '../../stacks/Edge.ts';
import { Mail } from '../../stacks/Mail.ts';
import { Monitoring } from '../../stacks/Monitoring.ts';
import { Schedules } from '../../stacks/Schedules.ts';
import { Storage } from '../../stacks/Storage.ts';
import { RATE_SETTINGS, SETTING_FALLBACKS, STAFF_SETTINGS } from '../../stacks/shared.ts';
import { Web } from '../../stacks/Web.ts';
import { Workflow } from '../../stacks/Workflow.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const REGION = 'eu-central-1';
export const ACCOUNT = '123456789012';
export const SYNTH_TIMEOUT = 240_000;

const STACKS = {
  storage: Storage,
  mail: Mail,
  workflow: Workflow,
  web: Web,
  schedules: Schedules,
  monitoring: Monitoring,
} as const;
export type StackName = keyof typeof STACKS;

/** Every setting a synth reads from the environment; cleared before each synth. */
const SYNTH_ENV = [
  'MASHURA_MAIL_DOMAIN',
  'MASHURA_WEB_ACL_ARN',
  'MASHURA_DOMAIN',
  'MASHURA_CERT_ARN',
  'MASHURA_WEB_RESERVED_CONCURRENCY',
  'MASHURA_STAFF_RESERVED_CONCURRENCY',
  'MASHURA_ORIGIN_ROTATION',
  'MASHURA_SES_SANDBOX',
  'MASHURA_WAF_MANAGED_RULES',
  ...Object.keys(SETTING_FALLBACKS),
  ...RATE_SETTINGS,
  ...STAFF_SETTINGS,
];

/** The settings the "ci" stage is synthesized with: every option of the edge switched on. */
export const CI_ENV = {
  MASHURA_WEB_ACL_ARN: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/mashura-ci/0a1b2c3d-ci`,
  MASHURA_DOMAIN: 'feedback.mashura.example',
  MASHURA_CERT_ARN: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/ci-certificate`,
  MASHURA_RATE_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY: '4',
} as const;

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON
export type Json = Record<string, any>;
export type Templates = Record<StackName, Template> & {
  /** Synth-time warnings per stack (e.g. prod falling back to placeholder settings). */
  warnings: Record<StackName, string[]>;
  /** What cdk-nag's AwsSolutions and Serverless packs said about every stack. */
  nag: NagResult;
  ms: number;
};
export interface EdgeTemplates {
  edge: Template;
  warnings: string[];
  nag: NagResult;
  ms: number;
}

/** One cdk-nag finding: the rule (`AwsSolutions-IAM5`), what it matched, where. */
export interface NagFinding {
  rule: string;
  finding: string;
  stack: string;
  path: string;
  level: string;
  info: string;
}
export interface NagSuppressed extends NagFinding {
  reason: string;
}
export interface NagResult {
  /** Findings nobody suppressed, and rules that could not be evaluated (validation failures). */
  findings: NagFinding[];
  suppressed: NagSuppressed[];
}

interface Synthesized {
  templates: Record<string, Json>;
  warnings: Record<string, string[]>;
  nag: NagResult;
  ms: number;
}

/** The packs named in issue 12 (finding 20): AWS's own rules, not ours. */
export const NAG_PACKS = ['AwsSolutions', 'Serverless'] as const;
const NAG_MESSAGE = /^(AwsSolutions|Serverless|CdkNagValidationFailure|CdkNagSuppression)\b/;

/** A cdk-nag logger that keeps every result as data (the annotations are only text). */
class NagCollector implements INagLogger {
  readonly result: NagResult = { findings: [], suppressed: [] };
  private where(resource: NagLoggerNonComplianceData['resource']) {
    return { stack: Stack.of(resource).node.id, path: resource.node.path };
  }
  onCompliance() {}
  onNotApplicable() {}
  onNonCompliance(data: NagLoggerNonComplianceData) {
    this.result.findings.push({
      rule: data.ruleId,
      finding: data.findingId,
      level: data.ruleLevel,
      info: data.ruleInfo,
      ...this.where(data.resource),
    });
  }
  onSuppressed(data: NagLoggerSuppressedData) {
    this.result.suppressed.push({
      rule: data.ruleId,
      finding: data.findingId,
      level: data.ruleLevel,
      info: data.ruleInfo,
      reason: data.suppressionReason,
      ...this.where(data.resource),
    });
  }
  onError(data: NagLoggerErrorData) {
    this.result.findings.push({
      rule: 'CdkNagValidationFailure',
      finding: data.ruleId,
      level: data.ruleLevel,
      info: data.errorMessage,
      ...this.where(data.resource),
    });
  }
  onSuppressedError(data: NagLoggerSuppressedErrorData) {
    this.result.suppressed.push({
      rule: 'CdkNagValidationFailure',
      finding: data.ruleId,
      level: data.ruleLevel,
      info: data.errorMessage,
      reason: data.errorSuppressionReason,
      ...this.where(data.resource),
    });
  }
}

const outdirs: string[] = [];
const cache = new Map<string, Promise<Synthesized>>();
/** getStack() reads the most recent app, so synths run one after another. */
let queue: Promise<unknown> = Promise.resolve();

afterAll(() => {
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function synthesize(
  stage: string,
  region: string,
  env: Record<string, string>,
  stacks: Record<string, (typeof STACKS)[StackName] | typeof Edge>,
): Promise<Synthesized> {
  const started = performance.now();
  // SST's App.finish() only skips the AWS bootstrap lookup when it sees NODE_ENV=test.
  process.env.NODE_ENV = 'test';
  // SST 2.49.8 runs `npm install` in every function's bundle directory, even with nothing
  // to install (handlers/node.js tests an always-truthy array). Most of a synth is those
  // npm runs: skip their audit/fund network round trips and run the builds side by side
  // (SST's default is one build per core minus one, i.e. one at a time on two cores).
  process.env.npm_config_audit = 'false';
  process.env.npm_config_fund = 'false';
  process.env.npm_config_update_notifier = 'false';
  process.env.SST_BUILD_CONCURRENCY ??= '4';
  // SST resolves handler paths and writes its temporary config bundle relative to the cwd.
  if (process.cwd() !== ROOT) process.chdir(ROOT);
  await initProject({ root: ROOT, stage });
  reuseBundles();
  // Deterministic: the synth-time settings are exactly `env` (initProject loads .env files,
  // so clear them after it), restored afterwards.
  const saved = Object.fromEntries(SYNTH_ENV.map((name) => [name, process.env[name]]));
  for (const name of SYNTH_ENV) delete process.env[name];
  Object.assign(process.env, env);
  try {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `mashura-synth-${stage}-`));
    outdirs.push(outdir);
    useProject().paths.artifacts = path.join(outdir, 'artifacts');
    const app = new App({ mode: 'deploy', stage, name: 'mashura', region, account: ACCOUNT }, { outdir });
    await config.stacks(app);
    const nag = new NagCollector();
    Aspects.of(app).add(new AwsSolutionsChecks({ reports: false, additionalLoggers: [nag] }));
    Aspects.of(app).add(new ServerlessChecks({ reports: false, additionalLoggers: [nag] }));
    await app.finish();
    // getStack() reads the most recent app: take everything before the next synth. Warnings
    // come from construct metadata (Annotations.fromStack would synthesize the app again,
    // which SST's unique-id check refuses).
    const templates: Record<string, Json> = {};
    const warnings: Record<string, string[]> = {};
    for (const [name, fn] of Object.entries(stacks)) {
      const stack = getStack(fn);
      templates[name] = Template.fromStack(stack).toJSON();
      warnings[name] = stack.node
        .findAll()
        .flatMap((c) => c.node.metadata)
        .filter((m) => m.type === 'aws:cdk:warning')
        .map((m) => String(m.data))
        // cdk-nag's own annotations: kept as data in `nag` instead.
        .filter((m) => !NAG_MESSAGE.test(m));
    }
    return { templates, warnings, nag: nag.result, ms: Math.round(performance.now() - started) };
  } finally {
    for (const name of SYNTH_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

// ------------------------------------------------------------ sharing between test files

/** The vitest process that forked this worker, if it is one (Linux /proc), else undefined. */
function runDirectory(): string | undefined {
  try {
    const ppid = process.ppid;
    const cmdline = fs.readFileSync(`/proc/${ppid}/cmdline`, 'utf8');
    if (!cmdline.includes('vitest')) return undefined;
    // Field 22 of /proc/<pid>/stat: start time. With the pid, unique to this run.
    const stat = fs.readFileSync(`/proc/${ppid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return path.join(os.tmpdir(), `mashura-infra-${ppid}-${startTime}`);
  } catch {
    return undefined;
  }
}

const RUN_DIR = runDirectory();

// Directories left by earlier runs (a few MB of JSON each): gone after a day.
for (const entry of fs.readdirSync(os.tmpdir(), { withFileTypes: true })) {
  if (!entry.isDirectory() || !entry.name.startsWith('mashura-infra-')) continue;
  const dir = path.join(os.tmpdir(), entry.name);
  if (dir === RUN_DIR) continue;
  const age = Date.now() - (fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  if (age > 24 * 60 * 60 * 1000) fs.rmSync(dir, { recursive: true, force: true });
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first file to ask produces; the others wait for its JSON (a stale lock is taken over). */
async function sharedAcrossFiles(key: string, produce: () => Promise<Synthesized>): Promise<Synthesized> {
  if (!RUN_DIR) return produce();
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const file = path.join(RUN_DIR, `${key}.json`);
  const lock = `${file}.lock`;
  for (;;) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Synthesized;
    try {
      fs.mkdirSync(lock);
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > SYNTH_TIMEOUT) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      const value = await produce();
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
      fs.renameSync(`${file}.tmp`, file);
      return value;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** Where this run keeps function bundles, by what they are built from. */
const BUNDLES = RUN_DIR ? path.join(RUN_DIR, 'bundles') : fs.mkdtempSync(path.join(os.tmpdir(), 'mashura-bundles-'));
if (!RUN_DIR) outdirs.push(BUNDLES);
let bundlesReused = false;
/** The sources' fingerprint, taken once per test file (a file's run sees one state of them). */
let sources: string | undefined;

/**
 * SST builds a function (`RuntimeHandler.build`) into an empty directory `out`; what it
 * writes there depends only on the handler, the runtime, the architecture, the `nodejs`
 * settings and the files the bundle reads. Keyed on those (the sources by
 * `sourceFingerprint`), a later synth copies the directory the first build left instead of
 * building again. The copy is taken as soon as SST's build returns, before the Function
 * construct moves its source map away.
 */
function reuseBundles() {
  if (bundlesReused) return;
  bundlesReused = true;
  const handlers = useRuntimeHandlers();
  const handlerFor = handlers.for;
  const wrapped = new Map<RuntimeHandler, RuntimeHandler>();
  handlers.for = (runtime) => {
    const handler = handlerFor(runtime);
    if (!runtime.startsWith('nodejs')) return handler;
    let cachedHandler = wrapped.get(handler);
    if (!cachedHandler) {
      cachedHandler = { ...handler, build: (input) => buildOnce(handler, input) };
      wrapped.set(handler, cachedHandler);
    }
    return cachedHandler;
  };
}

type BuildInput = Parameters<RuntimeHandler['build']>[0];
type BuildResult = Awaited<ReturnType<RuntimeHandler['build']>>;

async function buildOnce(handler: RuntimeHandler, input: BuildInput): Promise<BuildResult> {
  const { handler: entry, runtime, architecture, nodejs } = input.props;
  sources ??= sourceFingerprint();
  const key = createHash('sha256')
    .update(JSON.stringify({ entry, runtime, architecture, nodejs, mode: input.mode }))
    .update(sources)
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(BUNDLES, key);
  const recorded = path.join(dir, 'result.json');
  if (fs.existsSync(recorded)) {
    const {
      handler: name,
      sourcemap,
      builtAs,
    } = JSON.parse(fs.readFileSync(recorded, 'utf8')) as {
      handler: string;
      sourcemap?: string;
      builtAs: string;
    };
    await fs.promises.cp(path.join(dir, 'out'), input.out, { recursive: true });
    // npm names the lock file after the directory, i.e. the function's id, which differs
    // between stages: written as npm would write it here, so the asset hash is the same.
    const lock = path.join(input.out, 'package-lock.json');
    if (fs.existsSync(lock)) {
      const text = fs.readFileSync(lock, 'utf8');
      const named = `"name": ${JSON.stringify(builtAs)}`;
      if (!text.includes(named)) throw new Error(`${lock} does not name ${builtAs}`);
      fs.writeFileSync(lock, text.replace(named, `"name": ${JSON.stringify(path.basename(input.out))}`));
    }
    return { type: 'success', handler: name, sourcemap: sourcemap && path.join(input.out, sourcemap) };
  }
  const result = await handler.build(input);
  if (result.type !== 'success') return result;
  // Written beside, then renamed: another test file may be building the same bundle.
  const partial = `${dir}.${process.pid}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  await fs.promises.cp(input.out, path.join(partial, 'out'), { recursive: true });
  fs.writeFileSync(
    path.join(partial, 'result.json'),
    JSON.stringify({
      builtAs: path.basename(input.out),
      handler: result.handler,
      sourcemap: result.sourcemap && path.relative(input.out, path.resolve(result.sourcemap)),
    }),
  );
  try {
    fs.renameSync(partial, dir);
  } catch {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return result;
}

function cached(key: string, produce: () => Promise<Synthesized>): Promise<Synthesized> {
  let result = cache.get(key);
  if (!result) {
    result = queue.then(() => sharedAcrossFiles(key, produce));
    queue = result.catch(() => undefined);
    cache.set(key, result);
  }
  return result;
}

/**
 * What the synth reads, as (path, size, mtime): part of the cache key, so a re-run in watch
 * mode after an edit synthesizes again instead of reading the previous run's templates.
 */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = fs.statSync(full, { throwIfNoEntry: false });
        hash.update(`${full}:${stat?.size}:${stat?.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ['stacks', 'functions', 'workflows', 'packages', 'web']) walk(path.join(ROOT, dir));
  for (const file of ['sst.config.ts', 'package.json'])
    hash.update(`${file}:${fs.statSync(path.join(ROOT, file)).mtimeMs}`);
  return hash.digest('hex').slice(0, 12);
}

const keyOf = (kind: string, stage: string, env: Record<string, string>) =>
  `${kind}-${stage}-${createHash('sha256')
    .update(JSON.stringify(env))
    .update(sourceFingerprint())
    .digest('hex')
    .slice(0, 12)}`;

/**
 * The templates of every stack of the service (default region) for one stage. Stage "ci"
 * gets CI_ENV (WAF, custom domain); any other stage the bare defaults, unless `env` is given.
 */
export async function synth(stage: string, env: Record<string, string> = stage === 'ci' ? CI_ENV : {}) {
  const s = await cached(keyOf('app', stage, env), () => synthesize(stage, REGION, env, STACKS));
  const templates = Object.fromEntries(
    Object.entries(s.templates).map(([name, json]) => [name, Template.fromJSON(json)]),
  ) as Record<StackName, Template>;
  return { ...templates, warnings: s.warnings as Record<StackName, string[]>, nag: s.nag, ms: s.ms } as Templates;
}

/** The us-east-1 deploy of the same app: the Edge stack (WAF web ACL) alone. */
export async function synthEdge(stage: string, env: Record<string, string> = {}): Promise<EdgeTemplates> {
  const s = await cached(keyOf('edge', stage, env), () => synthesize(stage, EDGE_REGION, env, { edge: Edge }));
  return {
    edge: Template.fromJSON(s.templates.edge as Json),
    warnings: s.warnings.edge ?? [],
    nag: s.nag,
    ms: s.ms,
  };
}

/** Every stack template the default-region deploy produces. */
export function allTemplates(t: Templates): [StackName, Template][] {
  return (Object.keys(STACKS) as StackName[]).map((name) => [name, t[name]]);
}

export const STACK_NAMES = Object.keys(STACKS) as StackName[];

// ---------------------------------------------------------------------------- helpers

export function only(template: Template, type: string): [string, Json] {
  const found = Object.entries(template.findResources(type));
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0] as [string, Json];
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every IAM statement in a template: AWS::IAM::Policy, inline role policies, managed policies. */
export function allIamStatements(template: Template): Json[] {
  const statements: Json[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    statements.push(...asArray(policy.Properties.PolicyDocument.Statement));
  }
  for (const policy of Object.values(template.findResources('AWS::IAM::ManagedPolicy'))) {
    statements.push(...asArray(policy.Properties.PolicyDocument.Statement));
  }
  for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
    for (const inline of asArray<Json>(role.Properties.Policies)) {
      statements.push(...asArray(inline.PolicyDocument.Statement));
    }
  }
  return statements;
}

/** The wildcard actions in a list of statements: `*`, `service:*`, and any NotAction. */
export function wildcardActions(statements: Json[]): string[] {
  const found: string[] = [];
  for (const statement of statements) {
    for (const action of actionsOf(statement)) {
      if (action === '*' || /^[a-z0-9-]+:\*$/i.test(action)) found.push(action);
    }
    for (const action of asArray<string>(statement.NotAction)) found.push(`NotAction ${action}`);
  }
  return found;
}

/** Statements of the AWS::IAM::Policy resources attached to one role. */
export function roleStatements(template: Template, roleLogicalId: string): Json[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => asArray<Json>(p.Properties.Roles).some((r) => r.Ref === roleLogicalId))
    .flatMap((p) => asArray<Json>(p.Properties.PolicyDocument.Statement));
}

export function actionsOf(statement: Json): string[] {
  return asArray<string>(statement.Action);
}

export function mentions(value: unknown, logicalId: string): boolean {
  return (JSON.stringify(value) ?? '').includes(logicalId);
}

/** Logical id of the KMS key an alias points at. */
export function keyByAlias(template: Template, aliasName: string): string {
  const aliases = Object.values(template.findResources('AWS::KMS::Alias')).filter(
    (a) => a.Properties.AliasName === aliasName,
  );
  expect(aliases, `alias ${aliasName}`).toHaveLength(1);
  const target = aliases[0]?.Properties.TargetKeyId;
  const id = target?.['Fn::GetAtt']?.[0] ?? target?.Ref;
  expect(typeof id).toBe('string');
  return id as string;
}

/** The one Lambda function running a handler, e.g. 'functions/http.handler'. */
export function functionByHandler(template: Template, handler: string): [string, Json] {
  const fns = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, fn]) => fn.Properties.Handler === handler,
  );
  expect(fns, `one function for ${handler}`).toHaveLength(1);
  return fns[0] as [string, Json];
}

/** The statements granted to a function's own role. */
export function functionStatements(template: Template, fn: Json): Json[] {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return roleStatements(template, roleId);
}

export const sorted = (xs: Iterable<string>) => [...xs].sort();

/** Every Lambda the app builds from functions/ (not SST's helper), with its stack. */
export function appFunctions(t: Templates): { stack: StackName; id: string; fn: Json; template: Template }[] {
  const found: { stack: StackName; id: string; fn: Json; template: Template }[] = [];
  for (const [stack, template] of allTemplates(t)) {
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      if (String(fn.Properties.Handler).startsWith('functions/')) found.push({ stack, id, fn, template });
    }
  }
  return found;
}

/** The SST binding statement for secrets (ssm:GetParameters) is recognisable by its action. */
export const isSsmBinding = (s: Json) => actionsOf(s).every((a) => a === 'ssm:GetParameters');
/** CDK's statement for a function's dead-letter queue. */
export const isDlqSend = (s: Json) => actionsOf(s).every((a) => a === 'sqs:SendMessage');
export const viaDynamoDb = (s: Json) =>
  s.Condition?.StringEquals?.['kms:ViaService'] === `dynamodb.${REGION}.amazonaws.com`;
