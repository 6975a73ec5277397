import { describe, expect, it } from 'vitest';
import { clientKey, clientNetwork } from './client-key.ts';

describe('client keys for rate limits', () => {
  const day = new Date('2026-11-29T10:00:00Z');
  it('are stable within a day and never contain the address', () => {
    expect(clientKey('s', '203.0.113.9', day)).toBe(clientKey('s', '203.0.113.9', new Date('2026-11-29T23:59:00Z')));
    expect(clientKey('s', '203.0.113.9', day)).not.toContain('203');
  });
  it('change with the day and with the secret, so old keys cannot be linked', () => {
    expect(clientKey('s', '203.0.113.9', day)).not.toBe(
      clientKey('s', '203.0.113.9', new Date('2026-11-30T00:00:00Z')),
    );
    expect(clientKey('s', '203.0.113.9', day)).not.toBe(clientKey('t', '203.0.113.9', day));
  });
});

describe('IPv6 clients are keyed by their /64 (finding 3 of issue 12)', () => {
  const day = new Date('2026-11-29T10:00:00Z');
  it('gives every address in one /64 the same key, however it is written', () => {
    const key = clientKey('s', '2001:db8:1:2::1', day);
    expect(clientKey('s', '2001:db8:1:2:ffff:ffff:ffff:fffe', day)).toBe(key);
    expect(clientKey('s', '2001:0DB8:0001:0002:0:0:0:9', day)).toBe(key);
    expect(clientKey('s', '[2001:db8:1:2::77]', day)).toBe(key);
    expect(clientKey('s', '2001:db8:1:2::1%eth0', day)).toBe(key);
  });
  it('tells neighbouring /64s apart', () => {
    expect(clientKey('s', '2001:db8:1:3::1', day)).not.toBe(clientKey('s', '2001:db8:1:2::1', day));
  });
  it('keys IPv4 by the whole address, and IPv4-mapped IPv6 as that IPv4 address', () => {
    expect(clientKey('s', '203.0.113.9', day)).not.toBe(clientKey('s', '203.0.113.10', day));
    expect(clientKey('s', '::ffff:203.0.113.9', day)).toBe(clientKey('s', '203.0.113.9', day));
  });
  it('names the network it keys', () => {
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('198.51.100.7')).toBe('198.51.100.7');
    expect(clientNetwork('not an address')).toBe('not an address');
  });
});
