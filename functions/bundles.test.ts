import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUDGETS } from '../bench/budgets.ts';
import { appNodejsProps, type Bundle, bundle } from '../bench/lambda.ts';

/**
 * What each Lambda bundles, as `sst deploy` bundles it (bench/lambda.ts): the boundaries the
 * cold-start budgets depend on (issue 17), held here so a change that crosses one fails a
 * test, not only the bench. Sizes and times stay the bench's.
 */
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'mashura-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function built(entry: string): Promise<Bundle> {
  const esbuild = createRequire(createRequire(join(root, 'package.json')).resolve('sst/package.json'))(
    'esbuild',
  ) as typeof import('esbuild');
  const { props } = await appNodejsProps();
  return bundle(esbuild, props, join(root, entry), join(dir, entry.replace(/[/.]/g, '-')));
}

/** The project files and packages in some of a bundle's output files. */
function inputsOf(bundled: Bundle, files: string[]): string[] {
  const wanted = new Set(files);
  return Object.entries(bundled.metafile.outputs)
    .filter(([file]) => wanted.has(resolve(root, file)))
    .flatMap(([, output]) => Object.keys(output.inputs));
}

describe('Lambda bundles', () => {
  it('keep the staff side, the mail side and the decrypt path out of the public function, lazily or not', async () => {
    const http = await built('functions/http.ts');
    const everything = inputsOf(http, [...http.statics, ...http.lazy]);
    expect(everything.some((input) => input.startsWith('web/public/'))).toBe(true);
    expect(BUDGETS.publicForbidden.filter((part) => everything.some((input) => input.includes(part)))).toEqual([]);
    // A cold start loads no SDK client and no staff catalogue: those are chunks for later.
    const cold = inputsOf(http, http.statics);
    expect(cold.filter((input) => /@aws-sdk\/client-|i18n\/staff/.test(input))).toEqual([]);
  }, 60_000);

  it('load the email renderers and their catalogues only when a task first sends', async () => {
    for (const entry of [
      'functions/statement/send-statement.ts',
      'functions/brief/send-brief-email.ts',
      'functions/intake/send-inbox-email.ts',
    ]) {
      const task = await built(entry);
      const cold = inputsOf(task, task.statics);
      const later = inputsOf(task, task.lazy);
      expect({
        entry,
        cold: cold.filter((input) => /packages\/mail\/render|i18n\/(ar|en|staff)\.ts/.test(input)),
      }).toEqual({ entry, cold: [] });
      expect(later).toContain('packages/mail/render.ts');
      // The full zod build is for nothing a task does: zod/mini only.
      expect(cold.filter((input) => input.includes('zod/v4/classic/'))).toEqual([]);
    }
  }, 120_000);
});
