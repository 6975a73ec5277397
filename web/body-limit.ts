import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's `bodyLimit`, decided from the declared `Content-Length` when there is one (a
 * browser's form post always declares it), and by counting the bytes otherwise. The same
 * answers; it only does not touch `request.body` when the header settles it: that getter
 * makes @hono/node-server (`npm start`, the bench) build a full Request and a web stream
 * for every post, which cost more than the rest of reading the form (docs/performance.md).
 */
export function limitBody(options: { maxSize: number; onError: (c: Context) => Response | Promise<Response> }) {
  const counting = bodyLimit(options);
  const handler: MiddlewareHandler = async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared) && c.req.header('transfer-encoding') === undefined) {
      if (Number(declared) > options.maxSize) return options.onError(c);
      await next();
      return;
    }
    return counting(c, next);
  };
  return handler;
}
