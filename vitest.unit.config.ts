import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:unit`: the pure unit tests beside the code in packages/ (the domain, its
 * tables and catalogues, email rendering) and the language checks of the composed apps
 * (web/languages.test.ts) — seconds, no browser, no service, no DynamoDB. `npm test` runs
 * everything.
 */
export default defineConfig({
  test: {
    ...base.test,
    projects: undefined,
    include: ['packages/core/**/*.test.ts', 'packages/mail/**/*.test.ts', 'web/languages.test.ts'],
  },
});
