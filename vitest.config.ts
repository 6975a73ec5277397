import { defineConfig } from 'vitest/config';

/**
 * One run for every suite: unit tests beside their code, integration, browser and infra
 * suites under tests/. Three files at a time on two cores: a browser suite spends much of
 * its time waiting on a page, a workflow or a timer (two at a time kept the two cores
 * about half busy: 25.7 CPU-minutes in a 24-minute run), and each starts one Chromium.
 */
export default defineConfig({
  test: {
    include: [
      'packages/**/*.test.{ts,tsx}',
      'web/**/*.test.{ts,tsx}',
      'functions/**/*.test.ts',
      'dev/**/*.test.ts',
      'tests/**/*.test.{ts,tsx}',
    ],
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // MASHURA_TEST_LANGUAGES serves the test-only rows of packages/core/languages.ts (the
    // pseudo-locale at /qps-plocm), so every suite that loops over the languages covers it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', MASHURA_TEST_LANGUAGES: '1' },
  },
});
