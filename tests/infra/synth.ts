/**
 * Offline synth of the real SST app (sst.config.ts), shared by the infra test files, plus
 * helpers for reading the synthesized CloudFormation. No AWS account: NODE_ENV=test makes
 * SST's App.finish() skip the bootstrap lookup, and every function is really bundled by
 * SST's esbuild pipeline (no Docker).
 *
 * One synth per stage per test file (vitest runs each file in its own process, so a
 * module-level cache cannot span files). Bundles go to a per-synth temporary directory,
 * not .sst/artifacts, so two files synthesizing the same stage at once cannot trample
 * each other's output.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { App, getStack } from 'sst/constructs';
import { initProject, useProject } from 'sst/project.js';
import { afterAll, expect } from 'vitest';
import config from '../../sst.config.ts';
import { Mail } from '../../stacks/Mail.ts';
import { Schedules } from '../../stacks/Schedules.ts';
import { Storage } from '../../stacks/Storage.ts';
import { SETTING_FALLBACKS } from '../../stacks/shared.ts';
import { Web } from '../../stacks/Web.ts';
import { Workflow } from '../../stacks/Workflow.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const REGION = 'eu-central-1';
export const ACCOUNT = '123456789012';
export const SYNTH_TIMEOUT = 180_000;

const STACKS = { storage: Storage, mail: Mail, workflow: Workflow, web: Web, schedules: Schedules } as const;
export type StackName = keyof typeof STACKS;

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON
export type Json = Record<string, any>;
export type Templates = Record<StackName, Template> & {
  /** Synth-time warnings per stack (e.g. prod falling back to placeholder settings). */
  warnings: Record<StackName, string[]>;
  ms: number;
};

const outdirs: string[] = [];
const cache = new Map<string, Promise<Templates>>();
/** getStack() reads the most recent app, so synths run one after another. */
let queue: Promise<unknown> = Promise.resolve();

afterAll(() => {
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function synthesize(stage: string): Promise<Templates> {
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
  // Deterministic: the synth-time settings fall back to their documented defaults
  // (initProject loads .env files, so clear them after it).
  for (const name of ['MASHURA_MAIL_DOMAIN', ...Object.keys(SETTING_FALLBACKS)]) delete process.env[name];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `mashura-synth-${stage}-`));
  outdirs.push(outdir);
  useProject().paths.artifacts = path.join(outdir, 'artifacts');
  const app = new App({ mode: 'deploy', stage, name: 'mashura', region: REGION, account: ACCOUNT }, { outdir });
  await config.stacks(app);
  await app.finish();
  // getStack() reads the most recent app: take everything before the next synth. Warnings
  // come from construct metadata (Annotations.fromStack would synthesize the app again,
  // which SST's unique-id check refuses).
  const entries = Object.entries(STACKS) as [StackName, (typeof STACKS)[StackName]][];
  const templates = Object.fromEntries(entries.map(([name, fn]) => [name, Template.fromStack(getStack(fn))])) as Record<
    StackName,
    Template
  >;
  const warnings = Object.fromEntries(
    entries.map(([name, fn]) => [
      name,
      getStack(fn)
        .node.findAll()
        .flatMap((c) => c.node.metadata)
        .filter((m) => m.type === 'aws:cdk:warning')
        .map((m) => String(m.data)),
    ]),
  ) as Record<StackName, string[]>;
  return { ...templates, warnings, ms: Math.round(performance.now() - started) };
}

/** The templates of every stack for one stage, synthesized once per test file. */
export function synth(stage: string): Promise<Templates> {
  let result = cache.get(stage);
  if (!result) {
    result = queue.then(() => synthesize(stage));
    queue = result.catch(() => undefined);
    cache.set(stage, result);
  }
  return result;
}

export function allTemplates(t: Templates): [StackName, Template][] {
  return (Object.keys(STACKS) as StackName[]).map((name) => [name, t[name]]);
}

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
  return JSON.stringify(value).includes(logicalId);
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
