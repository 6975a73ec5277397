/**
 * Faults and load, bounded and on loopback:
 * - 500 people send at once over HTTP to the real app (composeWeb behind @hono/node-server),
 *   many of them sending again (double clicks, retries after a dropped connection, a later
 *   resubmit): exactly 500 stored, none twice, none lost.
 * - DynamoDB throttling and timeouts on 10% of calls: retried by the SDK, or a clear "try
 *   again" page with the text kept, and the person's retry stores it exactly once.
 * - SES failing 30% of the time, after an outage: with the workflow's retries and the
 *   redrive sweep, every email is sent exactly once.
 * The totals are printed at the end of the file.
 */
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIntake,
  groupCode,
  loadConfig,
  newFormToken,
  referenceFromToken,
  routeSubmission,
  validateSubmission,
} from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createSesSender } from '#mail';
import { createSubmissionStore } from '#store';
import { startLocalSes } from '../../dev/ses.ts';
import { createLocalWorkflow, readWorkflow } from '../../dev/workflows.ts';
import { composeWeb } from '../../functions/compose.ts';
import { createIntakeTasks } from '../../functions/intake/tasks.ts';
import { createSweeps } from '../../functions/sweeps/sweeps.ts';
import { testTable } from '../support/dynamo.ts';
import { injectDynamoFaults, seededRandom } from '../support/faults.ts';
import { capturedEmails, faultySender } from '../support/mail.ts';

const base = loadConfig({});
const figures: Record<string, unknown> = {};

afterAll(() => {
  process.stdout.write(`\nfaults and load: ${JSON.stringify(figures)}\n`);
});

/** The production wiring on its own table, rate limits raised out of the way. */
function composeFor(table: Awaited<ReturnType<typeof testTable>>, sesEndpoint: string) {
  const config = {
    ...base,
    tableName: table.tableName,
    dynamodbEndpoint: table.endpoint,
    sesEndpoint,
    protection: { ...base.protection, minFillSeconds: 0, submitsPerHour: 1e9, submitsPerHourWithoutPow: 1e9 },
  };
  return composeWeb(
    config,
    { receiptSecret: 'load-secret', localContactKey: new Uint8Array(32).fill(8) },
    () => {},
    undefined,
    { clientAddress: (c) => getConnInfo(c).remote.address },
  );
}

async function submissionsIn(table: Awaited<ReturnType<typeof testTable>>) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: 'sk = :s',
        ExpressionAttributeValues: { ':s': 'SUBMISSION' },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items as { reference: string; message: string }[];
}

const formFields = (html: string) => ({
  formToken: html.match(/name="formToken" value="([^"]+)"/)![1]!,
  formStamp: html.match(/name="formStamp" value="([^"]+)"/)![1]!,
});

describe('500 people sending at once, with retries of the same form', () => {
  let table: Awaited<ReturnType<typeof testTable>>;
  let ses: Awaited<ReturnType<typeof startLocalSes>>;
  let server: ReturnType<typeof serve>;
  let url: string;

  beforeAll(async () => {
    [table, ses] = await Promise.all([testTable(), startLocalSes()]);
    const web = composeFor(table, ses.endpoint);
    server = serve({ fetch: web.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((done) => server.once('listening', () => done()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
    await ses.stop();
    await table.stop();
  });

  it('stores exactly 500, none twice, none lost, and every retry gets the same confirmation', async () => {
    const PEOPLE = 500;
    const random = seededRandom(500);
    const forms = [];
    for (let i = 0; i < PEOPLE; i += 50) {
      forms.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, PEOPLE - i) }, async () =>
            formFields(await (await fetch(`${url}/en`)).text()),
          ),
        )),
      );
    }

    let requests = 0;
    let aborted = 0;
    const send = async (body: URLSearchParams, abortAfterMs?: number) => {
      requests += 1;
      const controller = new AbortController();
      const timer = abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abortAfterMs);
      try {
        const response = await fetch(`${url}/en`, {
          method: 'POST',
          body,
          redirect: 'manual',
          signal: controller.signal,
        });
        await response.arrayBuffer();
        return { status: response.status, location: response.headers.get('location') };
      } catch (error) {
        if ((error as Error).name !== 'AbortError') throw error;
        aborted += 1;
        return { status: 0, location: null };
      } finally {
        clearTimeout(timer);
      }
    };

    const outcomes = await Promise.all(
      forms.map(async (form, i) => {
        const body = new URLSearchParams({
          ...form,
          addressee: 'both',
          topics: 'education',
          message: `person ${i}: نريد مدارس آمنة`,
        });
        const kind = random();
        const results = [];
        if (kind < 0.2) {
          // A double click: the same form twice, at once.
          results.push(...(await Promise.all([send(body), send(body)])));
        } else if (kind < 0.4) {
          // The connection drops before the answer arrives; the browser is told to try again.
          results.push(await send(body, Math.floor(random() * 30)));
          results.push(await send(body));
        } else if (kind < 0.5) {
          // Back and resubmit, a while later.
          results.push(await send(body));
          await new Promise((wait) => setTimeout(wait, Math.floor(random() * 50)));
          results.push(await send(body));
        } else results.push(await send(body));
        return { reference: referenceFromToken(form.formToken), results };
      }),
    );

    for (const { reference, results } of outcomes) {
      const answered = results.filter((result) => result.status !== 0);
      expect(answered.length, reference).toBeGreaterThan(0);
      for (const result of answered) {
        expect(result.status, reference).toBe(303);
        expect(result.location, reference).toBe(`/en/sent/${reference}`);
      }
    }
    const stored = await submissionsIn(table);
    const references = stored.map((item) => item.reference);
    expect(stored.length).toBe(PEOPLE);
    expect(new Set(references).size).toBe(PEOPLE);
    expect(new Set(references)).toEqual(new Set(outcomes.map((outcome) => outcome.reference)));
    figures.concurrent = { people: PEOPLE, requests, abortedMidFlight: aborted, stored: stored.length, duplicates: 0 };
  }, 180_000);
});

describe('DynamoDB throttling and timeouts on 10% of calls', () => {
  let table: Awaited<ReturnType<typeof testTable>>;
  let ses: Awaited<ReturnType<typeof startLocalSes>>;

  beforeAll(async () => {
    [table, ses] = await Promise.all([testTable(), startLocalSes()]);
  });
  afterAll(async () => {
    await ses.stop();
    await table.stop();
  });

  for (const outsideSdkRetries of [false, true]) {
    const where = outsideSdkRetries ? 'with no SDK retries left' : 'under the SDK’s retries';
    it(`stores every submission exactly once ${where}, and a refusal keeps the text and says to try again`, async () => {
      const web = composeFor(table, ses.endpoint);
      const faults = injectDynamoFaults(web.client, {
        rate: 0.1,
        random: seededRandom(outsideSdkRetries ? 11 : 10),
        outsideSdkRetries,
      });
      const PEOPLE = 120;
      let busyPages = 0;
      let attempts = 0;
      const sent: string[] = [];
      const person = async (i: number) => {
        const message = `fault ${outsideSdkRetries ? 'b' : 'a'}${i}: أريد أن يصل صوتي`;
        let fields = formFields(await (await web.app.request('/en')).text());
        const reference = referenceFromToken(fields.formToken);
        for (let attempt = 1; attempt <= 12; attempt++) {
          attempts += 1;
          const response = await web.app.request('/en', {
            method: 'POST',
            body: new URLSearchParams({ ...fields, addressee: 'ose', topics: 'education', message }),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          if (response.status === 303) {
            expect(response.headers.get('location')).toBe(`/en/sent/${reference}`);
            sent.push(reference);
            return;
          }
          const html = await response.text();
          expect(response.status, html.slice(0, 200)).toBe(503);
          expect(html).toContain('The service is busy. Nothing was saved and your text is still here');
          expect(html).toContain(`${message}</textarea>`);
          busyPages += 1;
          // The person presses "send" again on the page they were given: same form token.
          fields = formFields(html);
          expect(referenceFromToken(fields.formToken)).toBe(reference);
        }
        throw new Error(`person ${i} never got through`);
      };
      const queue = Array.from({ length: PEOPLE }, (_, i) => i);
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) await person(i);
        }),
      );
      faults.enabled = false;

      const mine = (await submissionsIn(table)).filter((item) =>
        item.message.startsWith(`fault ${outsideSdkRetries ? 'b' : 'a'}`),
      );
      expect(sent.length).toBe(PEOPLE);
      expect(mine.length).toBe(PEOPLE);
      expect(new Set(mine.map((item) => item.reference))).toEqual(new Set(sent));
      // About one call in ten faulted (a post makes two calls side by side now, three before).
      expect(faults.throttled + faults.timedOut).toBeGreaterThan(faults.calls * 0.05);
      if (outsideSdkRetries) expect(busyPages).toBeGreaterThan(0);
      figures[outsideSdkRetries ? 'dynamoFaultsNoSdkRetry' : 'dynamoFaults'] = {
        people: PEOPLE,
        posts: attempts,
        dynamoCalls: faults.calls,
        throttled: faults.throttled,
        timedOutAfterWrite: faults.timedOut,
        tryAgainPages: busyPages,
        stored: mine.length,
        lost: PEOPLE - mine.length,
      };
      web.client.destroy();
    }, 180_000);
  }
});

describe('SES failing 30% of the time, after an outage', () => {
  let table: Awaited<ReturnType<typeof testTable>>;
  let ses: Awaited<ReturnType<typeof startLocalSes>>;

  beforeAll(async () => {
    [table, ses] = await Promise.all([testTable(), startLocalSes()]);
  });
  afterAll(async () => {
    await ses.stop();
    await table.stop();
  });

  it('sends every email exactly once through the workflow’s retries and the redrive sweep', async () => {
    const store = createSubmissionStore(table.client, table.tableName);
    const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(3) }));
    const intake = createIntake({ repository: store, sealer: vault, receiptSecret: 's' });
    const random = seededRandom(30);
    let sends = 0;
    let injected = 0;
    const OUTAGE = 300;
    const mail = faultySender(createSesSender({ region: 'eu-central-1', endpoint: ses.endpoint }), () => {
      sends += 1;
      // SES is down for the first sends, then fails 30% of the time.
      if (sends <= OUTAGE || random() < 0.3) {
        injected += 1;
        return random() < 0.5 ? 'MailThrottled' : 'MailUnavailable';
      }
      return undefined;
    });
    const log = () => {};
    const tasks = createIntakeTasks({ store, mail, vault, config: base, log });
    const workflow = createLocalWorkflow(readWorkflow('intake'), tasks, { log, retryIntervalMs: 1 });

    const addressees = ['ose', 'donors', 'both', 'unsure'] as const;
    const submissions = [];
    for (let i = 0; i < 40; i++) {
      const validation = validateSubmission({
        formToken: newFormToken(),
        addressee: addressees[i % 4],
        topics: ['education'],
        message: `ses ${i}`,
        ...(i % 2 ? { email: `person${i}@example.org` } : {}),
      });
      if (!validation.ok) throw new Error('invalid');
      const result = await intake.submit(validation.value, i % 3 ? 'ar' : 'en');
      if (!result.ok) throw new Error('collision');
      submissions.push(result.record);
    }
    await Promise.all(submissions.map((record) => workflow.start(record.reference, { reference: record.reference })));
    await workflow.idle();

    // What the first pass left for the sweep: inbox emails, and acknowledgements held back for redrive.
    const leftOver = await store.listUnrouted(new Date(Date.now() + 3_600_000).toISOString(), 1000);
    const acknowledgementsLeft = leftOver.filter((record) => record.deliveryFailures?.acknowledgement).length;

    let rounds = 0;
    for (; rounds < 30; rounds++) {
      const pending = await store.listUnrouted(new Date(Date.now() + 3_600_000).toISOString(), 1000);
      if (pending.length === 0) break;
      const later = Date.now() + 10 * 60_000 + rounds * 1000;
      await createSweeps({ store, starter: workflow, mail, config: base, log, now: () => new Date(later) }).redrive();
      await workflow.idle();
    }

    const captured = await capturedEmails(ses.endpoint);
    let expectedEmails = 0;
    for (const record of submissions) {
      const code = groupCode(record.reference);
      const about = captured.filter((email) => `${email.subject}\n${email.text}`.includes(code));
      const inboxes = routeSubmission(record).inboxes.map((inbox) => base.inboxes[inbox]);
      const expected = [...inboxes, ...(record.hasEmail ? [`person${record.message.slice(4)}@example.org`] : [])];
      const delivered = about
        .filter((email) => !email.to.includes(base.operatorsEmail))
        .flatMap((email) => email.to)
        .sort();
      expect(delivered, record.reference).toEqual(expected.sort());
      expect((await store.get(record.reference))?.routing, record.reference).toBe('routed');
      expectedEmails += expected.length;
    }
    expect(rounds).toBeGreaterThan(0); // the outage outlasted the workflow's retries: redrive was needed
    figures.sesFaults = {
      submissions: submissions.length,
      emails: expectedEmails,
      sendAttempts: mail.attempts,
      failuresInjected: injected,
      leftForRedrive: leftOver.length,
      acknowledgementsLeftForRedrive: acknowledgementsLeft,
      redriveRounds: rounds,
      duplicates: 0,
      lost: 0,
    };
  }, 180_000);

  it('keeps a submission pending when its acknowledgement outlasts the retries, and redrive sends it once', async () => {
    const store = createSubmissionStore(table.client, table.tableName);
    const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(3) }));
    let ackAttempts = 0;
    const mail = faultySender(createSesSender({ region: 'eu-central-1', endpoint: ses.endpoint }), (email) => {
      if (!email.to.includes('late.ack@example.org')) return undefined;
      ackAttempts += 1;
      // Longer than the workflow's seven attempts, then SES is back.
      return ackAttempts <= 7 ? 'MailUnavailable' : undefined;
    });
    const log = () => {};
    const workflow = createLocalWorkflow(
      readWorkflow('intake'),
      createIntakeTasks({ store, mail, vault, config: base, log }),
      { log, retryIntervalMs: 1 },
    );
    const validation = validateSubmission({
      formToken: newFormToken(),
      addressee: 'ose',
      topics: ['education'],
      message: 'late acknowledgement',
      email: 'late.ack@example.org',
    });
    if (!validation.ok) throw new Error('invalid');
    const result = await createIntake({ repository: store, sealer: vault, receiptSecret: 's' }).submit(
      validation.value,
      'ar',
    );
    if (!result.ok) throw new Error('collision');
    await workflow.start(result.reference, { reference: result.reference });
    await workflow.idle();

    const waiting = await store.get(result.reference);
    expect(waiting?.routing).toBe('pending');
    expect(waiting?.deliveryFailures?.acknowledgement?.error).toBe('MailUnavailable');
    expect(waiting?.deliveries?.['inbox-ose']?.state).toBe('sent');

    const later = Date.now() + 10 * 60_000;
    await createSweeps({ store, starter: workflow, mail, config: base, log, now: () => new Date(later) }).redrive();
    await workflow.idle();
    const code = groupCode(result.reference);
    const about = (await capturedEmails(ses.endpoint)).filter(
      (email) => `${email.subject}\n${email.text}`.includes(code) && !email.to.includes(base.operatorsEmail),
    );
    expect(about.flatMap((email) => email.to).sort()).toEqual([base.inboxes.ose, 'late.ack@example.org'].sort());
    expect((await store.get(result.reference))?.routing).toBe('routed');
  }, 60_000);
});
