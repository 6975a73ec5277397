import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Codes a person reads, writes down or says aloud. Crockford base32: no I, L, O or U, so
 * nothing is mistaken for 1 or 0, and case does not matter. Grouped in fours.
 *
 * - The form token is random, travels in the form, and is never stored (only its hash).
 * - The reference is derived from the token, so a retried POST lands on the same key.
 * - The receipt is derived from the token with a server secret: only the person who sent
 *   the form ever sees it, a repeated POST shows the same one, and the table holds a hash.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const REFERENCE_LENGTH = 12; // 60 bits
const RECEIPT_LENGTH = 16; // 80 bits

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function newFormToken(): string {
  return randomBytes(18).toString('base64url');
}

export function referenceFromToken(formToken: string): string {
  return base32(sha256(`mashura:reference:${formToken}`), REFERENCE_LENGTH);
}

export function tokenHash(formToken: string): string {
  return sha256(`mashura:token:${formToken}`).toString('hex');
}

export function receiptFromToken(secret: string, formToken: string): string {
  const mac = createHmac('sha256', secret).update(`mashura:receipt:${formToken}`).digest();
  return base32(mac, RECEIPT_LENGTH);
}

export function receiptHash(receipt: string): string {
  return sha256(`mashura:receipt-hash:${normaliseCode(receipt)}`).toString('hex');
}

/** Compares two hex hashes in constant time. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Compares a token someone gave with the expected one in constant time; anything not a string, or empty, is not it. */
export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Reads a code as a person may type it: any case, spaces or dashes, O for 0, I/L for 1. */
export function normaliseCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-‐-―_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function isReference(input: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${REFERENCE_LENGTH}}$`).test(input);
}

/** "ABCD2345WXYZ" → "ABCD-2345-WXYZ", for reading aloud. */
export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
