/**
 * Local mode's own safety (issue 12, findings 12 and 13), on the real local service
 * (dev/runtime.ts, as `npm start` runs it):
 * - every file and folder under the data directory is owner-only, whether the directory was
 *   new or already there with looser modes, and files the embedded DynamoDB writes later too;
 * - only loopback Host names are answered (DNS rebinding cannot reach /dev/mail.json);
 * - /dev/mail keeps its own, stricter CSP.
 */
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { judgeHost } from '../../dev/loopback.ts';
import { looserThanOwner } from '../../dev/private-files.ts';
import { freshDataDir, removeDataDir, type Service, startService } from '../support/service.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) removeDataDir(dir);
});

/** A raw HTTP request with any Host header (fetch will not send a made-up one). */
function get(url: string, path: string, host?: string) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request({ hostname, port, path, method: 'GET', setHost: host === undefined, headers: {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      if (host !== undefined && host !== '') req.setHeader('Host', host);
      req.on('error', reject);
      req.end();
    },
  );
}

/** Enough writes to make LevelDB flush its memtable: new files appear while the service runs. */
async function writeALot(service: Service) {
  const client = new DynamoDBClient({
    endpoint: service.dynamodbEndpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    // A throwaway table of the test's own: nothing here touches the app's key shapes.
    await client.send(
      new CreateTableCommand({
        TableName: 'probe',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const filler = 'x'.repeat(100_000);
    for (let i = 0; i < 60; i += 1) {
      await client.send(new PutItemCommand({ TableName: 'probe', Item: { id: { S: `i${i}` }, v: { S: filler } } }));
    }
  } finally {
    client.destroy();
  }
}

describe('the local data directory', () => {
  it('is owner-only when it did not exist', async () => {
    const parent = freshDataDir();
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    const service = await startService(dataDir);
    try {
      await writeALot(service);
    } finally {
      await service.stop();
    }
    expect(statSync(join(dataDir, 'dynamodb')).isDirectory()).toBe(true);
    expect(looserThanOwner(dataDir)).toEqual([]);
  });

  it('is made owner-only when it existed with world-readable modes, files and folders alike', async () => {
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    // As an older version (or a plain mkdir) left it: 0755 folders, 0644 files.
    chmodSync(dataDir, 0o755);
    mkdirSync(join(dataDir, 'dynamodb'), { mode: 0o755 });
    chmodSync(join(dataDir, 'dynamodb'), 0o755);
    writeFileSync(join(dataDir, 'mashura-before-upgrade-1.json'), '[]', { mode: 0o644 });
    chmodSync(join(dataDir, 'mashura-before-upgrade-1.json'), 0o644);
    expect(looserThanOwner(dataDir).length).toBe(3);

    const service = await startService(dataDir);
    try {
      expect(looserThanOwner(dataDir)).toEqual([]);
      await writeALot(service);
    } finally {
      await service.stop();
    }
    expect(looserThanOwner(dataDir)).toEqual([]);
    // The process's own umask is back as it was once the service stopped.
    const after = join(freshDataDir(), 'probe');
    dirs.push(after);
    writeFileSync(after, '', { mode: 0o644 });
    expect(statSync(after).mode & 0o777).toBe(0o644 & ~process.umask());
  }, 60_000);
});

describe('the local server', () => {
  let service: Service;
  const ready = (async () => {
    const dir = freshDataDir();
    dirs.push(dir);
    service = await startService(dir);
  })();
  afterAll(async () => {
    await ready;
    await service.stop();
  });

  it.each(['localhost', '127.0.0.1', '[::1]'])('answers Host %s (with its port)', async (name) => {
    await ready;
    const { port } = new URL(service.url);
    expect((await get(service.url, '/healthz', `${name}:${port}`)).status).toBe(200);
    expect((await get(service.url, '/dev/mail.json', `${name}:${port}`)).status).toBe(200);
  });

  it.each([
    'rebind.attacker.example',
    'rebind.attacker.example:3000',
    'localhost.attacker.example',
    '127.0.0.1.nip.io',
  ])('refuses Host %s with 421 on every path, /dev/mail.json first', async (host) => {
    await ready;
    for (const path of ['/dev/mail.json', '/dev/mail', '/', '/en', '/staff', '/healthz']) {
      const answer = await get(service.url, path, host);
      expect(answer.status, `${host} ${path}`).toBe(421);
      expect(answer.body).not.toContain('"subject"');
      expect(answer.body).toContain('localhost');
    }
  });

  it('refuses a request without a usable Host with 400', async () => {
    await ready;
    expect((await get(service.url, '/dev/mail.json', '')).status).toBe(400);
    expect((await get(service.url, '/dev/mail.json', 'exa mple')).status).toBe(400);
  });

  it('serves /dev/mail with its own stricter CSP, not the app-wide one', async () => {
    await ready;
    const page = await get(service.url, '/dev/mail', `localhost:${new URL(service.url).port}`);
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toContain("script-src 'self'");
    // The other headers are still there.
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // The app itself keeps its own policy.
    const form = await get(service.url, '/en', `localhost:${new URL(service.url).port}`);
    expect(String(form.headers['content-security-policy'])).toContain("script-src 'self'");
  });
});

describe('judgeHost', () => {
  it('tells loopback names from others and from junk', () => {
    expect(judgeHost('localhost')).toBe('loopback');
    expect(judgeHost('LOCALHOST:3000')).toBe('loopback');
    expect(judgeHost('127.0.0.1:1')).toBe('loopback');
    expect(judgeHost('[::1]:3000')).toBe('loopback');
    expect(judgeHost('127.0.0.2')).toBe('other');
    expect(judgeHost('[::2]')).toBe('other');
    expect(judgeHost('evil.example')).toBe('other');
    expect(judgeHost(undefined)).toBe('invalid');
    expect(judgeHost('localhost:99999')).toBe('invalid');
    expect(judgeHost('a b')).toBe('invalid');
    expect(judgeHost('localhost@evil.example')).toBe('invalid');
  });
});
