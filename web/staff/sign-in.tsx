import type { Context, Hono } from 'hono';
import { normaliseStaffEmail, STAFF_LANGUAGES, sameToken } from '#core';
import { renderSignInLink } from '#mail';
import { dropCookie, readCookie, writeCookie } from '../cookies.ts';
import { keyedHash, newSecretToken, requireStaff, SESSION_COOKIE, type StaffEnv, sha256, staffOf } from './auth.ts';
import { pageOf, safeNext, staffBase } from './context.ts';
import { SIGN_IN_TTL_MINUTES, type StaffAppDeps } from './deps.ts';
import { renderMessage, renderStaff } from './render.tsx';
import { createSignInGuard, DEFAULT_SIGN_IN_LIMITS, deviceCookieValue, recognisedDevice } from './sign-in-guard.ts';
import { BusyPage, ConfirmPage, LimitedPage, LinkSentPage, SignInPage } from './views/sign-in.tsx';

/**
 * Passwordless sign-in: an email address gets a single-use link (its SHA-256 stored, 15
 * minutes), answered the same way whether or not the address has an account; the link
 * opens a confirmation page, naming the account, whose button starts a session. Forms before
 * sign-in carry a token bound to a SameSite=Strict pre-session cookie, so another site cannot
 * post them. Who gets a link, and who waits, is web/staff/sign-in-guard.ts.
 */
const PRE_COOKIE = 'mashura_staff_pre';
/** Set at sign-in: lets this browser ask for links outside the anonymous limits (sign-in-guard.ts). */
const DEVICE_COOKIE = 'mashura_staff_device';
const DEVICE_DAYS = 180;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function signInRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const floorMs = deps.signInFloorMs ?? 0;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const guard = createSignInGuard({
    limiter: deps.rateLimiter,
    secret: deps.secret,
    limits: { ...DEFAULT_SIGN_IN_LIMITS, ...deps.config },
  });
  const addressOf = (c: Context) => {
    try {
      return deps.clientAddress?.(c) || undefined;
    } catch {
      return undefined; // e.g. an in-process request with no socket behind it
    }
  };

  /** The pre-session cookie (set if missing) and the form token derived from it. */
  function preToken(c: Context): string {
    let cookie = readCookie(c, PRE_COOKIE);
    if (!cookie || !TOKEN.test(cookie)) {
      cookie = newSecretToken();
      writeCookie(c, PRE_COOKIE, cookie, 60 * 60);
    }
    return keyedHash(deps.secret, 'pre', cookie);
  }
  const preValid = (c: Context, given: unknown) => {
    const cookie = readCookie(c, PRE_COOKIE);
    return Boolean(cookie && TOKEN.test(cookie) && sameToken(given, keyedHash(deps.secret, 'pre', cookie)));
  };
  const waitUntil = async (until: number) => {
    const ms = until - now();
    if (ms > 0) await sleep(ms);
  };

  for (const language of STAFF_LANGUAGES) {
    const base = staffBase(language);

    app.get(base, (c) => {
      const next = safeNext(c.req.query('next'), language);
      if (c.get('staff')) return c.redirect(next ?? `${base}/inbox`, 303);
      // Opened from an email link (cross-site), the SameSite=Strict session cookie was not
      // sent; one same-site hop finds out whether the person is signed in after all.
      const hop = next && c.req.query('resumed') === undefined && !readCookie(c, SESSION_COOKIE);
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
      const member = await deps.staff.get(email);
      const device = recognisedDevice(deps.secret, readCookie(c, DEVICE_COOKIE), member);
      const verdict = await guard.check({ email, device, address: addressOf(c), now: new Date(now()) });
      if (!verdict.ok) {
        log('staff.signin-limited', { reason: verdict.reason });
        const page = pageOf(c);
        c.header('Retry-After', String(verdict.retryAfterSeconds));
        if (verdict.reason === 'busy') return renderStaff(c, <BusyPage page={page} />, 429);
        const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
        return renderStaff(c, <LimitedPage page={page} minutes={minutes} />, 429);
      }
      if (member && verdict.sendLink) {
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
      } else if (member) log('staff.signin-mail-capped', {});
      if (verdict.waitFloor) await waitUntil(started + floorMs);
      return renderStaff(c, <LinkSentPage page={pageOf(c)} email={email} />);
    });

    app.get(`${base}/sign-in/:token`, async (c) => {
      const token = c.req.param('token');
      const email = TOKEN.test(token) ? await deps.signInTokens.peek(sha256(token)) : undefined;
      if (!email) return renderMessage(c, 'staff.signIn.expired.title', 'staff.signIn.expired.body', 410, 'signIn');
      const next = safeNext(c.req.query('next'), language);
      // Named, so a link someone else planted (a login CSRF) shows whose account it opens.
      return renderStaff(c, <ConfirmPage page={pageOf(c)} pre={preToken(c)} token={token} next={next} email={email} />);
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
      writeCookie(c, SESSION_COOKIE, id, seconds);
      writeCookie(
        c,
        DEVICE_COOKIE,
        deviceCookieValue(deps.secret, member, newSecretToken().slice(0, 22)),
        DEVICE_DAYS * 86400,
      );
      dropCookie(c, PRE_COOKIE);
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
    dropCookie(c, SESSION_COOKIE);
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
