import { describe, expect, it } from 'vitest';
import {
  groupCode,
  hashesEqual,
  isReference,
  newFormToken,
  normaliseCode,
  receiptFromToken,
  receiptHash,
  referenceFromToken,
  sameToken,
  tokenHash,
} from './codes.ts';

describe('reference and receipt codes', () => {
  it('derives the same reference from the same form token, so a retried post lands on the same key', () => {
    const token = newFormToken();
    expect(referenceFromToken(token)).toBe(referenceFromToken(token));
    expect(isReference(referenceFromToken(token))).toBe(true);
  });

  it('gives different tokens different references', () => {
    const references = new Set(Array.from({ length: 2000 }, () => referenceFromToken(newFormToken())));
    expect(references.size).toBe(2000);
  });

  it('uses only unambiguous characters (no I, L, O, U)', () => {
    for (let i = 0; i < 200; i++) {
      expect(referenceFromToken(newFormToken())).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
      expect(receiptFromToken('secret', newFormToken())).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    }
  });

  it('derives the receipt with the server secret: another secret gives another receipt', () => {
    const token = newFormToken();
    expect(receiptFromToken('one', token)).toBe(receiptFromToken('one', token));
    expect(receiptFromToken('one', token)).not.toBe(receiptFromToken('two', token));
  });

  it('stores neither token nor receipt: their hashes do not contain them', () => {
    const token = newFormToken();
    const receipt = receiptFromToken('s', token);
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).not.toContain(token);
    expect(receiptHash(receipt)).not.toContain(receipt.toLowerCase());
  });

  it('reads codes as people type them: lower case, dashes, spaces, O for 0 and L for 1', () => {
    expect(normaliseCode('abcd-0o1l x')).toBe('ABCD0011X');
    expect(receiptHash('ab12-cd34')).toBe(receiptHash('AB12CD34'));
  });

  it('groups codes in fours for reading aloud', () => {
    expect(groupCode('ABCD2345WXYZ')).toBe('ABCD-2345-WXYZ');
  });

  it('compares hashes in constant time and rejects unequal or empty ones', () => {
    const hash = receiptHash('X');
    expect(hashesEqual(hash, hash)).toBe(true);
    expect(hashesEqual(hash, receiptHash('Y'))).toBe(false);
    expect(hashesEqual('', '')).toBe(false);
    expect(hashesEqual(hash, hash.slice(2))).toBe(false);
  });
});

describe('comparing tokens', () => {
  it('is true only for the same non-empty string', () => {
    expect(sameToken('a1b2c3', 'a1b2c3')).toBe(true);
    expect(sameToken('a1b2c4', 'a1b2c3')).toBe(false);
    expect(sameToken('a1b2c', 'a1b2c3')).toBe(false);
    expect(sameToken('', '')).toBe(false);
    for (const given of [undefined, null, 42, ['a1b2c3'], { toString: () => 'a1b2c3' }]) {
      expect(sameToken(given, 'a1b2c3')).toBe(false);
    }
    // Same characters, other bytes: compared as UTF-8, not as code units.
    expect(sameToken('é', 'e\u0301')).toBe(false);
  });
});
