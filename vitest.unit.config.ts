import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:unit`: the pure unit tests beside the code in packages/core (the domain, its
 * tables and catalogues) and packages/mail (email rendering) — seconds, no browser, no
 * service, no DynamoDB. `npm test` runs everything.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['packages/core/**/*.test.ts', 'packages/mail/**/*.test.ts'],
  },
});
