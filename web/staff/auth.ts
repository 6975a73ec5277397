import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { STAFF_ASSETS, type StaffRole, sameToken } from '#core';
import type { SessionStore, StaffStore } from '#store';
import { readCookie } from '../cookies.ts';
import { type SignedInStaff, staffBase, staffLanguageOfPath } from './context.ts';
import { renderMessage, renderNotFound } from './render.tsx';

/**
 * Staff sessions and the role guard. A session is a random id in an HttpOnly, SameSite=Strict
 * cookie (Secure and `__Host-` prefixed over https: web/cookies.ts); the table holds only its SHA-256, with the account's
 * generation at sign-in. Each request re-reads the account, so a role change applies at
 * once, and raising the generation signs the person out everywhere.
 *
 * Other staff pages (e.g. admin pages elsewhere) use the same two exports:
 *   app.get('/staff/thing', requireStaff('admin'), (c) => { const me = staffOf(c); … })
 * Their routes must sit under /staff or /en/staff in the staff app, whose middleware
 * loads the session (`staffSession`); every POST through requireStaff must carry the
 * hidden field `csrf` = staffOf(c).csrf.
 */
export const SESSION_COOKIE = 'mashura_staff';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type { SignedInStaff };
export type StaffEnv = { Variables: { staff?: SignedInStaff; staffSessionLoaded?: true } };

export const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
export const newSecretToken = () => randomBytes(32).toString('base64url');

/** Keyed hashes for one purpose each, from the one staff secret. */
export function keyedHash(secret: string, purpose: string, value: string, length = 32): string {
  return createHmac('sha256', secret).update(`mashura:staff:${purpose}:${value}`).digest('base64url').slice(0, length);
}

export interface SessionDeps {
  sessions: SessionStore;
  staff: Pick<StaffStore, 'get'>;
  secret: string;
}

/** The session on this request, if any and still valid. */
export async function loadStaff(
  c: Context,
  { sessions, staff, secret }: SessionDeps,
): Promise<SignedInStaff | undefined> {
  const id = readCookie(c, SESSION_COOKIE);
  if (!id || !SESSION_ID.test(id)) return undefined;
  const sessionHash = sha256(id);
  const session = await sessions.get(sessionHash);
  if (!session) return undefined;
  const member = await staff.get(session.email);
  if (!member || member.generation !== session.generation) return undefined;
  return { email: member.email, role: member.role, sessionHash, csrf: keyedHash(secret, 'csrf', sessionHash) };
}

/** Loads the session for every staff path; mount before any route that uses requireStaff. */
export function staffSession(deps: SessionDeps): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    // Stylesheets and scripts need no session: skip the two reads.
    if (c.req.path.startsWith(`${STAFF_ASSETS}/`)) return next();
    if (!c.get('staffSessionLoaded')) {
      c.set('staffSessionLoaded', true);
      const staff = await loadStaff(c, deps);
      if (staff) c.set('staff', staff);
    }
    await next();
  };
}

/** Where someone who is not signed in goes: the sign-in page, remembering where they were. */
function toSignIn(c: Context) {
  const language = staffLanguageOfPath(c.req.path);
  const url = new URL(c.req.url);
  const next = c.req.method === 'GET' ? `${url.pathname}${url.search}` : undefined;
  return c.redirect(`${staffBase(language)}${next ? `?next=${encodeURIComponent(next)}` : ''}`, 303);
}

/**
 * Only signed-in staff, and only these roles if any are named (others get "not found").
 * State-changing requests must also carry the session's anti-forgery token.
 */
export function requireStaff(...roles: StaffRole[]): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    if (!c.get('staffSessionLoaded')) throw new Error('requireStaff: the staff session middleware is not mounted');
    const staff = c.get('staff');
    if (!staff) return toSignIn(c);
    if (roles.length > 0 && !roles.includes(staff.role)) return renderNotFound(c);
    if (!SAFE_METHODS.has(c.req.method)) {
      const body = await c.req.parseBody();
      if (!sameToken(body.csrf, staff.csrf)) return renderMessage(c, 'staff.csrf.title', 'staff.csrf.body', 403);
    }
    await next();
  };
}

/** The signed-in person; only call behind requireStaff. */
export function staffOf(c: Context): SignedInStaff {
  const staff = c.get('staff' as never) as SignedInStaff | undefined;
  if (!staff) throw new Error('staffOf: no signed-in staff on this request (use requireStaff first)');
  return staff;
}
