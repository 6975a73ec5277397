import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * Every cookie Mashura sets, public and staff: HttpOnly, SameSite=Strict, Path=/, and on
 * https named with the `__Host-` prefix, which browsers accept only when Secure, without a
 * Domain and for Path=/ — so a sibling subdomain cannot set or overwrite it (cookie tossing
 * into a login CSRF). Local http keeps the plain name, which browsers would otherwise refuse.
 * On https only the prefixed name is read: a plain-named cookie there may have been tossed.
 */
const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';

export const cookieName = (c: Context, name: string) => (isHttps(c) ? `__Host-${name}` : name);

export const readCookie = (c: Context, name: string): string | undefined => getCookie(c, cookieName(c, name));

/** Without `maxAge`, a session cookie: gone when the browser closes, never written to disk as persistent. */
export function writeCookie(c: Context, name: string, value: string, maxAge?: number) {
  setCookie(c, cookieName(c, name), value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    ...(maxAge === undefined ? {} : { maxAge }),
  });
}

export function dropCookie(c: Context, name: string) {
  deleteCookie(c, cookieName(c, name), { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Strict' });
}
