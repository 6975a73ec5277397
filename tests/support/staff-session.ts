/**
 * A signed-in staff member's cookies and anti-forgery tokens, as a browser would hold them
 * after signing in, without the sign-in email round trip: for in-process suites that test
 * what comes after it.
 */
import type { StaffRole } from '#core';
import type { SessionStore, StaffStore } from '#store';
import { keyedHash, newSecretToken, sha256 } from '../../web/staff/auth.ts';

export interface StaffCredentials {
  cookie: string;
  csrf: string;
  pre: string;
}

export async function signedInStaff(
  { sessions, staff, secret }: { sessions: SessionStore; staff: Pick<StaffStore, 'seed' | 'get'>; secret: string },
  email: string,
  role: StaffRole,
): Promise<StaffCredentials> {
  await staff.seed(email, role);
  const session = newSecretToken();
  const now = Math.floor(Date.now() / 1000);
  await sessions.create(sha256(session), {
    email,
    generation: (await staff.get(email))!.generation,
    createdAt: now,
    expiresAt: now + 3600,
  });
  const preCookie = newSecretToken();
  return {
    cookie: `mashura_staff=${session}; mashura_staff_pre=${preCookie}`,
    csrf: keyedHash(secret, 'csrf', sha256(session)),
    pre: keyedHash(secret, 'pre', preCookie),
  };
}
