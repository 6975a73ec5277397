import type { AddressInfo } from 'node:net';
import type { SendEmailCommand } from '@aws-sdk/client-sesv2';
import sesServer from 'aws-ses-v2-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidEmailError, MailError } from './errors.ts';
import { renderInboxEmail } from './inbox.ts';
import { createSesSender, type OutgoingEmail, type SesClientLike } from './send.ts';
import { HOSTILE_TEXT, inboxInput } from './test-fixtures.ts';

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: ['ose-inbox@ose.example'],
  from: 'no-reply@mashura.example',
  subject: 'New input · ABCD-2345-WXYZ',
  html: '<!DOCTYPE html><html lang="en"><body><p>Hello</p></body></html>',
  text: 'Hello\n',
  ...overrides,
});

function fakeClient(outcome: () => Promise<{ MessageId?: string }> = async () => ({ MessageId: 'fake-1' })) {
  const commands: SendEmailCommand[] = [];
  const client: SesClientLike = {
    send: async (command) => {
      commands.push(command);
      return outcome();
    },
  };
  return { client, commands };
}

describe('the SES sender', () => {
  it('sends Simple content with HTML and plain-text parts in UTF-8', async () => {
    const { client, commands } = fakeClient();
    const sender = createSesSender({ region: 'eu-central-1', client, configurationSetName: 'mashura-mail' });
    await expect(sender.send(email({ subject: 'عاجل / Urgent · ABCD-2345-WXYZ' }))).resolves.toEqual({
      messageId: 'fake-1',
    });
    expect(commands).toHaveLength(1);
    expect(commands[0]!.input).toEqual({
      FromEmailAddress: 'no-reply@mashura.example',
      Destination: { ToAddresses: ['ose-inbox@ose.example'] },
      Content: {
        Simple: {
          Subject: { Data: 'عاجل / Urgent · ABCD-2345-WXYZ', Charset: 'UTF-8' },
          Body: {
            Html: { Data: email().html, Charset: 'UTF-8' },
            Text: { Data: 'Hello\n', Charset: 'UTF-8' },
          },
        },
      },
      ConfigurationSetName: 'mashura-mail',
    });
  });

  it('refuses CR/LF in a recipient, the sender or the subject before calling SES', async () => {
    const { client, commands } = fakeClient();
    const sender = createSesSender({ region: 'eu-central-1', client });
    const cases: [string, Partial<OutgoingEmail>][] = [
      ['to[1]', { to: ['ose-inbox@ose.example', 'victim@example.org\r\nBcc: other@example.org'] }],
      ['to[0]', { to: ['victim@example.org\n'] }],
      ['from', { from: 'no-reply@mashura.example\r\nBcc: other@example.org' }],
      ['subject', { subject: 'Hello\r\nBcc: other@example.org' }],
      ['subject', { subject: 'Hello\u2028world' }],
      ['subject', { subject: 'Hello\u0000' }],
    ];
    for (const [field, overrides] of cases) {
      const error = await sender.send(email(overrides)).catch((caught: unknown) => caught);
      expect(error, field).toBeInstanceOf(InvalidEmailError);
      expect((error as InvalidEmailError).name).toBe('InvalidEmail');
      expect((error as InvalidEmailError).field).toBe(field);
      expect((error as Error).message).not.toContain('@');
    }
    expect(commands).toHaveLength(0);
  });

  it('refuses addresses that are not email addresses, and missing or too many recipients', async () => {
    const { client, commands } = fakeClient();
    const sender = createSesSender({ region: 'eu-central-1', client });
    for (const overrides of [
      { to: ['not-an-address'] },
      { to: ['Name <person@example.org>'] },
      { to: ['person@'] },
      { from: 'Mashura' },
      { to: [] },
      { to: Array.from({ length: 51 }, (_, i) => `inbox${i}@ose.example`) },
      { subject: '' },
      { html: '', text: '' },
    ]) {
      await expect(sender.send(email(overrides)), JSON.stringify(overrides).slice(0, 60)).rejects.toBeInstanceOf(
        InvalidEmailError,
      );
    }
    expect(commands).toHaveLength(0);
  });

  it('throws classified errors: throttling is MailThrottled, a rejection MailRejected', async () => {
    const throttled = fakeClient(async () => {
      throw Object.assign(new Error('Too many requests'), {
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      });
    });
    await expect(
      createSesSender({ region: 'eu-central-1', client: throttled.client }).send(email()),
    ).rejects.toMatchObject({
      name: 'MailThrottled',
      transient: true,
    });
    const rejected = fakeClient(async () => {
      throw Object.assign(new Error('Email address is not verified: ose-inbox@ose.example'), {
        name: 'MessageRejected',
        $metadata: { httpStatusCode: 400 },
      });
    });
    const error = await createSesSender({ region: 'eu-central-1', client: rejected.client })
      .send(email())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({ name: 'MailRejected', transient: false });
    expect((error as Error).message).not.toContain('ose-inbox@ose.example');
  });
});

describe('the SES sender against aws-ses-v2-local', () => {
  let server: Awaited<ReturnType<typeof sesServer>>;
  let endpoint: string;

  beforeAll(async () => {
    server = await sesServer({ host: '127.0.0.1', port: 0 });
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers a rendered inbox email with hostile text to exactly its recipient, subject on one line', async () => {
    const mail = renderInboxEmail(
      inboxInput({ message: HOSTILE_TEXT, reference: 'ABCD2345WXYZ\r\nBcc: x@example.org' }),
    );
    const sender = createSesSender({ region: 'eu-central-1', endpoint });
    const { messageId } = await sender.send({
      to: ['ose-inbox@ose.example'],
      from: 'no-reply@mashura.example',
      ...mail,
    });
    expect(messageId).toMatch(/^ses-/);

    const store = (await (await fetch(`${endpoint}/store`)).json()) as {
      emails: {
        messageId: string;
        destination: { to: string[]; cc: string[]; bcc: string[] };
        subject: string;
        body: { html?: string; text?: string };
      }[];
    };
    const stored = store.emails.find((candidate) => candidate.messageId === messageId);
    expect(stored).toBeDefined();
    expect(stored!.destination).toEqual({ to: ['ose-inbox@ose.example'], cc: [], bcc: [] });
    expect(stored!.subject).toBe(mail.subject);
    expect(stored!.subject).not.toMatch(/[\r\n]/);
    expect(stored!.body.html).toBe(mail.html);
    expect(stored!.body.text).toBe(mail.text);
  });

  it('reports an endpoint that does not answer as MailUnavailable (transient)', async () => {
    const closed = await sesServer({ host: '127.0.0.1', port: 0 });
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sender = createSesSender({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${port}` });
    await expect(sender.send(email())).rejects.toMatchObject({
      name: 'MailUnavailable',
      transient: true,
      providerError: 'ECONNREFUSED',
    });
  });
});
