import { describe, expect, it } from 'vitest';
import { clientKey } from './client-key.ts';

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
