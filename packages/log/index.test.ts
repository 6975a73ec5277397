import { describe, expect, it } from 'vitest';
import { createLogger, redact, scrub } from './index.ts';

describe('the redacting logger', () => {
  it('redacts keys that could carry personal data, at any depth', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line));
    log('test', {
      reference: 'ABCD2345WXYZ',
      email: 'a@example.org',
      contactEmail: 'b@example.org',
      nested: { organisation: 'Secret Org', list: [{ message: 'my words' }], sourceIp: '10.1.2.3' },
      userAgent: 'Mozilla/5.0',
      ip: '10.0.0.1',
      count: 3,
    });
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      event: 'test',
      reference: 'ABCD2345WXYZ',
      email: '[redacted]',
      contactEmail: '[redacted]',
      nested: { organisation: '[redacted]', list: [{ message: '[redacted]' }], sourceIp: '[redacted]' },
      userAgent: '[redacted]',
      ip: '[redacted]',
      count: 3,
    });
    expect(lines[0]).not.toMatch(/example\.org|Secret Org|my words|10\.\d|Mozilla/);
  });

  it('masks emails and IP addresses inside any other string, and keeps times intact', () => {
    expect(scrub('send to nour.k+x@example.org failed')).toBe('send to [email] failed');
    expect(scrub('from 192.168.10.20 and 2001:db8::ff00:42:8329 and ::1 and ::ffff:127.0.0.1')).toBe(
      'from [ip] and [ip] and [ip] and ::ffff:[ip]',
    );
    expect(scrub('fe80:0:0:0:202:b3ff:fe1e:8329 at 2030-01-01T02:39:00.000Z')).toBe('[ip] at 2030-01-01T02:39:00.000Z');
    expect(redact({ error: 'ValidationException: bad value x@y.org' })).toEqual({
      error: 'ValidationException: bad value [email]',
    });
  });

  it('logs an error value by its name only', () => {
    const error = Object.assign(new Error('cannot reach 10.0.0.7 for someone@example.org'), { name: 'TimeoutError' });
    expect(redact({ error })).toEqual({ error: { name: 'TimeoutError' } });
  });
});
