import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { compress } from 'hono/compress';
import { html } from 'hono/html';
import { groupCode, newFormToken, receiptFromToken, referenceFromToken } from '#core';
import { ReferenceConfirmation, type ReferenceErrors, ReferenceForm } from './page.tsx';

/**
 * A tiny server for the GOV.UK Frontend reference: the same flow as the real form (GET
 * the form, POST it empty for the error state, POST it filled for the confirmation) and
 * the same compression middleware, so the only difference a browser sees is the page.
 */
const dist = join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist', 'govuk');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

/** Every file the page can ask for: the compiled CSS and JS, and the fonts and images they refer to. */
function assetFiles(): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const add = (path: string, file: string) =>
    files.set(path, { body: readFileSync(join(dist, file)), type: TYPES[extname(file)] ?? 'application/octet-stream' });
  add('/assets/govuk-frontend.min.css', 'govuk-frontend.min.css');
  add('/assets/govuk-frontend.min.js', 'govuk-frontend.min.js');
  add('/assets/manifest.json', 'assets/manifest.json');
  const css = readFileSync(join(dist, 'govuk-frontend.min.css'), 'utf8');
  const icons = ['favicon.ico', 'favicon.svg', 'govuk-icon-mask.svg', 'govuk-icon-180.png'].map((x) => `/images/${x}`);
  const referenced = [...css.matchAll(/url\((\/assets\/[^)]+)\)/g)].map((match) => match[1]!.replace('/assets', ''));
  for (const path of [...new Set([...referenced, ...icons])]) add(`/assets${path}`, `assets${path}`);
  return files;
}

const INIT_JS = "import { initAll } from '/assets/govuk-frontend.min.js';\ninitAll();\n";

export interface ReferenceServer {
  url: string;
  stop(): Promise<void>;
}

export async function startReferenceServer(): Promise<ReferenceServer> {
  const files = assetFiles();
  const secret = 'reference';
  const app = new Hono();
  app.use(compress());
  app.get('/assets/init.js', (c) => c.body(INIT_JS, 200, { 'Content-Type': TYPES['.js']! }));
  app.get('/assets/*', (c) => {
    const file = files.get(c.req.path);
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file.body), 200, {
      'Content-Type': file.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  const page = (c: Context, body: unknown, status: 200 | 400 = 200) => {
    c.header('Cache-Control', 'no-store');
    return c.html(html`<!DOCTYPE html>${body}`, status);
  };
  app.get('/', (c) => page(c, ReferenceForm({})));
  app.post('/', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const errors: ReferenceErrors = {};
    if (!form.addressee) errors.addressee = 'Choose who your input is for';
    if (!form.topics) errors.topics = 'Choose at least one topic';
    if (!String(form.message ?? '').trim()) errors.message = 'Write your input';
    if (Object.keys(errors).length > 0) return page(c, ReferenceForm({ errors }), 400);
    const token = newFormToken();
    return c.redirect(`/sent/${referenceFromToken(token)}?r=${receiptFromToken(secret, token)}`, 303);
  });
  app.get('/sent/:reference', (c) =>
    page(
      c,
      ReferenceConfirmation({
        reference: groupCode(c.req.param('reference')),
        receipt: groupCode(c.req.query('r') ?? ''),
      }),
    ),
  );

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((done) => server.once('listening', () => done()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
