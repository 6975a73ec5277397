/**
 * Every served language, the test-only pseudo-locale included (vitest.config.ts), through the
 * composed apps: what the language table promises reaches the pages, and a gap in a catalogue
 * fails the check `npm test` and `npm start` run. No store is touched: the pages here only read.
 */
import { describe, expect, it } from 'vitest';
import {
  assertPublicCataloguesComplete,
  autonymOf,
  catalogues,
  directionOf,
  LANGUAGE_TABLE,
  LANGUAGES,
  type Language,
  languageOfPath,
  localPath,
  STAFF_LANGUAGES,
  translator,
  withoutPrefix,
} from '#core';
import { statusUrl } from '../functions/intake/tasks.ts';
import { describeReport, htmlValidate } from '../tests/support/html-validate.ts';
import { type AppDeps, createApp } from './public/app.tsx';
import { createStaffApp } from './staff/app.tsx';
import type { StaffAppDeps } from './staff/deps.ts';

const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used by these pages')) });
const publicApp = () =>
  createApp({ intake: unused, submissions: unused, exitUrl: 'https://www.example.com/' } as unknown as AppDeps);

describe.each(LANGUAGES)('the form in %s', (language) => {
  const t = translator(language);

  it('has the language and direction of its row, and valid HTML', async () => {
    const response = await publicApp().request(localPath(language, '/'));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html><html lang="${language}" dir="${directionOf(language)}">`));
    expect(html).toContain(t('form.title'));
    const report = await htmlValidate.validateString(html);
    expect(report.valid, describeReport(report, html)).toBe(true);
  });

  it('links to itself in every other language, named in that language, with hreflang alternates', async () => {
    const html = await (await publicApp().request(localPath(language, '/privacy'))).text();
    for (const other of LANGUAGES.filter((l) => l !== language)) {
      const href = localPath(other, '/privacy');
      expect(html).toContain(`<link rel="alternate" hreflang="${other}" href="${href}"/>`);
      expect(html).toContain(
        `<a class="language-link" href="${href}" hreflang="${other}" lang="${other}">${autonymOf(other)}</a>`,
      );
    }
  });

  it('puts the exit link before the language links, so it stays among the first four Tab stops', async () => {
    const html = await (await publicApp().request(localPath(language, '/'))).text();
    const stops = [...html.matchAll(/<(a|button|input|select|textarea)\b[^>]*>/g)].map((m) => m[0]);
    const exitAt = stops.findIndex((tag) => tag.includes('data-exit'));
    expect(exitAt).toBeGreaterThanOrEqual(0);
    expect(exitAt).toBeLessThan(4);
  });

  it('sends its submitters a status link in their own language', () => {
    const url = statusUrl('https://mashura.example', { language, reference: 'ABCD2345WXYZ' });
    expect(url).toBe(`https://mashura.example${localPath(language, '/status')}?reference=ABCD2345WXYZ`);
  });
});

describe('staff pages', () => {
  it('are registered once, in the staff languages only', () => {
    const app = createStaffApp({
      secret: 'test',
      config: { sessionHours: 12, signInsPer15Minutes: 5 },
    } as StaffAppDeps);
    const pages = app.routes
      .filter((route) => route.method === 'GET' && !route.path.includes('/assets/'))
      .map((route) => route.path);
    for (const language of LANGUAGES.filter((l) => !LANGUAGE_TABLE[l].staff)) {
      expect(pages.filter((path) => path.startsWith(localPath(language, '/staff')))).toEqual([]);
    }
    // Each staff language registers the same pages once: the same list under each prefix
    // (a language whose loop reused another's prefix would register that one's twice).
    const under = (language: Language) =>
      pages
        .filter((path) => languageOfPath(path, STAFF_LANGUAGES) === language)
        .map((path) => withoutPrefix(language, path))
        .sort();
    const [first, ...rest] = STAFF_LANGUAGES;
    expect(under(first)).toContain('/staff/account');
    for (const language of rest) expect(under(language), language).toEqual(under(first));
  });
});

describe('the catalogue check (npm test here, npm start in dev/runtime.ts; not at a cold start)', () => {
  it('fails when a served language misses a key, naming it', () => {
    // The table's last served language (the pseudo-locale in a test run), whichever it is.
    const language = LANGUAGES.at(-1) ?? LANGUAGES[0];
    const catalogue = catalogues[language] as Record<string, unknown>;
    const saved = catalogue['exit.label'];
    const broken = { ...catalogue };
    delete broken['exit.label'];
    const original = Object.getOwnPropertyDescriptor(catalogues, language) as PropertyDescriptor;
    Object.defineProperty(catalogues, language, { value: broken, configurable: true, enumerable: true });
    try {
      expect(assertPublicCataloguesComplete).toThrow(`${language}: exit.label`);
      // The app composes all the same: a Lambda's cold start no longer checks (issue 17).
      expect(publicApp).not.toThrow();
    } finally {
      Object.defineProperty(catalogues, language, original);
    }
    expect(saved).toBeDefined();
    expect(assertPublicCataloguesComplete).not.toThrow();
  });
});
