import { defineConfig } from 'vitest/config';

/**
 * One run for every suite: unit tests beside their code, integration, browser and infra
 * suites under tests/. Two cores here, so at most two files at a time; browser suites
 * start one Chromium each (three at a time was measured slower: 1,349 s against 1,273 s,
 * with the load average at 9).
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
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // MASHURA_TEST_LANGUAGES serves the test-only rows of packages/core/languages.ts (the
    // pseudo-locale at /qps-plocm), so every suite that loops over the languages covers it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', MASHURA_TEST_LANGUAGES: '1' },
  },
});
