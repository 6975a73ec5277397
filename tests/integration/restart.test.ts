/**
 * The local process killed mid-workflow and started again: `npm start`'s entry point
 * (dev/start.ts) runs as a child process on its own data directory and port. A submission
 * is sent while email is held back (MASHURA_FAULT_SES_DELAY_MS, local mode only), so the
 * workflow is waiting inside its sends when the process gets SIGKILL: no shutdown, no
 * flush. The restarted process picks the submission up and every email goes out once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { groupCode, loadConfig, referenceFromToken } from '#core';
import { createDocumentClient, createSubmissionStore } from '#store';
import { freshDataDir, removeDataDir } from '../support/service.ts';

const dataDir = freshDataDir();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) kill(child);
  removeDataDir(dataDir);
});

/** The child leads its own process group; the group is ours, so it goes as one. */
function kill(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function start(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'dev/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      MASHURA_DATA_DIR: dataDir,
      MASHURA_MIN_FILL_SECONDS: '0',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output = `${output}${chunk}`.slice(-8000)));
  child.stderr?.on('data', (chunk) => (output = `${output}${chunk}`.slice(-8000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`the service did not start:\n${output}`);
    await new Promise((wait) => setTimeout(wait, 200));
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { url, child, exited, output: () => output };
}

type Mail = { to: string[]; subject: string; text: string };
const mailAbout = async (url: string, code: string) =>
  ((await (await fetch(`${url}/dev/mail.json`)).json()) as Mail[]).filter((mail) =>
    `${mail.subject}\n${mail.text}`.includes(code),
  );

describe('the local process killed mid-workflow', () => {
  it('routes the submission after a restart, sending every email exactly once', async () => {
    const first = await start({ MASHURA_FAULT_SES_DELAY_MS: '120000' });
    const html = await (await fetch(`${first.url}/en`)).text();
    const formToken = html.match(/name="formToken" value="([^"]+)"/)![1]!;
    const formStamp = html.match(/name="formStamp" value="([^"]+)"/)![1]!;
    const reference = referenceFromToken(formToken);
    const sent = await fetch(`${first.url}/en`, {
      method: 'POST',
      body: new URLSearchParams({
        formToken,
        formStamp,
        addressee: 'both',
        topics: 'detainees',
        message: 'killed mid-workflow',
        email: 'still.waiting@example.org',
      }),
      redirect: 'manual',
    });
    expect(sent.status).toBe(303);
    // Stored and confirmed; the workflow has claimed its sends and is waiting on SES.
    const endpoint = first.output().match(/DynamoDB\s+(http:\/\/[\d.:]+)/)![1]!;
    const client = createDocumentClient({ region: 'eu-central-1', endpoint });
    const store = createSubmissionStore(client, loadConfig({}).tableName);
    const deadline0 = Date.now() + 20_000;
    let deliveries: Record<string, { state: string }> = {};
    while (Date.now() < deadline0 && Object.keys(deliveries).length < 2) {
      deliveries = (await store.get(reference))?.deliveries ?? {};
      await new Promise((wait) => setTimeout(wait, 100));
    }
    client.destroy();
    expect(deliveries).toMatchObject({ 'inbox-ose': { state: 'sending' }, 'inbox-donors': { state: 'sending' } });
    expect(await mailAbout(first.url, groupCode(reference))).toEqual([]);
    kill(first.child);
    await first.exited;

    const second = await start({ MASHURA_FAULT_SES_DELAY_MS: '0' });
    const code = groupCode(reference);
    const expected = ['donors-inbox@donors.example', 'ose-inbox@ose.example', 'still.waiting@example.org'];
    const deadline = Date.now() + 45_000;
    let mail: Mail[] = [];
    while (Date.now() < deadline) {
      mail = await mailAbout(second.url, code);
      if (mail.length >= expected.length) break;
      await new Promise((wait) => setTimeout(wait, 250));
    }
    // A moment longer, so a duplicate would have time to show.
    await new Promise((wait) => setTimeout(wait, 1_500));
    mail = await mailAbout(second.url, code);
    expect(mail.flatMap((m) => m.to).sort(), second.output()).toEqual(expected);
    kill(second.child);
    await second.exited;
  }, 150_000);
});
