import { defineConfig } from 'vitest/config';

/**
 * `npm run test:screen-reader`: the Orca journeys, a real screen reader on a private Xvfb
 * desktop. One file at a time, one Orca at a time (Orca allows one instance per user);
 * CI runs it after `npm test` (.ci/run).
 */
export default defineConfig({
  test: {
    include: ['tests/screen-reader/**/*.journey.ts'],
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
