import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directionOf, LANGUAGE_TABLE, languageOfPath, localPath, otherLanguage, withoutPrefix } from './languages.ts';
import { LANGUAGES } from './options.ts';

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
const FORBIDDEN = [
  /[!=]==\s*'(ar|en)'/,
  /'(ar|en)'\s*[!=]==/,
  /\?\s*'rtl'\s*:\s*'ltr'/,
  /as\s+'ose'\s*\|\s*'donors'/,
  /:\s*'ose'\s*\|\s*'donors'/,
];

describe('the language table', () => {
  it('has a row for every language', () => {
    expect(Object.keys(LANGUAGE_TABLE).sort()).toEqual([...LANGUAGES].sort());
  });

  it('maps paths both ways', () => {
    expect(languageOfPath('/')).toBe('ar');
    expect(languageOfPath('/en')).toBe('en');
    expect(languageOfPath('/en/status')).toBe('en');
    expect(languageOfPath('/entry')).toBe('ar');
    expect(localPath('ar', '/')).toBe('/');
    expect(localPath('en', '/')).toBe('/en');
    expect(localPath('en', '/staff')).toBe('/en/staff');
    expect(withoutPrefix('en', '/en')).toBe('/');
    expect(withoutPrefix('en', '/en/status')).toBe('/status');
    expect(withoutPrefix('ar', '/status')).toBe('/status');
    expect(otherLanguage('ar')).toBe('en');
    expect(otherLanguage('en')).toBe('ar');
    expect(directionOf('ar')).toBe('rtl');
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
