import type { Context, MiddlewareHandler } from 'hono';

/**
 * Refuses form posts another site made the browser send (issue 12, finding 6): an attacker's
 * page can auto-post a form it fetched, leaving a "sent" page in the visitor's history and
 * spending the visitor's address against the rate limits.
 *
 * `Sec-Fetch-Site` (all current browsers) decides when present: only `same-origin`, or `none`
 * (the person resent it themselves, e.g. from history). `same-site` is refused too: a sibling
 * subdomain is another party. Without it, a foreign `Origin` is refused. `Origin: null` is
 * allowed, because `Referrer-Policy: no-referrer` makes browsers send exactly that on our own
 * posts; and a request with neither header (older browsers, scripts) is allowed, as before.
 */
export function isCrossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = c.req.header('origin')?.trim();
  if (!origin || origin === 'null') return false;
  return origin !== new URL(c.req.url).origin;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refuseCrossSite(refuse: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && isCrossSite(c)) return refuse(c);
    return next();
  };
}
