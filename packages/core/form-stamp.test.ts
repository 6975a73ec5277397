import { describe, expect, it } from 'vitest';
import { checkFormStamp, issuedAtOf, signFormStamp } from './form-stamp.ts';

const rules = { minFillSeconds: 3, maxAgeHours: 48 };
const token = 'A'.repeat(24);
const t0 = 1_700_000_000_000;

describe('the signed form stamp', () => {
  it('accepts a form sent after the minimum fill time and before it expires', () => {
    const stamp = signFormStamp('secret', token, t0);
    expect(checkFormStamp('secret', token, stamp, rules, t0 + 3_000)).toBe('ok');
    expect(checkFormStamp('secret', token, stamp, rules, t0 + 47 * 3_600_000)).toBe('ok');
  });

  it('says "too fast" for a form sent within the minimum fill time', () => {
    const stamp = signFormStamp('secret', token, t0);
    expect(checkFormStamp('secret', token, stamp, rules, t0 + 2_999)).toBe('too-fast');
    expect(checkFormStamp('secret', token, stamp, rules, t0)).toBe('too-fast');
  });

  it('says "expired" for a form older than the maximum age', () => {
    const stamp = signFormStamp('secret', token, t0);
    expect(checkFormStamp('secret', token, stamp, rules, t0 + 48 * 3_600_000 + 1)).toBe('expired');
  });

  it('refuses a stamp signed with another secret, for another form, edited, from the future, or missing', () => {
    const stamp = signFormStamp('secret', token, t0);
    const later = t0 + 10_000;
    expect(checkFormStamp('other', token, stamp, rules, later)).toBe('forged');
    expect(checkFormStamp('secret', 'B'.repeat(24), stamp, rules, later)).toBe('forged');
    expect(checkFormStamp('secret', token, stamp.replace(/^\d+/, String(t0 - 60_000)), rules, later)).toBe('forged');
    expect(checkFormStamp('secret', token, signFormStamp('secret', token, later + 120_000), rules, later)).toBe(
      'forged',
    );
    for (const junk of [undefined, '', 'x', ['a', 'b'], 42, `${t0}.${'a'.repeat(500)}`]) {
      expect(checkFormStamp('secret', token, junk, rules, later)).toBe('forged');
    }
  });

  it('reads the issue time back only from a genuine stamp', () => {
    expect(issuedAtOf('secret', token, signFormStamp('secret', token, t0))).toBe(t0);
    expect(issuedAtOf('secret', token, `${t0}.AAAA`)).toBeUndefined();
  });
});
