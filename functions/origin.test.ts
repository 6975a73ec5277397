import { describe, expect, it } from 'vitest';
import { CLIENT_HEADER, fromCloudFront, HOST_HEADER, ORIGIN_HEADER, viewerAddress } from './origin.ts';

type Event = {
  headers?: Record<string, string | undefined> | null;
  body?: string;
  requestContext?: Record<string, unknown>;
};

function recorder() {
  const seen: Event[] = [];
  const handler = async (event: Event) => {
    seen.push(event);
    return { statusCode: 200, body: 'ok' };
  };
  return { seen, handler };
}

describe('fromCloudFront', () => {
  const token = 'x'.repeat(48);

  it('refuses a request without the origin token, before the app sees it', async () => {
    const { seen, handler } = recorder();
    const wrapped = fromCloudFront(handler, token);
    const result = await wrapped({ headers: { [CLIENT_HEADER]: '203.0.113.9' } });
    expect(result).toMatchObject({ statusCode: 403, body: 'Forbidden' });
    expect(seen).toEqual([]);
  });

  it('refuses a wrong token, including one that is a prefix of the right one', async () => {
    const { seen, handler } = recorder();
    const wrapped = fromCloudFront(handler, token);
    for (const wrong of ['', token.slice(0, -1), `${token}x`, token.toUpperCase().replace(/X/g, 'y')]) {
      expect(await wrapped({ headers: { [ORIGIN_HEADER]: wrong } })).toMatchObject({ statusCode: 403 });
    }
    expect(seen).toEqual([]);
  });

  it('passes a request with the token, without the token, keeping the client address', async () => {
    const { seen, handler } = recorder();
    const wrapped = fromCloudFront(handler, token);
    const result = await wrapped({
      headers: { [ORIGIN_HEADER]: token, [CLIENT_HEADER]: '2001:db8::1', accept: 'text/html' },
      body: 'b',
    });
    expect(result).toEqual({ statusCode: 200, body: 'ok' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers).toEqual({ [CLIENT_HEADER]: '2001:db8::1', accept: 'text/html' });
    expect(seen[0]?.body).toBe('b');
  });

  it('matches header names case-insensitively and never forwards a second copy', async () => {
    const { seen, handler } = recorder();
    const wrapped = fromCloudFront(handler, token);
    await wrapped({ headers: { 'X-Mashura-Origin': token, 'X-Mashura-Client': '198.51.100.7' } });
    expect(seen[0]?.headers).toEqual({ [CLIENT_HEADER]: '198.51.100.7' });
  });

  it('puts the host the viewer asked for back on the event (hono builds URLs from requestContext.domainName)', async () => {
    const { seen, handler } = recorder();
    const wrapped = fromCloudFront(handler, token);
    await wrapped({
      headers: {
        [ORIGIN_HEADER]: token,
        [HOST_HEADER]: 'feedback.example.org',
        host: 'abc.lambda-url.eu-central-1.on.aws',
      },
      requestContext: { domainName: 'abc.lambda-url.eu-central-1.on.aws', http: { method: 'GET' } },
    });
    expect(seen[0]?.headers).toEqual({ host: 'feedback.example.org' });
    expect(seen[0]?.requestContext).toEqual({ domainName: 'feedback.example.org', http: { method: 'GET' } });
  });

  it('ignores a host that is not a host name', async () => {
    const { seen, handler } = recorder();
    const wrapped = fromCloudFront(handler, token);
    for (const bad of ['evil.example/path', 'a b', '', 'x'.repeat(300), 'host:99999999']) {
      await wrapped({
        headers: { [ORIGIN_HEADER]: token, [HOST_HEADER]: bad, host: 'fn.example' },
        requestContext: { domainName: 'fn.example' },
      });
    }
    for (const event of seen) {
      expect(event.headers).toEqual({ host: 'fn.example' });
      expect(event.requestContext).toEqual({ domainName: 'fn.example' });
    }
  });

  it('without a configured token, drops the client header (it could be forged)', async () => {
    const { seen, handler } = recorder();
    const wrapped = fromCloudFront(handler, undefined);
    await wrapped({
      headers: {
        [CLIENT_HEADER]: '198.51.100.7',
        [ORIGIN_HEADER]: 'anything',
        [HOST_HEADER]: 'x.example',
        accept: '*/*',
      },
      requestContext: { domainName: 'fn.example' },
    });
    expect(seen[0]?.headers).toEqual({ accept: '*/*' });
    expect(seen[0]?.requestContext).toEqual({ domainName: 'fn.example' });
  });

  it('copes with an event without headers', async () => {
    const { seen, handler } = recorder();
    expect(await fromCloudFront(handler, token)({ headers: null })).toMatchObject({ statusCode: 403 });
    await fromCloudFront(handler, undefined)({});
    expect(seen[0]?.headers).toEqual({});
  });
});

describe('viewerAddress', () => {
  it('reads the client header, or nothing', () => {
    expect(viewerAddress((name) => (name === CLIENT_HEADER ? ' 203.0.113.9 ' : undefined))).toBe('203.0.113.9');
    expect(viewerAddress(() => undefined)).toBeUndefined();
    expect(viewerAddress(() => '  ')).toBeUndefined();
  });
});
