import type { SendEmailCommand, SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import * as z from 'zod/mini';
import { classifySesError, InvalidEmailError } from './errors.ts';

export {
  classifySesError,
  INVALID_EMAIL,
  InvalidEmailError,
  isTransientMailError,
  MAIL_REJECTED,
  MAIL_THROTTLED,
  MAIL_UNAVAILABLE,
  MailError,
  type MailErrorName,
  TRANSIENT_MAIL_ERRORS,
} from './errors.ts';

export interface OutgoingEmail {
  to: string[];
  from: string;
  subject: string;
  html: string;
  text: string;
}

export interface MailSender {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** The one call the sender makes; SESv2Client satisfies it, and tests can pass a fake. */
export interface SesClientLike {
  send(command: SendEmailCommand): Promise<Pick<SendEmailCommandOutput, 'MessageId'>>;
}

export interface SesSenderOptions {
  region: string;
  /** aws-ses-v2-local (or any SES-compatible endpoint); unset in AWS. */
  endpoint?: string | undefined;
  /** The SES configuration set (event publishing, suppression); unset locally. */
  configurationSetName?: string | undefined;
  /**
   * Attempts per send inside the SDK. The workflow owns retries (with backoff, visible in
   * its history), so by default the SDK does not retry as well.
   */
  maxAttempts?: number;
  /** Replaces the SES client (tests). */
  client?: SesClientLike;
}

/** SES accepts at most 50 recipients per message. */
export const MAX_RECIPIENTS = 50;

const address = z.email();
/** Anything that could end or fold a header line, or hide in one. */
const HEADER_BREAKING = /[\p{Cc}\u2028\u2029]/u;

function checkHeader(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new InvalidEmailError(field, 'missing');
  if (HEADER_BREAKING.test(value)) throw new InvalidEmailError(field, 'contains a line break or control character');
  return value;
}

function checkAddress(field: string, value: unknown): string {
  const checked = checkHeader(field, value);
  if (!address.safeParse(checked).success) throw new InvalidEmailError(field, 'not an email address');
  return checked;
}

/** Refuses anything that could inject headers or reach the wrong people, before any I/O. */
export function validateOutgoingEmail(email: OutgoingEmail): OutgoingEmail {
  if (!Array.isArray(email.to) || email.to.length === 0) throw new InvalidEmailError('to', 'no recipient');
  if (email.to.length > MAX_RECIPIENTS) throw new InvalidEmailError('to', `more than ${MAX_RECIPIENTS} recipients`);
  const to = email.to.map((value, index) => checkAddress(`to[${index}]`, value));
  const from = checkAddress('from', email.from);
  const subject = checkHeader('subject', email.subject);
  if (typeof email.html !== 'string' || typeof email.text !== 'string' || (email.html === '' && email.text === '')) {
    throw new InvalidEmailError('body', 'missing');
  }
  return { to, from, subject, html: email.html, text: email.text };
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Sends through the SES v2 API: in AWS with the function's role, locally against
 * aws-ses-v2-local (any credentials do). Errors come out classified (see classifySesError)
 * so the workflow can tell "try again later" from "this will never work".
 */
export function createSesSender(options: SesSenderOptions): MailSender {
  // The SES client is imported on the first send: a task that sends nothing (most of them)
  // never evaluates it (docs/performance.md, "Cold starts").
  let sdk: Promise<typeof import('@aws-sdk/client-sesv2')> | undefined;
  let client: Promise<SesClientLike> | undefined;
  const load = () => {
    sdk ??= import('@aws-sdk/client-sesv2');
    client ??= options.client
      ? Promise.resolve(options.client)
      : sdk.then(
          ({ SESv2Client }) =>
            new SESv2Client({
              region: options.region,
              maxAttempts: options.maxAttempts ?? 1,
              requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
              ...(options.endpoint ? { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
            }),
        );
    return Promise.all([sdk, client]);
  };

  return {
    async send(email) {
      const { to, from, subject, html, text } = validateOutgoingEmail(email);
      const [{ SendEmailCommand }, ses] = await load();
      const command = new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: to },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: {
              ...(html ? { Html: { Data: html, Charset: 'UTF-8' } } : {}),
              ...(text ? { Text: { Data: text, Charset: 'UTF-8' } } : {}),
            },
          },
        },
        ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
      });
      let output: Pick<SendEmailCommandOutput, 'MessageId'>;
      try {
        output = await ses.send(command);
      } catch (error) {
        throw classifySesError(error);
      }
      return { messageId: output.MessageId ?? '' };
    },
  };
}
