import {
  AccountSuspendedException,
  BadRequestException,
  InternalServiceErrorException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import {
  classifySesError,
  isTransientMailError,
  MAIL_REJECTED,
  MAIL_THROTTLED,
  MAIL_UNAVAILABLE,
  MailError,
  TRANSIENT_MAIL_ERRORS,
} from './errors.ts';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...extra });

describe('SES errors', () => {
  it('use the names the intake workflow retries on', () => {
    expect([MAIL_THROTTLED, MAIL_UNAVAILABLE, MAIL_REJECTED]).toEqual([
      'MailThrottled',
      'MailUnavailable',
      'MailRejected',
    ]);
    expect(TRANSIENT_MAIL_ERRORS).toEqual(['MailThrottled', 'MailUnavailable']);
  });

  it('map throttling (429 or a throttling name) to MailThrottled, which is transient', () => {
    for (const error of [
      new TooManyRequestsException({ message: 'Too many requests', ...metadata(429) }),
      named('TooManyRequestsException'),
      named('ThrottlingException', metadata(400)),
      named('Throttling'),
      named('SomethingNew', metadata(429)),
      named('SomethingNew', { $retryable: { throttling: true } }),
    ]) {
      const mapped = classifySesError(error);
      expect(mapped.name, String(error.name)).toBe('MailThrottled');
      expect(mapped.transient).toBe(true);
      expect(isTransientMailError(mapped)).toBe(true);
    }
  });

  it('map server faults, timeouts and network failures to MailUnavailable, which is transient', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    for (const error of [
      new InternalServiceErrorException({ message: 'Internal', ...metadata(500) }),
      named('ServiceUnavailable', metadata(503)),
      named('Unknown', metadata(502)),
      named('TimeoutError'),
      refused,
      new Error('fetch failed', { cause: refused }),
      named('Weird', { $fault: 'server' }),
      new Error('no response at all'),
      'a string was thrown',
    ]) {
      const mapped = classifySesError(error);
      expect(mapped.name, String(error)).toBe('MailUnavailable');
      expect(isTransientMailError(mapped)).toBe(true);
    }
  });

  it('map any other answer from SES to MailRejected, which retrying cannot fix', () => {
    for (const error of [
      new MessageRejected({ message: 'Email address is not verified', ...metadata(400) }),
      new BadRequestException({ message: 'Bad', ...metadata(400) }),
      new SendingPausedException({ message: 'Paused', ...metadata(400) }),
      new AccountSuspendedException({ message: 'Suspended', ...metadata(400) }),
      new MailFromDomainNotVerifiedException({ message: 'Not verified', ...metadata(400) }),
      named('AccessDeniedException', metadata(403)),
      named('MessageRejected'),
    ]) {
      const mapped = classifySesError(error);
      expect(mapped.name, String(error.name)).toBe('MailRejected');
      expect(mapped.transient).toBe(false);
      expect(isTransientMailError(mapped)).toBe(false);
    }
  });

  it('keep the provider’s error and status for logs, but never an email address', () => {
    const mapped = classifySesError(
      new MessageRejected({
        message: 'Email address is not verified. The following identities failed the check: amal@example.org',
        ...metadata(400),
      }),
    );
    expect(mapped).toBeInstanceOf(MailError);
    expect(mapped.providerError).toBe('MessageRejected');
    expect(mapped.httpStatus).toBe(400);
    expect(mapped.message).toContain('MailRejected: MessageRejected (HTTP 400)');
    expect(mapped.message).not.toContain('amal@example.org');
  });

  it('are classified once: a MailError passes through unchanged', () => {
    const original = new MailError(MAIL_THROTTLED, { providerError: 'Throttling' });
    expect(classifySesError(original)).toBe(original);
  });
});
