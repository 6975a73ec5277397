import type { MiddlewareHandler } from 'hono';

/**
 * Local mode listens on 127.0.0.1 only, but a page on any site can still reach it through
 * DNS rebinding: its own host name, re-pointed at 127.0.0.1, makes the browser send that name
 * as `Host` and read the answers as same-origin, /dev/mail.json (live sign-in links) included.
 * So local mode answers only the loopback names a person types; anything else gets 421
 * (Misdirected Request), and a request without a usable Host gets 400.
 */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOST = /^(localhost|127\.0\.0\.1|\[::1\]|[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

export type HostVerdict = 'loopback' | 'other' | 'invalid';

export function judgeHost(host: string | undefined | null): HostVerdict {
  const value = host?.trim().toLowerCase();
  if (!value) return 'invalid';
  const match = HOST.exec(value);
  if (!match) return 'invalid';
  const port = match[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return 'invalid';
  return LOOPBACK_NAMES.has(match[1] as string) ? 'loopback' : 'other';
}

const MESSAGES = {
  other:
    'هذه النسخة المحلية من مشورة تجيب على localhost أو 127.0.0.1 فقط.\nThis local copy of Mashura answers only on localhost or 127.0.0.1.\n',
  invalid: 'الطلب بلا اسم مضيف صالح.\nThe request has no valid Host.\n',
} as const;

/** Hono middleware for the local server: loopback Host names only. */
export function loopbackOnly(): MiddlewareHandler {
  return async (c, next) => {
    const verdict = judgeHost(c.req.header('host'));
    if (verdict === 'loopback') return next();
    return c.text(MESSAGES[verdict], verdict === 'other' ? 421 : 400, {
      'Cache-Control': 'no-store',
      'Content-Language': 'ar, en',
    });
  };
}
