import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LANGUAGES, normaliseStaffEmail } from '#core';
import { renderSignInLink } from '#mail';
import {
  keyedHash,
  newSecretToken,
  requireStaff,
  SESSION_COOKIE,
  type StaffEnv,
  sameToken,
  sha256,
  staffOf,
} from './auth.ts';
import { pageOf, safeNext, staffBase } from './context.ts';
import { SIGN_IN_TTL_MINUTES, type StaffAppDeps } from './deps.ts';
import { renderMessage, renderStaff } from './render.tsx';
import { ConfirmPage, LimitedPage, LinkSentPage, SignInPage } from './views/sign-in.tsx';

/**
 * Passwordless sign-in: an email address gets a single-use link (its SHA-256 stored, 15
 * minutes), answered the same way whether or not the address has an account; the link
 * opens a confirmation page whose button starts a session. Forms before sign-in carry a
 * token bound to a SameSite=Strict pre-session cookie, so another site cannot post them.
 */
const PRE_COOKIE = 'mashura_staff_pre';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';
const cookieOptions = (c: Context, maxAge: number) =>
  ({ path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c), maxAge }) as const;

export function signInRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const floorMs = deps.signInFloorMs ?? 0;

  /** The pre-session cookie (set if missing) and the form token derived from it. */
  function preToken(c: Context): string {
    let cookie = getCookie(c, PRE_COOKIE);
    if (!cookie || !TOKEN.test(cookie)) {
      cookie = newSecretToken();
      setCookie(c, PRE_COOKIE, cookie, cookieOptions(c, 60 * 60));
    }
    return keyedHash(deps.secret, 'pre', cookie);
  }
  const preValid = (c: Context, given: unknown) => {
    const cookie = getCookie(c, PRE_COOKIE);
    return Boolean(cookie && TOKEN.test(cookie) && sameToken(given, keyedHash(deps.secret, 'pre', cookie)));
  };
  const wait = (until: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, until - now())));

  for (const language of LANGUAGES) {
    const base = staffBase(language);

    app.get(base, (c) => {
      const next = safeNext(c.req.query('next'), language);
      if (c.get('staff')) return c.redirect(next ?? `${base}/inbox`, 303);
      // Opened from an email link (cross-site), the SameSite=Strict session cookie was not
      // sent; one same-site hop finds out whether the person is signed in after all.
      const hop = next && c.req.query('resumed') === undefined && !getCookie(c, SESSION_COOKIE);
      const resumeUrl = hop ? new URL(`${base}/resume?next=${encodeURIComponent(next)}`, c.req.url).href : undefined;
      return renderStaff(
        c,
        <SignInPage page={pageOf(c)} pre={preToken(c)} next={next} resumeUrl={resumeUrl} needed={Boolean(next)} />,
      );
    });

    app.get(`${base}/resume`, (c) => {
      const next = safeNext(c.req.query('next'), language) ?? `${base}/inbox`;
      if (c.get('staff')) return c.redirect(next, 303);
      return c.redirect(`${base}?next=${encodeURIComponent(next)}&resumed=1`, 303);
    });

    app.post(`${base}/sign-in`, async (c) => {
      const started = now();
      const body = await c.req.parseBody();
      const next = safeNext(body.next, language);
      if (!preValid(c, body.pre)) return renderMessage(c, 'staff.csrf.title', 'staff.csrf.body', 403, 'signIn');
      const email = normaliseStaffEmail(body.email);
      if (!email) {
        const typed = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
        const page = pageOf(c);
        return renderStaff(
          c,
          <SignInPage page={page} pre={preToken(c)} next={next} email={typed} error={page.t('staff.signIn.invalid')} />,
          400,
        );
      }
      // Keyed by a hash: the table never holds an address in a rate-limit key.
      const limit = await deps.rateLimiter.hit(
        'staff-signin',
        keyedHash(deps.secret, 'signin', email, 22),
        deps.config.signInsPer15Minutes,
        15 * 60,
      );
      if (!limit.allowed) {
        const page = pageOf(c);
        const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
        c.header('Retry-After', String(limit.retryAfterSeconds));
        return renderStaff(c, <LimitedPage page={page} minutes={minutes} />, 429);
      }
      const member = await deps.staff.get(email);
      if (member) {
        const token = newSecretToken();
        await deps.signInTokens.issue(sha256(token), email, Math.floor(now() / 1000) + SIGN_IN_TTL_MINUTES * 60);
        const url = `${deps.baseUrl}${base}/sign-in/${token}${next ? `?next=${encodeURIComponent(next)}` : ''}`;
        const rendered = renderSignInLink({ language, url, minutes: SIGN_IN_TTL_MINUTES });
        try {
          await deps.mail.send({ to: [email], from: deps.mailFrom, ...rendered });
        } catch (error) {
          // Said to nobody but the log: the page must read the same either way.
          log('staff.signin-mail-failed', { error: (error as Error).name });
        }
      }
      await wait(started + floorMs);
      return renderStaff(c, <LinkSentPage page={pageOf(c)} email={email} />);
    });

    app.get(`${base}/sign-in/:token`, async (c) => {
      const token = c.req.param('token');
      const valid = TOKEN.test(token) && (await deps.signInTokens.peek(sha256(token))) !== undefined;
      if (!valid) return renderMessage(c, 'staff.signIn.expired.title', 'staff.signIn.expired.body', 410, 'signIn');
      const next = safeNext(c.req.query('next'), language);
      return renderStaff(c, <ConfirmPage page={pageOf(c)} pre={preToken(c)} token={token} next={next} />);
    });

    app.post(`${base}/sign-in/confirm`, async (c) => {
      const body = await c.req.parseBody();
      if (!preValid(c, body.pre)) return renderMessage(c, 'staff.csrf.title', 'staff.csrf.body', 403, 'signIn');
      const token = typeof body.token === 'string' && TOKEN.test(body.token) ? body.token : undefined;
      const email = token ? await deps.signInTokens.consume(sha256(token)) : undefined;
      const member = email ? await deps.staff.get(email) : undefined;
      if (!member) return renderMessage(c, 'staff.signIn.expired.title', 'staff.signIn.expired.body', 410, 'signIn');
      const id = newSecretToken();
      const seconds = Math.round(deps.config.sessionHours * 3600);
      const createdAt = Math.floor(now() / 1000);
      await deps.sessions.create(sha256(id), {
        email: member.email,
        generation: member.generation,
        createdAt,
        expiresAt: createdAt + seconds,
      });
      setCookie(c, SESSION_COOKIE, id, cookieOptions(c, seconds));
      deleteCookie(c, PRE_COOKIE, { path: '/' });
      log('staff.signed-in', { role: member.role });
      return c.redirect(safeNext(body.next, language) ?? `${base}/inbox`, 303);
    });

    app.post(`${base}/sign-out`, requireStaff(), async (c) => {
      await deps.sessions.revoke(staffOf(c).sessionHash);
      return signedOut(c, false);
    });

    app.post(`${base}/sign-out-everywhere`, requireStaff(), async (c) => {
      const me = staffOf(c);
      await deps.staff.bumpGeneration(me.email);
      await deps.sessions.revoke(me.sessionHash);
      return signedOut(c, true);
    });
  }

  function signedOut(c: Context<StaffEnv>, everywhere: boolean) {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    c.set('staff', undefined);
    return renderMessage(
      c,
      'staff.signedOut.title',
      everywhere ? 'staff.signedOut.everywhere' : 'staff.signedOut.body',
      200,
      'signIn',
    );
  }
}
