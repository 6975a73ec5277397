import { clientKey, type StaffMember, sameToken } from '#core';
import type { RateLimiter } from '#store';
import { keyedHash } from './auth.ts';

/**
 * Who gets a sign-in link, and who waits (issue 12, finding 2). The threat: anyone who knows
 * a staff address (they are not secret) asks for links for it — to lock the person out, to
 * flood their mailbox, or, with the deliberate floor on every answer, to hold the staff
 * function's few concurrent executions.
 *
 * - A **recognised device** (a browser that signed in as this account before and still
 *   carries its signed device cookie, which "sign out everywhere" invalidates) has its own
 *   limit per account and device. Nothing anyone else does touches it, and it answers without
 *   the floor: the device already knows the account exists. The real staff member always
 *   gets a link there.
 * - **Anyone else** is limited per client (a keyed hash of its network, an IPv6 client by its
 *   /64), answered at once; then by a small budget shared by all anonymous requests every 10
 *   seconds, also answered at once ("busy"), so at most a few requests wait out the floor at
 *   any moment. Past those, the answer is the same "if that address has an account, a link is
 *   on its way" page for everyone, but a link is emailed only within the address's caps (per
 *   15 minutes and per day). The caps bound the mail; they never refuse the request, so they
 *   lock nobody out and tell nobody anything.
 */
export interface SignInLimits {
  /** Links emailed to one address per 15 minutes for anonymous requests; per device for recognised ones. */
  signInsPer15Minutes: number;
  /** Links emailed to one address per day for anonymous requests. */
  signInEmailsPerDay: number;
  /** Anonymous sign-in requests per client per 15 minutes. */
  signInsPerClientPer15Minutes: number;
  /** Anonymous sign-in requests from everyone per 10 seconds that get an answer (and wait out the floor). */
  anonymousSignInsPer10Seconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  signInsPer15Minutes: 5,
  signInEmailsPerDay: 10,
  signInsPerClientPer15Minutes: 10,
  anonymousSignInsPer10Seconds: 4,
};

export type SignInVerdict =
  | { ok: false; reason: 'client' | 'busy' | 'device'; retryAfterSeconds: number }
  | { ok: true; sendLink: boolean; waitFloor: boolean };

const FIFTEEN_MINUTES = 15 * 60;
const DAY = 24 * 3600;
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;

/** The device cookie's value for a member: a random id and a MAC over account, generation and id. */
export const deviceCookieValue = (secret: string, member: Pick<StaffMember, 'email' | 'generation'>, id: string) =>
  `${id}.${keyedHash(secret, 'device', `${member.email}#${member.generation}#${id}`, 43)}`;

/** The device id, if the cookie was issued to this account at its current generation. */
export function recognisedDevice(
  secret: string,
  cookie: string | undefined,
  member: Pick<StaffMember, 'email' | 'generation'> | undefined,
): string | undefined {
  if (!cookie || !member) return undefined;
  const [id = ''] = cookie.split('.');
  if (!DEVICE_ID.test(id)) return undefined;
  return sameToken(cookie, deviceCookieValue(secret, member, id)) ? id : undefined;
}

export function createSignInGuard(deps: { limiter: RateLimiter; secret: string; limits: SignInLimits }) {
  const { limiter, secret, limits } = deps;
  const clientSecret = keyedHash(secret, 'signin-client-key', 'v1', 43);
  return {
    async check(input: {
      email: string;
      device: string | undefined;
      address: string | undefined;
      now: Date;
    }): Promise<SignInVerdict> {
      const { email, device, address } = input;
      if (device) {
        const byDevice = await limiter.hit(
          'staff-signin-device',
          keyedHash(secret, 'signin-device', `${email}#${device}`, 22),
          limits.signInsPer15Minutes,
          FIFTEEN_MINUTES,
        );
        return byDevice.allowed
          ? { ok: true, sendLink: true, waitFloor: false }
          : { ok: false, reason: 'device', retryAfterSeconds: byDevice.retryAfterSeconds };
      }
      const byClient = await limiter.hit(
        'staff-signin-client',
        clientKey(clientSecret, address ?? 'unknown', input.now),
        limits.signInsPerClientPer15Minutes,
        FIFTEEN_MINUTES,
      );
      if (!byClient.allowed) return { ok: false, reason: 'client', retryAfterSeconds: byClient.retryAfterSeconds };
      const byEveryone = await limiter.hit('staff-signin-anonymous', 'all', limits.anonymousSignInsPer10Seconds, 10);
      if (!byEveryone.allowed) return { ok: false, reason: 'busy', retryAfterSeconds: byEveryone.retryAfterSeconds };
      // Counted whether or not the address has an account: the same work either way.
      const address15 = await limiter.hit(
        'staff-signin',
        keyedHash(secret, 'signin', email, 22),
        limits.signInsPer15Minutes,
        FIFTEEN_MINUTES,
      );
      const addressDay = address15.allowed
        ? await limiter.hit(
            'staff-signin-day',
            keyedHash(secret, 'signin-day', email, 22),
            limits.signInEmailsPerDay,
            DAY,
          )
        : address15;
      return { ok: true, sendLink: addressDay.allowed, waitFloor: true };
    },
  };
}
