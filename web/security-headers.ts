import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type ContentSecurityPolicy = NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy'];

/** The app's policy: no inline script or style, nothing from another origin. */
export const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
} satisfies ContentSecurityPolicy;

/**
 * The headers every page carries, public and staff alike: a strict CSP with no inline script
 * or style and no other origin, HSTS, no referrer, no powerful features, no framing. A part
 * of the site with a stricter policy of its own (local mode's /dev/mail) passes it here and
 * is served outside the app-wide middleware, so nothing replaces it.
 */
export function securityHeaders(
  contentSecurityPolicy: ContentSecurityPolicy = APP_CSP,
  { recordsOn }: { recordsOn?: (path: string) => boolean } = {},
): MiddlewareHandler {
  const everywhere = headersWith(contentSecurityPolicy, false);
  if (!recordsOn) return everywhere;
  // The form's own pages may use the microphone (the voice recorder, issue 19) and play back
  // the recording from a blob: URL; every other page keeps both shut.
  const recording = headersWith({ ...contentSecurityPolicy, mediaSrc: ["'self'", 'blob:'] }, true);
  return (c, next) => (recordsOn(c.req.path) ? recording(c, next) : everywhere(c, next));
}

const headersWith = (contentSecurityPolicy: ContentSecurityPolicy, microphone: boolean) =>
  secureHeaders({
    contentSecurityPolicy,
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: 'max-age=63072000; includeSubDomains',
    permissionsPolicy: {
      camera: [],
      microphone: microphone ? ['self'] : [],
      geolocation: [],
      payment: [],
      usb: [],
      bluetooth: [],
      serial: [],
      hid: [],
      displayCapture: [],
      browsingTopics: [],
    },
    // Matches frame-ancestors 'none' for browsers that only know the older header.
    xFrameOptions: 'DENY',
    crossOriginEmbedderPolicy: false,
  });

/** `Cache-Control: no-store` on every response that sets no policy of its own (assets do). */
export const noStoreByDefault = (): MiddlewareHandler => async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
};
