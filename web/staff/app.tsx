import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { STAFF_ASSETS, STAFF_PATTERNS, useStaffCatalogues } from '#core';
import { refuseCrossSite } from '../cross-site.ts';
import { noStoreByDefault, securityHeaders } from '../security-headers.ts';
import { adminRoutes } from './admin.tsx';
import { findStaffAsset } from './assets.ts';
import { type StaffEnv, staffSession } from './auth.ts';
import { briefRoutes } from './briefs/routes.tsx';
import type { StaffAppDeps } from './deps.ts';
import { readableForm } from './form-guard.ts';
import { groupRoutes } from './groups.tsx';
import { queueRoutes } from './queue.tsx';
import { renderMessage, renderNotFound } from './render.tsx';
import { signInRoutes } from './sign-in.tsx';
import { statsRoutes } from './stats.tsx';
import { submissionRoutes } from './submission.tsx';

// The staff side's messages are a catalogue of their own (packages/core/i18n/staff.ts).
useStaffCatalogues();

export type { StaffAppDeps } from './deps.ts';

/** Largest staff form post: a reply or note at the message limit in 4-byte characters, and room. */
export const STAFF_MAX_BODY_BYTES = 64 * 1024;

/**
 * The staff side as its own Hono app: mounted into the public app locally
 * (`app.route('/', createStaffApp(deps))`), and run alone by functions/staff.ts in AWS,
 * where it has its own role (it may decrypt contact details; the public function may not).
 * Every middleware here is scoped to the staff paths, so mounting it at '/' leaves the
 * public pages untouched.
 */
export function createStaffApp(deps: StaffAppDeps) {
  const app = new Hono<StaffEnv>({ strict: false });

  for (const path of STAFF_PATTERNS.hono) {
    // In AWS the staff function runs this app alone, without the public app's compress() in
    // front of it; locally the outer one sees Content-Encoding already set and leaves it.
    app.use(path, compress());
    app.use(path, securityHeaders());
    app.use(path, noStoreByDefault());
    // Forms of other sites are refused before anything reads them (anti-forgery tokens remain).
    app.use(
      path,
      refuseCrossSite((c) => renderMessage(c, 'staff.crossSite.title', 'staff.crossSite.body', 403, 'signIn')),
    );
    app.use(
      path,
      bodyLimit({
        maxSize: STAFF_MAX_BODY_BYTES,
        onError: (c) => renderMessage(c, 'staff.tooLarge.title', 'staff.tooLarge.body', 413, 'queue'),
      }),
    );
    // After the size limit, before anything reads the body: unreadable forms are a 400 here.
    app.use(path, readableForm());
    app.use(path, staffSession(deps));
  }

  app.get(`${STAFF_ASSETS}/:name`, (c) => {
    const asset = findStaffAsset(c.req.param('name'));
    if (!asset) return renderNotFound(c);
    c.header('Content-Type', asset.type);
    c.header('ETag', asset.etag);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    if (c.req.header('If-None-Match') === asset.etag) return c.body(null, 304);
    return c.body(asset.body);
  });

  signInRoutes(app, deps);
  queueRoutes(app, deps);
  submissionRoutes(app, deps);
  groupRoutes(app, deps);
  statsRoutes(app, deps);
  briefRoutes(app, deps);
  adminRoutes(app, deps);

  app.notFound((c) => renderNotFound(c));
  app.onError((error, c) => {
    deps.log?.('staff.request-failed', { error: error.name, message: error.message });
    return renderMessage(c, 'staff.error.title', 'staff.error.body', 500, 'queue');
  });
  return app;
}
