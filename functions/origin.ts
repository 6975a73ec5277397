import { createHash, timingSafeEqual } from 'node:crypto';
import { createLogger } from '#log';
import type { StreamingHandler } from './lambda-http.ts';

const log = createLogger();

/**
 * In AWS the web functions sit behind one CloudFront distribution (stacks/Web.ts) and are
 * reachable only through it: CloudFront adds a secret origin token to every request it
 * forwards, and a request without it is refused here, before the app sees it. That keeps the
 * WAF, the edge payload limit and the client address honest: the `x-mashura-client` header
 * (set by a CloudFront Function from the viewer's address) is believed only on a request that
 * carried the token, and so is `x-mashura-host`. With no token configured (never the case in
 * AWS) both headers are dropped.
 */
export const ORIGIN_HEADER = 'x-mashura-origin';
export const CLIENT_HEADER = 'x-mashura-client';
/**
 * The host the viewer asked for (CloudFront sends the function URL's own host upstream). Put
 * back on the event so the app's absolute URLs (e.g. the staff sign-in resume link) point at
 * the site, not at the function URL, which would refuse the browser.
 */
export const HOST_HEADER = 'x-mashura-host';
const HOST = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:\d{1,5})?$/i;

interface HeaderEvent {
  headers?: Record<string, string | undefined> | null;
  requestContext?: Record<string, unknown>;
}

const FORBIDDEN = {
  statusCode: 403,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: 'Forbidden',
  isBase64Encoded: false,
};

const digest = (value: string) => createHash('sha256').update(value).digest();

function tokenMatches(given: string | undefined, expected: string): boolean {
  // Equal-length digests: the comparison takes the same time whatever was sent.
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

/** Header names in function URL and HTTP API events are lower-case; be safe with others. */
function take(headers: Record<string, string | undefined>, name: string): string | undefined {
  let value: string | undefined;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      value ??= headers[key];
      delete headers[key];
    }
  }
  return value;
}

// biome-ignore lint/suspicious/noExplicitAny: any Lambda HTTP handler (hono/aws-lambda's is generic over its event)
type HttpHandler = (event: any, context?: any) => Promise<unknown>;

/**
 * The event as the app may see it, or undefined when it did not come through CloudFront.
 * During a rotation of the origin token (docs/deploy.md) the previous token is accepted too,
 * until CloudFront everywhere sends the new one.
 */
export function admitFromCloudFront<E>(event: E, tokens: readonly string[]): E | undefined {
  const { headers: original, requestContext } = event as HeaderEvent;
  const headers = { ...(original ?? {}) };
  const given = take(headers, ORIGIN_HEADER);
  const client = take(headers, CLIENT_HEADER);
  const host = take(headers, HOST_HEADER);
  let forwarded: HeaderEvent = { ...(event as HeaderEvent), headers };
  if (tokens.length > 0) {
    // Every token is compared (no early exit), so the time says nothing about which matched.
    const matched = tokens.map((token) => tokenMatches(given, token)).includes(true);
    if (!matched) {
      // Counted by a metric filter (stacks/Monitoring.ts): a spike means a rotation went wrong
      // or someone is calling the function URL directly. Nothing of the request is logged.
      log('origin.refused');
      return undefined;
    }
    if (client) headers[CLIENT_HEADER] = client;
    if (host && HOST.test(host)) {
      headers.host = host;
      // hono/aws-lambda builds the request URL from requestContext.domainName first.
      if (requestContext) forwarded = { ...forwarded, requestContext: { ...requestContext, domainName: host } };
    }
  }
  return forwarded as E;
}

/** The origin tokens the functions accept: the current one, and the previous during a rotation. */
export function originTokens(env: Record<string, string | undefined> = process.env): string[] {
  return [env.MASHURA_ORIGIN_TOKEN, env.MASHURA_ORIGIN_TOKEN_PREVIOUS].filter(
    (token): token is string => typeof token === 'string' && token.length > 0,
  );
}

export function fromCloudFront<H extends HttpHandler>(
  handler: H,
  tokens: string | readonly string[] = originTokens(),
): (event: Parameters<H>[0], context?: Parameters<H>[1]) => Promise<Awaited<ReturnType<H>> | typeof FORBIDDEN> {
  const accepted = typeof tokens === 'string' ? [tokens] : tokens;
  return async (event, context): Promise<Awaited<ReturnType<H>> | typeof FORBIDDEN> => {
    const forwarded = admitFromCloudFront(event, accepted);
    if (!forwarded) return FORBIDDEN;
    const result: unknown = await handler(forwarded, context);
    return result as Awaited<ReturnType<H>>;
  };
}

/**
 * The same gate for a response-streaming handler (the staff function: exports larger than
 * Lambda's 6 MB buffered limit). `streamHandle` already marked `handler` as streaming; the
 * gate is marked again, and answers 403 on the stream itself.
 */
export function fromCloudFrontStreaming(
  handler: StreamingHandler,
  tokens: readonly string[] = originTokens(),
): StreamingHandler {
  return awslambda.streamifyResponse(async (event, responseStream, context) => {
    const forwarded = admitFromCloudFront(event, tokens);
    if (forwarded) return handler(forwarded, responseStream, context);
    const out = awslambda.HttpResponseStream.from(responseStream, {
      statusCode: FORBIDDEN.statusCode,
      headers: FORBIDDEN.headers,
    });
    out.end(FORBIDDEN.body);
  });
}

/** The viewer's address as CloudFront saw it, when the request came through CloudFront. */
export function viewerAddress(header: (name: string) => string | undefined): string | undefined {
  const value = header(CLIENT_HEADER)?.trim();
  return value ? value : undefined;
}
