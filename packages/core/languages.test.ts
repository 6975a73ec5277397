import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  autonymOf,
  CONTENT_LANGUAGES,
  directionOf,
  LANGUAGE_TABLE,
  LANGUAGES,
  type Language,
  languageLinks,
  languageOfPath,
  localeOf,
  localPath,
  pathPrefix,
  STAFF_LANGUAGES,
  withoutPrefix,
} from './languages.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every source file of the app outside packages/core (its tables), tests and benches. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * What silently breaks with a third language or inbox: a comparison with a language code, a
 * direction chosen by a ternary, a cast to the two inboxes. They belong in the tables.
 */
const CODES = (Object.keys(LANGUAGE_TABLE) as Language[]).join('|');
const FORBIDDEN = [
  new RegExp(`[!=]==\\s*'(${CODES})'`),
  new RegExp(`'(${CODES})'\\s*[!=]==`),
  // A catalogue key per language (`mail.language.ar`) needs every catalogue edited for a new
  // language; its name is in the table (`languageName`).
  /`mail\.language\.\$\{/,
  /\?\s*'rtl'\s*:\s*'ltr'/,
  /as\s+'ose'\s*\|\s*'donors'/,
  /:\s*'ose'\s*\|\s*'donors'/,
];

describe('the language table', () => {
  const all = Object.keys(LANGUAGE_TABLE) as Language[];

  it('serves the test-only languages in the test run only', () => {
    // vitest.config.ts sets MASHURA_TEST_LANGUAGES=1, so the pseudo-locale is served here.
    expect(LANGUAGES).toEqual(all);
    expect(all.filter((language) => LANGUAGE_TABLE[language].testOnly).length).toBeGreaterThan(0);
  });

  it.each([
    [{ MASHURA_TEST_LANGUAGES: '' }, false],
    [{ MASHURA_TEST_LANGUAGES: '1', AWS_LAMBDA_FUNCTION_NAME: 'mashura-web' }, false],
    [{ MASHURA_TEST_LANGUAGES: '1' }, true],
  ])('with %o, serves the pseudo-locale: %s', async (env, served) => {
    vi.resetModules();
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    try {
      const fresh = await import('./languages.ts');
      expect(fresh.LANGUAGES.includes('qps-plocm')).toBe(served);
      expect(fresh.LANGUAGES).toEqual(all.filter((language) => served || !LANGUAGE_TABLE[language].testOnly));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('has one root language, and distinct prefixes that are path segments', () => {
    expect(all.filter((language) => pathPrefix(language) === '')).toHaveLength(1);
    expect(new Set(all.map(pathPrefix)).size).toBe(all.length);
    for (const language of all) expect(pathPrefix(language)).toMatch(/^(|\/[a-z][a-z0-9-]*)$/);
  });

  it.each(all)('formats %s with a locale that has data and pinned digits (Node and Chromium agree)', (language) => {
    const locale = localeOf(language);
    // A locale without data falls back to the runtime's default, which differs between runtimes.
    expect(Intl.NumberFormat.supportedLocalesOf([locale])).toEqual([locale]);
    expect(Intl.DateTimeFormat.supportedLocalesOf([locale])).toEqual([locale]);
    const pinned = locale.match(/-u-nu-(\w+)/)?.[1];
    expect(new Intl.NumberFormat(locale).resolvedOptions().numberingSystem).toBe(pinned);
  });

  it.each(all)(
    'names %s in itself and in every staff language, and shows it content in a staff language',
    (language) => {
      expect(autonymOf(language).trim()).not.toBe('');
      for (const staff of STAFF_LANGUAGES) expect(LANGUAGE_TABLE[language].names[staff].trim()).not.toBe('');
      expect(CONTENT_LANGUAGES).toContain(LANGUAGE_TABLE[language].content);
    },
  );

  it.each(LANGUAGES)('maps paths of %s both ways', (language) => {
    const prefix = pathPrefix(language);
    expect(languageOfPath(localPath(language, '/'))).toBe(language);
    expect(languageOfPath(localPath(language, '/status'))).toBe(language);
    expect(localPath(language, '/')).toBe(prefix || '/');
    expect(localPath(language, '/status')).toBe(`${prefix}/status`);
    expect(withoutPrefix(language, localPath(language, '/'))).toBe('/');
    expect(withoutPrefix(language, localPath(language, '/status'))).toBe('/status');
    // A path that only starts like a prefix is the root language's.
    if (prefix) expect(languageOfPath(`${prefix}x/status`)).toBe(languageOfPath('/'));
    expect(directionOf(language)).toMatch(/^(rtl|ltr)$/);
  });

  it.each(LANGUAGES)('links a page in %s to the same page in every other language, named in its own', (language) => {
    const links = languageLinks(language, localPath(language, '/status'), LANGUAGES, '?reference=X');
    expect(links.map((link) => link.language)).toEqual(LANGUAGES.filter((other) => other !== language));
    for (const link of links) {
      expect(link.href).toBe(`${localPath(link.language, '/status')}?reference=X`);
      expect(link.autonym).toBe(autonymOf(link.language));
    }
  });

  it('offers staff pages only in the staff languages', () => {
    const links = languageLinks(STAFF_LANGUAGES[0], '/staff/inbox', STAFF_LANGUAGES);
    expect(links.map((link) => link.language)).toEqual(STAFF_LANGUAGES.slice(1));
    expect(STAFF_LANGUAGES).toEqual(LANGUAGES.filter((language) => LANGUAGE_TABLE[language].staff));
  });

  it('is the only place outside packages/core that tells languages or inboxes apart', () => {
    const found: string[] = [];
    for (const dir of ['web', 'functions', 'packages', 'stacks', 'dev']) {
      for (const file of sources(join(ROOT, dir))) {
        const name = relative(ROOT, file);
        if (name.startsWith('packages/core/')) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (FORBIDDEN.some((pattern) => pattern.test(line))) found.push(`${name}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(found).toEqual([]);
  });
});
