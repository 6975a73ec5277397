/**
 * AWS's DynamoDB Local, as a second DynamoDB for the store's integration suites.
 *
 * The jar ships inside the npm package `amplify-dynamodb-simulator` (its `emulator/`
 * folder). It is not a dependency (it would drag in amplify-cli-core): at test time the
 * tarball is fetched with `npm pack` (the npm registry is the only network it needs, and
 * npm's cache makes later runs offline), unpacked once into node_modules/.cache, and the
 * jar started in memory on a free loopback port with Java 17.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const run = promisify(execFile);

export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const CACHE = resolve('node_modules/.cache/dynamodb-local');
const EMULATOR = join(CACHE, 'emulator');
const JAR = join(EMULATOR, 'DynamoDBLocal.jar');

/** Fetches and unpacks the emulator once; concurrent callers may both unpack, the rename makes it safe. */
export async function ensureDynamoDbLocal(): Promise<string> {
  if (existsSync(JAR)) return EMULATOR;
  mkdirSync(CACHE, { recursive: true });
  let tarball = readdirSync(CACHE).find(
    (name) => name.startsWith('amplify-dynamodb-simulator-') && name.endsWith('.tgz'),
  );
  if (!tarball) {
    const { stdout } = await run('npm', ['pack', DYNAMODB_LOCAL_PACKAGE, '--silent', '--pack-destination', CACHE], {
      timeout: 300_000,
      maxBuffer: 1 << 20,
    });
    tarball = stdout.trim().split('\n').at(-1);
    if (!tarball) throw new Error(`npm pack ${DYNAMODB_LOCAL_PACKAGE} produced nothing`);
  }
  const staging = mkdtempSync(join(CACHE, 'unpack-'));
  try {
    await run('tar', ['-xzf', join(CACHE, tarball), '-C', staging, '--strip-components=1', 'package/emulator'], {
      timeout: 120_000,
    });
    if (!existsSync(JAR)) renameSync(join(staging, 'emulator'), EMULATOR);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return EMULATOR;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const emulator = await ensureDynamoDbLocal();
  const port = await freePort();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
      '-Xmx512m',
      '-jar',
      join(emulator, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
    ],
    { cwd: emulator, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output = `${output}${chunk}`.slice(-4000)));
  child.stderr?.on('data', (chunk) => (output = `${output}${chunk}`.slice(-4000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output}`);
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start in 60 s:\n${output}`);
        await new Promise((wait) => setTimeout(wait, 200));
      }
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((wait) => setTimeout(wait, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
