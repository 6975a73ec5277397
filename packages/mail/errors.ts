import { redactAddresses } from './text.ts';

/**
 * Error names the intake workflow matches on (Step Functions reads a Lambda error's
 * `name`): the first two are transient and retried with backoff, the others are final.
 */
export const MAIL_THROTTLED = 'MailThrottled';
export const MAIL_UNAVAILABLE = 'MailUnavailable';
export const MAIL_REJECTED = 'MailRejected';
export const INVALID_EMAIL = 'InvalidEmail';

export const TRANSIENT_MAIL_ERRORS: readonly string[] = [MAIL_THROTTLED, MAIL_UNAVAILABLE];

export type MailErrorName = typeof MAIL_THROTTLED | typeof MAIL_UNAVAILABLE | typeof MAIL_REJECTED;

/** A failed send, classified. The message never carries an address (it ends up in logs and alerts). */
export class MailError extends Error {
  override readonly name: MailErrorName;
  /** Whether trying again later may succeed. */
  readonly transient: boolean;
  /** The provider's error name and HTTP status, for logs. */
  readonly providerError: string;
  readonly httpStatus: number | undefined;

  constructor(name: MailErrorName, detail: { providerError: string; httpStatus?: number; message?: string }) {
    const status = detail.httpStatus === undefined ? '' : ` (HTTP ${detail.httpStatus})`;
    const message = detail.message ? `: ${redactAddresses(detail.message).slice(0, 500)}` : '';
    super(`${name}: ${detail.providerError}${status}${message}`);
    this.name = name;
    this.transient = name !== MAIL_REJECTED;
    this.providerError = detail.providerError;
    this.httpStatus = detail.httpStatus;
  }
}

/** An email that must not be sent as it is: a bad address, or a header value with line breaks. */
export class InvalidEmailError extends Error {
  override readonly name = INVALID_EMAIL;
  /** Which field was wrong, e.g. "to[0]" or "subject"; never its value. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`Invalid email ${field}: ${problem}`);
    this.field = field;
  }
}

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

const UNAVAILABLE = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServiceError',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'NetworkingError',
  'AbortError',
]);

/** SES answers that say "no" for good: retrying the same email cannot help. */
const REJECTED = new Set([
  'MessageRejected',
  'BadRequestException',
  'SendingPausedException',
  'AccountSuspendedException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
  'LimitExceededException',
  'ValidationException',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $fault?: unknown;
  $retryable?: { throttling?: boolean } | unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const shape = (error: unknown): ErrorShape =>
  typeof error === 'object' && error !== null ? (error as ErrorShape) : {};

function networkCode(error: ErrorShape): string | undefined {
  for (let current: ErrorShape | undefined = error, depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string' && NETWORK_CODES.has(current.code)) return current.code;
    current = current.cause === undefined ? undefined : shape(current.cause);
  }
  return undefined;
}

/**
 * Maps whatever the SES client threw to a MailError: throttling (429 or a throttling
 * error name) → MailThrottled; a server fault (5xx), a timeout or a network failure, or
 * no answer at all → MailUnavailable; any other answer from SES (bad request, rejected
 * message, paused sending, unverified identity…) → MailRejected, which retrying cannot fix.
 */
export function classifySesError(error: unknown): MailError {
  if (error instanceof MailError) return error;
  const e = shape(error);
  const providerError = typeof e.name === 'string' && e.name !== '' ? e.name : 'UnknownError';
  const rawStatus = e.$metadata?.httpStatusCode;
  const httpStatus = typeof rawStatus === 'number' ? rawStatus : undefined;
  const detail = {
    providerError,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(typeof e.message === 'string' ? { message: e.message } : {}),
  };
  const retryable = typeof e.$retryable === 'object' && e.$retryable !== null ? e.$retryable : undefined;

  if (httpStatus === 429 || THROTTLING.has(providerError) || (retryable as { throttling?: boolean })?.throttling) {
    return new MailError(MAIL_THROTTLED, detail);
  }
  if (REJECTED.has(providerError)) return new MailError(MAIL_REJECTED, detail);
  if (
    (httpStatus !== undefined && httpStatus >= 500) ||
    UNAVAILABLE.has(providerError) ||
    networkCode(e) !== undefined ||
    e.$fault === 'server' ||
    retryable !== undefined
  ) {
    return new MailError(MAIL_UNAVAILABLE, { ...detail, providerError: networkCode(e) ?? providerError });
  }
  // An answer from SES that is not a server fault is final; no answer at all is not.
  if (httpStatus !== undefined) return new MailError(MAIL_REJECTED, detail);
  return new MailError(MAIL_UNAVAILABLE, detail);
}

export const isTransientMailError = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  TRANSIENT_MAIL_ERRORS.includes((error as { name?: string }).name ?? '');
