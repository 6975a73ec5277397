import type { MiddlewareHandler } from 'hono';
import { renderMessage } from './render.tsx';

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every staff form post is read once, here, before any session check or handler: a body
 * that is not a form, or a form that cannot be parsed (broken multipart, a boundary that
 * never comes), gets a translated 400 page instead of reaching `parseBody()` in a handler
 * and surfacing as a 500. What parsed is kept in Hono's body cache, so handlers' own
 * `c.req.parseBody()` calls read the same values without reading the stream again. Mount it
 * after the size limit, so nothing over the limit is buffered.
 */
export function readableForm(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const refuse = () => renderMessage(c, 'staff.badForm.title', 'staff.badForm.body', 400, 'queue');
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) return refuse();
    try {
      const bytes = await c.req.arrayBuffer();
      await c.req.parseBody();
      // A later size limit (e.g. the outcome notes' own) reads the raw stream again: give it one.
      c.req.raw = new Request(c.req.raw, { body: bytes });
    } catch {
      return refuse();
    }
    return next();
  };
}
