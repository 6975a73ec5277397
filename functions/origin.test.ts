import { describe, expect, it } from 'vitest';
import { CLIENT_HEADER, fromCloudFront, ORIGIN_HEADER, viewerAddress } from './origin.ts';

type Event = { headers?: Record<string, string | undefined> | null; body?: string };

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

  it('without a configured token, drops the client header (it could be forged)', async () => {
    const { seen, handler } = recorder();
    const wrapped = fromCloudFront(handler, undefined);
    await wrapped({ headers: { [CLIENT_HEADER]: '198.51.100.7', [ORIGIN_HEADER]: 'anything', accept: '*/*' } });
    expect(seen[0]?.headers).toEqual({ accept: '*/*' });
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
