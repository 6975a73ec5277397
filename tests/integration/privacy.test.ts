/**
 * Nothing personal in logs, no IP address anywhere: the whole local service (the same one
 * `npm start` runs) is driven over HTTP on loopback with a person's details, through every
 * path that logs (refusals, rate limits, success, the workflow's emails, retention), with
 * the real redacting logger writing to a buffer. Then the log lines and the table are
 * searched for the details, the client's address, the receipt code and the form token.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, newFormToken, referenceFromToken, tokenHash } from '#core';
import { createLogger } from '#log';
import { createDocumentClient, createSubmissionStore } from '#store';
import { type LocalService, startLocal } from '../../dev/runtime.ts';
import { freshDataDir, removeDataDir } from '../support/service.ts';

const PERSON = {
  email: 'amal.haddad.private@example.org',
  organisation: 'رابطة الناجيات في إدلب',
  message: 'شهادتي عن الاعتقال في فرع فلسطين، كتبتها بنفسي Testimony-7781',
  region: 'syria-northwest',
  gender: 'woman',
  disability: 'yes',
};

let service: LocalService;
let dataDir: string;
/** The form defences' clock: moved forward where a person would take their time. */
let later = 0;
const waitAsIfFilling = (ms: number) => {
  later += ms;
};
const lines: string[] = [];
const config = loadConfig({});

beforeAll(async () => {
  dataDir = freshDataDir();
  service = await startLocal(
    {
      ...config,
      dataDir,
      port: 0,
      protection: { ...config.protection, minFillSeconds: 4, submitsPerHourWithoutPow: 2 },
    },
    createLogger((line) => lines.push(line)),
    { retryIntervalMs: 1, redriveEveryMs: 0, escalateEveryMs: 0, purgeEveryMs: 0, now: () => Date.now() + later },
  );
});

afterAll(async () => {
  await service?.stop();
  if (dataDir) removeDataDir(dataDir);
});

async function form(path = '/en') {
  const html = await (await fetch(`${service.url}${path}`)).text();
  return {
    formToken: html.match(/name="formToken" value="([^"]+)"/)![1]!,
    formStamp: html.match(/name="formStamp" value="([^"]+)"/)![1]!,
  };
}

const post = (fields: Record<string, string>, path = '/en') =>
  fetch(`${service.url}${path}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });

const secrets: string[] = [];

describe('personal data and addresses', () => {
  it('drives every logging path with a person’s details', async () => {
    const first = await form();
    secrets.push(first.formToken);
    const fields = { ...first, addressee: 'both', topics: 'detainees', ...PERSON };
    expect((await post(fields)).status).toBe(400); // too fast
    expect((await post({ ...fields, website: PERSON.email })).status).toBe(400); // honeypot
    expect((await post({ ...fields, email: `${PERSON.email}\r\nBcc: x@example.org` })).status).toBe(400);
    expect((await post({ ...fields, message: 'x'.repeat(70_000) })).status).toBe(413);
    // The person takes their time (the defences' clock moves 4.1 s). A 4 s minimum, not 1: on a
    // loaded CI machine the page and the first post took over a second apart.
    waitAsIfFilling(4_100);

    const sent = await post(fields);
    expect(sent.status).toBe(303);
    const cookie = sent.headers.get('set-cookie')!.split(';')[0]!;
    secrets.push(cookie.split('=')[1]!.split('.')[1]!); // the receipt code
    expect((await fetch(new URL(sent.headers.get('location')!, service.url), { headers: { cookie } })).status).toBe(
      200,
    );

    const second = await form();
    const third = await form();
    waitAsIfFilling(4_100);
    expect((await post({ ...fields, ...second })).status).toBe(303);
    expect((await post({ ...fields, ...third })).status).toBe(429); // over the no-JavaScript limit

    await service.workflow.idle();
    const mail = (await (await fetch(`${service.url}/dev/mail.json`)).json()) as { to: string[] }[];
    expect(mail.some((email) => email.to.includes(PERSON.email))).toBe(true);

    // Retention, with its own log line: a closed submission well past the period.
    const store = createSubmissionStore(
      createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint }),
      config.tableName,
    );
    const token = newFormToken();
    const long = new Date(Date.now() - 400 * 86_400_000).toISOString();
    await store.create({
      reference: referenceFromToken(token),
      tokenHash: tokenHash(token),
      receiptHash: 'ab',
      language: 'en',
      addressee: 'ose',
      topics: ['other'],
      urgent: false,
      message: PERSON.message,
      hasEmail: true,
      contactCiphertext: 'AAAA',
      status: 'closed',
      statusChangedAt: long,
      createdAt: long,
      version: 1,
    });
    expect((await service.purge.purge()).erased).toBe(1);

    const events = lines.map((line) => JSON.parse(line).event as string);
    for (const event of [
      'submission.refused',
      'submission.created',
      'mail.sent',
      'workflow.succeeded',
      'sweep.purge',
    ]) {
      expect(events, event).toContain(event);
    }
  });

  it('wrote none of it to the log, nor any IP address, receipt code or form token', () => {
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(8);
    for (const value of [...Object.values(PERSON).filter((v) => v.length > 5), 'Testimony-7781', ...secrets]) {
      expect(log, value).not.toContain(value);
    }
    expect(log).not.toContain('amal');
    expect(log).not.toMatch(/\b127\.0\.0\.1\b|::1\b|::ffff:|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(entry)).not.toContain('ip');
    }
  });

  it('stored no IP address and no contact detail in plain text anywhere in the table', async () => {
    const client = createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint });
    const { Items = [] } = await client.send(new ScanCommand({ TableName: config.tableName }));
    client.destroy();
    const raw = JSON.stringify(Items);
    expect(Items.length).toBeGreaterThan(3);
    expect(raw).toContain('RATE#'); // the rate limits were counted…
    expect(raw).not.toMatch(/\b127\.0\.0\.1\b|::1\b|::ffff:|localhost/); // …under a hash, not the address
    expect(raw).not.toContain(PERSON.email);
    expect(raw).not.toContain(PERSON.organisation);
    for (const secret of secrets) expect(raw).not.toContain(secret);
  });
});
