import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A signed timestamp carried in the form: when the server served it, bound to the form's
 * token, so a script cannot post a form faster than a person can fill one in, cannot
 * forge a time, and cannot reuse one stamp for many forms (each token is one submission).
 *
 * The stamp is `<issued epoch ms>.<HMAC>`; nothing about the person is in it.
 */
export type StampCheck = 'ok' | 'too-fast' | 'expired' | 'forged';

export interface StampRules {
  minFillSeconds: number;
  maxAgeHours: number;
}

/** The field names a form carries for the abuse defences. */
export const PROTECT_FIELDS = {
  stamp: 'formStamp',
  /** A honeypot: people never see it, scripts that fill every field do. */
  honeypot: 'website',
  /** The proof-of-work payload, added by the browser script when it has solved one. */
  pow: 'altcha',
} as const;

const mac = (secret: string, formToken: string, issuedAt: number) =>
  createHmac('sha256', secret).update(`mashura:form-stamp:${formToken}:${issuedAt}`).digest('base64url');

export function signFormStamp(secret: string, formToken: string, issuedAt: number): string {
  return `${issuedAt}.${mac(secret, formToken, issuedAt)}`;
}

/** Reads a stamp back; the issue time only when the signature holds for this token. */
export function issuedAtOf(secret: string, formToken: string, stamp: unknown): number | undefined {
  if (typeof stamp !== 'string' || stamp.length > 80) return undefined;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
  if (!match) return undefined;
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(mac(secret, formToken, issuedAt));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? issuedAt : undefined;
}

export function checkFormStamp(
  secret: string,
  formToken: string,
  stamp: unknown,
  rules: StampRules,
  now: number = Date.now(),
): StampCheck {
  const issuedAt = issuedAtOf(secret, formToken, stamp);
  if (issuedAt === undefined) return 'forged';
  // A stamp from the future was not made by this server's clock: treat it as forged.
  if (issuedAt > now + 60_000) return 'forged';
  if (now - issuedAt > rules.maxAgeHours * 3_600_000) return 'expired';
  if (now - issuedAt < rules.minFillSeconds * 1000) return 'too-fast';
  return 'ok';
}
