import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { BUDGETS } from './budgets.ts';
import { type ColdRequest, measureColdRequests } from './lambda-cold.ts';
import { type LambdaNode, lambdaNode } from './lambda-node.ts';
import { median, round } from './stats.ts';

/**
 * Every Lambda bundled as SST v2 bundles it for `sst deploy` (sst/runtime/handlers/node.js
 * with this app's defaults: ESM, minified), with SST's own copy of esbuild, then imported
 * in fresh Node processes to time module initialisation (the cold start's share that is
 * ours: reading config, building clients, composing the app).
 */
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const execFileAsync = promisify(execFile);

/** SST's ESM banner, verbatim: CommonJS dependencies get `require` and `__dirname`. */
const SST_ESM_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  'const require = topLevelCreateRequire(import.meta.url);',
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
].join('\n');

/** What the functions read at cold start in AWS, with stand-in values. */
export const LAMBDA_ENV = {
  MASHURA_STAGE: 'bench',
  MASHURA_TABLE: 'mashura-bench',
  AWS_REGION: 'eu-central-1',
  MASHURA_CONTACT_KEY_ARN: 'arn:aws:kms:eu-central-1:111122223333:key/00000000-0000-0000-0000-000000000000',
  MASHURA_INTAKE_ARN: 'arn:aws:states:eu-central-1:111122223333:stateMachine:mashura-bench-intake',
  MASHURA_BASE_URL: 'https://mashura.example',
  // SST's Config.Secret binding (functions/secrets.ts): SST_Secret_value_<NAME>, given here
  // directly so the import does not reach SSM.
  SST_APP: 'mashura',
  SST_STAGE: 'bench',
  SST_Secret_value_RECEIPT_SECRET: randomBytes(32).toString('base64'),
  SST_Secret_value_STAFF_SECRET: randomBytes(32).toString('base64'),
  SST_Secret_value_PROTECT_SECRET: randomBytes(32).toString('base64'),
  MASHURA_OUTCOME_ARN: 'arn:aws:states:eu-central-1:111122223333:stateMachine:mashura-bench-outcome',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface LambdaFigure {
  name: string;
  handler: string;
  /** A web handler (API Gateway in front), as opposed to a workflow task or a sweep. */
  web: boolean;
  /**
   * What a cold start loads: the entry file and every chunk it imports statically (with
   * SST's code splitting; without it, the one file).
   */
  bytes: number;
  gzipBytes: number;
  /** Files in `bytes`: the entry and its static chunks. */
  files: number;
  /** Chunks only reached by `import()`: loaded on first use, if ever (sum of their sizes). */
  lazyBytes: number;
  lazyGzipBytes: number;
  lazyFiles: number;
  /** Median module init (import) wall time in ms over `runs` fresh processes. */
  initMs: number;
  /**
   * Median CPU time of the same imports (user + system, all threads): what a Lambda's
   * fraction of a vCPU has to get through, and steady when other work shares the machine.
   */
  initCpuMs: number;
  initRuns: number[];
  /** Median wall time of the whole process (Node start, import, exit). */
  processMs: number;
  /** The Node that ran the imports (Lambda's major, see bench/lambda-node.ts). */
  node: string;
  /** What the cold start's files are mostly made of. */
  largest: { part: string; bytes: number }[];
  /** Code of BUDGETS.publicForbidden found in any of the function's files, lazy ones included. */
  contains: string[];
  /** Web functions: fresh process → first response byte, through the Lambda handler. */
  cold?: ColdRequest[];
  /** Where the bundling options came from. */
  options: string;
}

/**
 * Every Lambda: the handlers in `functions/*.ts` (web ones, behind API Gateway, are those
 * that use the HTTP adapter, functions/lambda-http.ts; others take events) and each entry of every `functions/<workflow>/registry.ts` (workflow
 * tasks, sweeps, and any added later), each handler once.
 */
export async function lambdaHandlers(): Promise<{ name: string; handler: string; web: boolean }[]> {
  const functions = join(root, 'functions');
  const handlers: { name: string; handler: string; web: boolean }[] = [];
  for (const file of readdirSync(functions)
    .filter((name) => /\.tsx?$/.test(name) && !/\.test\./.test(name))
    .sort()) {
    const source = readFileSync(join(functions, file), 'utf8');
    if (!/export\s+(const|function|async function)\s+handler\b/.test(source)) continue;
    const base = file.replace(/\.tsx?$/, '');
    const web = source.includes("'./lambda-http.ts'") || source.includes("'hono/aws-lambda'");
    handlers.push({ name: `${web ? 'web' : 'event'}: ${base}`, handler: `functions/${base}.handler`, web });
  }
  const seen = new Set(handlers.map((x) => x.handler));
  const folders = readdirSync(functions, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const folder of folders.map((entry) => entry.name).sort()) {
    const registryFile = join(functions, folder, 'registry.ts');
    if (!existsSync(registryFile)) continue;
    const registry = (await import(pathToFileURL(registryFile).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(registry)) {
      if (!value || typeof value !== 'object') continue;
      for (const [name, handler] of Object.entries(value)) {
        if (typeof handler !== 'string' || !/^functions\/[\w/.-]+\.\w+$/.test(handler) || seen.has(handler)) continue;
        seen.add(handler);
        handlers.push({ name: `${exportName.replace(/_FUNCTIONS$/, '').toLowerCase()}: ${name}`, handler, web: false });
      }
    }
  }
  return handlers;
}

function handlerFile(handler: string): string {
  const base = join(root, handler.slice(0, handler.lastIndexOf('.')));
  const file = ['.ts', '.tsx', '.js', '.mjs'].map((ext) => base + ext).find(existsSync);
  if (!file) throw new Error(`no file for handler ${handler}`);
  return file;
}

type Esbuild = typeof import('esbuild');

/** SST's own esbuild when it has one (so the bundle is what `sst deploy` would ship). */
function sstEsbuild(): Esbuild {
  const sstRequire = createRequire(createRequire(join(root, 'package.json')).resolve('sst/package.json'));
  return sstRequire('esbuild') as Esbuild;
}

/** The `nodejs` function props SST v2 accepts that change what is bundled. */
export interface NodejsProps {
  format?: 'esm' | 'cjs';
  minify?: boolean;
  splitting?: boolean;
  banner?: string;
  install?: string[];
  loader?: Record<string, string>;
  esbuild?: { external?: string[] } & Record<string, unknown>;
}

/**
 * This app's `nodejs` defaults, read by running sst.config.ts's `stacks()` against a
 * stand-in app that records `setDefaultFunctionProps` and ignores everything else.
 */
export async function appNodejsProps(): Promise<{ props: NodejsProps; source: string }> {
  try {
    const { default: config } = (await import(pathToFileURL(join(root, 'sst.config.ts')).href)) as {
      default: { config(input: unknown): { region?: string }; stacks(app: unknown): void };
    };
    let nodejs: NodejsProps = {};
    const region = config.config({}).region;
    // Anything else asked of it (a method, a property, a child list) is the stand-in again:
    // callable, iterable and empty.
    const app: unknown = new Proxy(() => {}, {
      get(_target, key) {
        if (key === 'stage') return 'bench';
        if (key === 'name') return 'mashura';
        if (key === 'region') return region;
        if (key === Symbol.iterator) return function* () {};
        if (key === Symbol.toPrimitive) return () => '';
        if (key === 'then') return undefined;
        if (key === 'setDefaultFunctionProps') {
          return (props: { nodejs?: NodejsProps }) => {
            nodejs = { ...nodejs, ...props.nodejs };
          };
        }
        return app;
      },
      apply: () => app,
    });
    config.stacks(app);
    return { props: nodejs, source: 'sst.config.ts' };
  } catch (error) {
    return {
      props: { format: 'esm', minify: true },
      source: `format esm, minify (sst.config.ts could not be read: ${(error as Error).message})`,
    };
  }
}

interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      bytes: number;
      inputs: Record<string, { bytesInOutput: number }>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}

export interface Bundle {
  /** The entry file to import (absolute). */
  entry: string;
  /** The entry and every chunk it reaches through static imports. */
  statics: string[];
  /** Chunks only reached through `import()`. */
  lazy: string[];
  metafile: Metafile;
  /** Output file (absolute) → the packages or project folders in it. */
  parts: (files: string[]) => { part: string; bytes: number }[];
}

/**
 * Bundles one handler exactly as sst/runtime/handlers/node.js does for `sst deploy`: its
 * options, then the app's `nodejs` props over them (`esbuild` last, as SST spreads it).
 */
export async function bundle(esbuild: Esbuild, nodejs: NodejsProps, entry: string, outdir: string): Promise<Bundle> {
  const { external = [], ...override } = nodejs.esbuild ?? {};
  const esm = (nodejs.format ?? 'esm') === 'esm';
  const splitting = Boolean(nodejs.splitting);
  const outfile = join(outdir, basename(entry).replace(/\.[^.]+$/, esm ? '.mjs' : '.cjs'));
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    platform: 'node',
    external: ['sharp', 'pg-native', ...(nodejs.install ?? []), ...external],
    loader: nodejs.loader as Record<string, 'js'> | undefined,
    keepNames: true,
    bundle: true,
    logLevel: 'silent',
    splitting,
    metafile: true,
    outExtension: splitting ? { '.js': '.mjs' } : undefined,
    ...(esm
      ? {
          format: 'esm',
          // SST says `esnext`; Lambda runs Node 24 (LAMBDA_RUNTIME), which is what esnext means there.
          target: 'node24',
          mainFields: ['module', 'main'],
          banner: { js: [SST_ESM_BANNER, nodejs.banner ?? ''].join('\n') },
        }
      : { format: 'cjs', target: 'node14', banner: nodejs.banner ? { js: nodejs.banner } : undefined }),
    outfile: splitting ? undefined : outfile,
    outdir: splitting ? outdir : undefined,
    // SST writes a separate .map for deploys; it is not loaded at run time, so not counted.
    sourcemap: false,
    minify: nodejs.minify,
    ...override,
  });
  const metafile = result.metafile as unknown as Metafile;
  const abs = (file: string) => resolve(root, file);
  // With splitting, each `import()` target is an entry point of its own: find the handler's.
  const entryOutput = Object.entries(metafile.outputs).find(
    ([, output]) => output.entryPoint && resolve(root, output.entryPoint) === resolve(entry),
  )?.[0];
  if (!entryOutput) throw new Error(`esbuild produced no entry for ${entry}`);
  const statics = new Set<string>();
  const visit = (file: string) => {
    if (statics.has(file)) return;
    statics.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (!imported.external && imported.kind === 'import-statement') visit(imported.path);
    }
  };
  visit(entryOutput);
  const code = Object.keys(metafile.outputs).filter((file) => !file.endsWith('.map'));
  return {
    entry: abs(entryOutput),
    statics: [...statics].map(abs),
    lazy: code.filter((file) => !statics.has(file)).map(abs),
    metafile,
    parts: (files) => largestParts(metafile, new Set(files)),
  };
}

/** The packages (or project folders) that contribute most to some output files, in bytes. */
function largestParts(metafile: Metafile, only: Set<string>) {
  const parts = new Map<string, number>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!only.has(resolve(root, file))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dependency = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]?.replace(/^.*node_modules\//, '');
      const part = dependency ?? input.split('/').slice(0, 2).join('/');
      parts.set(part, (parts.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...parts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([part, bytes]) => ({ part, bytes }));
}

/** Wall time and CPU time (all threads) of importing the bundle: its module init. */
const INIT_PROBE = [
  // The Lambda runtime's `awslambda` global (response streaming, functions/staff.ts): marks the handler, as Lambda does.
  'globalThis.awslambda ??= { streamifyResponse: (h) => h, HttpResponseStream: { from: (s) => s } };',
  'const cpu = process.cpuUsage();',
  'const start = performance.now();',
  'await import(process.argv[1]);',
  'const wall = performance.now() - start;',
  'const used = process.cpuUsage(cpu);',
  'process.stdout.write(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));',
  'process.exit(0);',
].join('\n');

async function timeInit(node: string, file: string): Promise<{ initMs: number; initCpuMs: number; processMs: number }> {
  const started = performance.now();
  const { stdout } = await execFileAsync(node, ['--input-type=module', '-e', INIT_PROBE, file], {
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
    cwd: dirname(file),
    timeout: 30_000,
  });
  const { wall, cpu } = JSON.parse(stdout) as { wall: number; cpu: number };
  return { initMs: wall, initCpuMs: cpu, processMs: performance.now() - started };
}

const sizes = (files: string[]) => {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const code = readFileSync(file);
    bytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
  }
  return { bytes, gzipBytes };
};

/**
 * Bundles every handler, then times them: `runs` fresh processes per handler (median
 * reported), taken in rounds across all the handlers rather than one handler's runs back to
 * back, so a slow minute of a shared machine lands on one run of each, not on every run of a
 * few (identical bundles measured 135 and 191 ms apart when timed in bursts).
 */
export async function measureLambdas(
  runs: number,
  onProgress: (done: number, total: number, name: string) => void = () => {},
  options: { cold?: boolean } = {},
): Promise<LambdaFigure[]> {
  const esbuild = sstEsbuild();
  const { props: nodejs, source } = await appNodejsProps();
  const handlers = await lambdaHandlers();
  const node: LambdaNode = lambdaNode((line) => onProgress(0, handlers.length, line));
  const dir = mkdtempSync(join(tmpdir(), 'mashura-lambda-'));
  const figures: LambdaFigure[] = [];
  try {
    const builds = [];
    for (const [index, { name, handler }] of handlers.entries()) {
      onProgress(index, handlers.length, `${name}: bundling`);
      builds.push(await bundle(esbuild, nodejs, handlerFile(handler), join(dir, handler.replace(/[/.]/g, '-'))));
    }
    const times: Awaited<ReturnType<typeof timeInit>>[][] = handlers.map(() => []);
    for (let run = 0; run < runs; run++) {
      onProgress(0, handlers.length, `init, round ${run + 1} of ${runs} across all handlers`);
      for (const [index, built] of builds.entries()) times[index]!.push(await timeInit(node.path, built.entry));
    }
    for (const [index, { name, handler, web }] of handlers.entries()) {
      onProgress(index, handlers.length, name);
      const built = builds[index]!;
      const runsOf = times[index]!;
      const loaded = sizes(built.statics);
      const lazy = sizes(built.lazy);
      const cold =
        web && options.cold !== false
          ? await measureColdRequests(node.path, built, handler, runs, LAMBDA_ENV, (what) =>
              onProgress(index, handlers.length, `${name}: ${what}`),
            )
          : undefined;
      figures.push({
        name,
        handler,
        web,
        ...loaded,
        files: built.statics.length,
        lazyBytes: lazy.bytes,
        lazyGzipBytes: lazy.gzipBytes,
        lazyFiles: built.lazy.length,
        initMs: round(median(runsOf.map((x) => x.initMs))),
        initCpuMs: round(median(runsOf.map((x) => x.initCpuMs))),
        initRuns: runsOf.map((x) => round(x.initMs)),
        processMs: round(median(runsOf.map((x) => x.processMs))),
        node: node.version,
        largest: built.parts(built.statics),
        contains: BUDGETS.publicForbidden.filter((part) =>
          Object.values(built.metafile.outputs).some((output) =>
            Object.keys(output.inputs).some((input) => input.includes(part)),
          ),
        ),
        ...(cold ? { cold } : {}),
        options: `${source}${nodejs.splitting ? ', code splitting' : ''}`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
