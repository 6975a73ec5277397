import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { type Challenge, createChallenge, randomInt, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import {
  type Config,
  canonicalMailbox,
  checkFormStamp,
  clientKey,
  FORM_TOKEN_PATTERN,
  PROTECT_FIELDS,
  sameToken,
  signFormStamp,
} from '#core';
import type { RateLimiter } from '#store';

/**
 * Abuse defences for the public form, none of them a barrier a person has to pass:
 *
 * 1. a honeypot field nobody sees (scripts that fill every field give themselves away);
 * 2. a signed timestamp bound to the form token: no post sooner than a person could write
 *    one, no forged or ancient stamps, and one stamp per form;
 * 3. a proof of work (ALTCHA, SHA-256) the browser solves while the person writes, issued here
 *    with altcha-lib and checked as altcha-lib checks it (`solutionVerified`, below); it is
 *    never required, it only earns a higher rate limit;
 * 4. per-client rate limits, keyed by a daily-rotating keyed hash of the address
 *    (packages/core/client-key.ts): the address is never stored or logged;
 * 5. a daily cap on acknowledgement emails per mailbox (keyed hash of the canonical address:
 *    case, +tags and Gmail dots folded) and per domain (large public providers excepted), so
 *    the form cannot flood someone's inbox: past it the submission is still accepted and
 *    kept, only without the acknowledgement.
 *
 * Every refusal is a value naming its reason; the form's sending (web/public/submit.ts) turns
 * it into an outcome and the app re-renders the form with the person's text kept.
 */
export type ProtectionRules = Config['protection'];

export type Refusal = {
  ok: false;
  reason: 'honeypot' | 'too-fast' | 'stamp' | 'rate-limited';
  /** For rate limits: when to try again. */
  retryAfterSeconds?: number;
  /** Whether the form should carry a fresh stamp (the old one was forged or expired). */
  freshStamp: boolean;
};

/** The checks on the post itself: no round trip, no proof of work (`verifyPow` checks that). */
export type Screening = { ok: true } | Refusal;
/** The rate limit's answer. */
export type LimitVerdict = { ok: true } | Refusal;

export interface Protection {
  /** The signed stamp for a form being served now. */
  stamp(formToken: string): string;
  /** Keeps a valid stamp (a person correcting errors keeps their fill time), else a fresh one. */
  restamp(formToken: string, stamp: unknown): string;
  /** An ALTCHA challenge bound to one form. */
  challenge(formToken: string): Promise<Challenge>;
  /** Whether a valid proof of work for this form came with the post (two HMACs, no round trip). */
  verifyPow(formToken: string, payload: unknown): boolean;
  /**
   * Honeypot and stamp, on a post that is otherwise valid. The proof of work is checked apart
   * (`verifyPow`): only the counter needs its answer, so the intake sends the put first.
   */
  screen(input: { formToken: string; values: Record<string, unknown> }): Screening;
  /**
   * Counts the post against this client's limits: one UpdateItem (both limits of a post
   * without proof of work are on one item). Fails open. `address` is used once, then dropped.
   */
  limit(input: { address: string | undefined; pow: boolean }): Promise<LimitVerdict>;
  /**
   * Whether this client was refused in its current window by this instance: then the app
   * asks the counter before writing, so a flood past the limit costs one write a post.
   */
  refusedLately(address: string | undefined): boolean;
  /** False when this email address has had its acknowledgements for the day (and counts one otherwise). */
  mayAcknowledge(email: unknown): Promise<boolean>;
}

export interface ProtectionDeps {
  /** A server secret; each defence uses its own key derived from it. */
  secret: string | Uint8Array;
  rules: ProtectionRules;
  limiter: RateLimiter;
  now?: () => number;
  log?: (event: string, detail?: Record<string, unknown>) => void;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
/** A solved challenge stays valid this long; an older one just means no proof of work. */
const CHALLENGE_TTL_SECONDS = 2 * HOUR;
/** ALTCHA payloads are a few hundred bytes; anything far larger is not one. */
const MAX_POW_PAYLOAD = 4096;
/** How many refused clients an instance remembers (a few hundred KB at most). */
const REFUSED_MEMORY = 10_000;

function subkey(secret: string | Uint8Array, label: string): string {
  return Buffer.from(hkdfSync('sha256', secret, 'mashura-protect', label, 32)).toString('hex');
}

/** What a challenge is bound to: the form, without carrying its token around. */
const formBinding = (formToken: string) =>
  createHash('sha256').update(`mashura:pow:${formToken}`).digest('base64url').slice(0, 22);

function parsePayload(payload: unknown): { challenge: Challenge; solution: Solution } | undefined {
  if (typeof payload !== 'string' || payload.length === 0 || payload.length > MAX_POW_PAYLOAD) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as unknown;
    if (!decoded || typeof decoded !== 'object') return undefined;
    const { challenge, solution } = decoded as { challenge?: unknown; solution?: unknown };
    if (!challenge || typeof challenge !== 'object' || !solution || typeof solution !== 'object') return undefined;
    const parameters = (challenge as { parameters?: unknown }).parameters;
    if (!parameters || typeof parameters !== 'object') return undefined;
    return { challenge: challenge as Challenge, solution: solution as Solution };
  } catch {
    return undefined;
  }
}

/** Keys sorted at every level of objects (not inside arrays), as altcha-lib signs its parameters. */
function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) entries.push([key, sortKeys(field)]);
  }
  return Object.fromEntries(entries);
}

const hmacHex = (key: string, data: string | Buffer) => createHmac('sha256', key).update(data).digest('hex');
const LOWER_HEX_BYTES = /^(?:[0-9a-f]{2})+$/;
const MAX_COUNTER = 0xffffffff;

/**
 * altcha-lib's `verifySolution` (2.8) for the challenges `challenge()` issues: SHA-256 HMACs,
 * the derived key signed. The parameters must carry our signature, and the solution's key our
 * key signature; the counter must be a whole number in range and the key lowercase hex, as
 * there. The library makes the same two HMACs through WebCrypto, which cost this thread
 * ≈ 0.23 ms a post (key import, promises, the thread pool's hand-offs); node:crypto makes them
 * in ≈ 0.015 ms (docs/performance.md). One difference, on purpose: a signed challenge without
 * a key signature, which this server never issues, is refused here, where the library would
 * derive the key again. protect.test.ts holds the two to the same answers on valid, tampered
 * and malformed payloads.
 */
export function solutionVerified(challenge: Challenge, solution: Solution, powKey: string, keyKey: string): boolean {
  const { parameters, signature } = challenge;
  if (!sameToken(signature, hmacHex(powKey, JSON.stringify(sortKeys(parameters))))) return false;
  const { derivedKey, counter } = solution ?? {};
  if (typeof derivedKey !== 'string' || !LOWER_HEX_BYTES.test(derivedKey)) return false;
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) return false;
  return sameToken(parameters.keySignature, hmacHex(keyKey, Buffer.from(derivedKey, 'hex')));
}

export function createProtection({
  secret,
  rules,
  limiter,
  now = Date.now,
  log = () => {},
}: ProtectionDeps): Protection {
  const stampKey = subkey(secret, 'form-stamp');
  const powKey = subkey(secret, 'pow-signature');
  const powDerivedKey = subkey(secret, 'pow-key-signature');
  const clientSecret = subkey(secret, 'client-key');
  const recipientSecret = subkey(secret, 'recipient-key');
  const stampRules = { minFillSeconds: rules.minFillSeconds, maxAgeHours: rules.formMaxAgeHours };

  const stamp = (formToken: string) => signFormStamp(stampKey, formToken, now());
  const keyOf = (address: string | undefined) => clientKey(clientSecret, address ?? 'unknown', new Date(now()));

  /** Clients refused lately, until their window ends: this instance's memory only, bounded. */
  const refused = new Map<string, number>();
  function remember(key: string, until: number) {
    if (refused.size >= REFUSED_MEMORY) {
      for (const [known, end] of refused) if (end <= now()) refused.delete(known);
      if (refused.size >= REFUSED_MEMORY) refused.delete(refused.keys().next().value!);
    }
    refused.set(key, until);
  }

  function verifyPow(formToken: string, payload: unknown): boolean {
    const parsed = parsePayload(payload);
    if (!parsed) return false;
    const { data, expiresAt } = parsed.challenge.parameters;
    if (data?.form !== formBinding(formToken)) return false;
    // Expiry by our clock (altcha-lib checks the system clock); the signature covers both.
    if (typeof expiresAt !== 'number' || expiresAt * 1000 < now()) return false;
    return solutionVerified(parsed.challenge, parsed.solution, powKey, powDerivedKey);
  }

  /** Fails open: a counter outage must not cost anyone their submission (the write itself is what matters). */
  async function hit(bucket: string, key: string, limit: number, windowSeconds = HOUR) {
    try {
      return await limiter.hit(bucket, key, limit, windowSeconds);
    } catch (error) {
      log('ratelimit.unavailable', { bucket, error: (error as Error).name });
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  return {
    stamp,
    restamp(formToken, previous) {
      const check = checkFormStamp(stampKey, formToken, previous, stampRules, now());
      return check === 'ok' || check === 'too-fast' ? (previous as string) : stamp(formToken);
    },

    async challenge(formToken) {
      return createChallenge({
        algorithm: 'SHA-256',
        cost: 1,
        counter: randomInt(rules.powMaxCounter, 0),
        data: { form: formBinding(formToken) },
        deriveKey,
        expiresAt: Math.floor(now() / 1000) + CHALLENGE_TTL_SECONDS,
        hmacSignatureSecret: powKey,
        hmacKeySignatureSecret: powDerivedKey,
      });
    },

    verifyPow,

    screen({ formToken, values }) {
      const honeypot = values[PROTECT_FIELDS.honeypot];
      if (honeypot !== undefined && honeypot !== '') {
        return { ok: false, reason: 'honeypot', freshStamp: false };
      }
      const stampCheck = checkFormStamp(stampKey, formToken, values[PROTECT_FIELDS.stamp], stampRules, now());
      if (stampCheck === 'too-fast') {
        return { ok: false, reason: 'too-fast', freshStamp: false };
      }
      if (stampCheck !== 'ok') {
        return { ok: false, reason: 'stamp', freshStamp: true };
      }
      return { ok: true };
    },

    async limit({ address, pow }) {
      const key = keyOf(address);
      // Without a proof of work (no JavaScript, or it could not finish) the limit is lower, never zero.
      const limits = pow
        ? [{ name: 'all', limit: rules.submitsPerHour }]
        : [
            { name: 'all', limit: rules.submitsPerHour },
            { name: 'nopow', limit: rules.submitsPerHourWithoutPow },
          ];
      let result: { allowed: boolean; retryAfterSeconds: number };
      try {
        // One item, one round trip: a refused post counts in neither limit.
        result = await limiter.hitAll('submit', key, limits, HOUR);
      } catch (error) {
        log('ratelimit.unavailable', { bucket: 'submit', error: (error as Error).name });
        return { ok: true };
      }
      if (result.allowed) return { ok: true };
      remember(key, now() + result.retryAfterSeconds * 1000);
      return {
        ok: false,
        reason: 'rate-limited',
        retryAfterSeconds: Math.max(1, result.retryAfterSeconds),
        freshStamp: false,
      };
    },

    refusedLately(address) {
      const until = refused.get(keyOf(address));
      return until !== undefined && until > now();
    },

    mayAcknowledge,
  };

  /**
   * Counts one acknowledgement to this mailbox today, and to its domain unless it is a large
   * public provider; false past either cap. Keyed by the canonical mailbox
   * (packages/core/mailbox.ts), so `victim+1@`, `Vic.Tim@gmail` and the rest are one.
   */
  async function mayAcknowledge(email: unknown): Promise<boolean> {
    if (typeof email !== 'string' || email.trim() === '') return true;
    const mailbox = canonicalMailbox(email);
    if (!mailbox) return true;
    const keyOf = (value: string) =>
      createHmac('sha256', recipientSecret).update(value).digest('base64url').slice(0, 32);
    const byMailbox = await hit('acknowledge', keyOf(mailbox.canonical), rules.acknowledgementsPerAddressPerDay, DAY);
    const byDomain =
      byMailbox.allowed && mailbox.ownDomain
        ? await hit('acknowledge-domain', keyOf(`@${mailbox.domain}`), rules.acknowledgementsPerDomainPerDay, DAY)
        : byMailbox;
    if (!byDomain.allowed) log('acknowledgement.withheld', { by: byMailbox.allowed ? 'domain' : 'mailbox' });
    return byDomain.allowed;
  }
}

/** Whether a string could be a form token at all (the challenge endpoint refuses anything else). */
export const isFormToken = (value: unknown): value is string =>
  typeof value === 'string' && FORM_TOKEN_PATTERN.test(value);
