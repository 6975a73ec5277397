import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The headers every page carries, public and staff alike: a strict CSP with no inline script
 * or style and no other origin, HSTS, no referrer, no powerful features, no framing.
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: 'max-age=63072000; includeSubDomains',
    permissionsPolicy: {
      camera: [],
      microphone: [],
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
