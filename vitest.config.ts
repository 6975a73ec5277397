import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files, longest first, as a clean run here measured them (seconds on two
 * cores). Without a cache, Vitest starts files in glob order, and a long file that starts
 * last keeps one core busy alone at the end; longest first, the two workers finish nearly
 * together. Order only: no test depends on it, and a file missing here runs after these.
 */
const LONGEST_FIRST = [
  // Worker seconds per file in a clean run of `npm test` here (2026-12-02, 04:45, 862 s in all).
  'tests/browser/staff-accessibility.test.ts', // 136 s
  'tests/browser/accessibility.test.ts', // 128 s
  'tests/browser/resend.test.ts', // 95 s
  'tests/browser/journeys.test.ts', // 85 s
  'tests/browser/consultations.test.ts', // 79 s
  'tests/browser/briefs-accessibility.test.ts', // 76 s
  'tests/browser/follow-up.test.ts', // 74 s
  'tests/infra/stacks.test.ts', // 65 s
  'tests/integration/dynamodb-local.test.ts', // 64 s
  'tests/browser/origins.test.ts', // 59 s
  'tests/integration/load-faults.test.ts', // 56 s
  'tests/browser/staff-search.test.ts', // 54 s
  'tests/browser/atspi.test.ts', // 53 s
  'tests/browser/voice.test.ts', // 50 s
  'tests/browser/consultations-staff.test.ts', // 48 s
  'tests/integration/search.test.ts', // 38 s
  'tests/integration/hostile-posts.test.ts', // 36 s
  'tests/browser/staff-journeys.test.ts', // 30 s
  'tests/integration/hostile.test.ts', // 28 s
  'tests/browser/briefs.test.ts', // 24 s
  'web/staff/app.test.ts', // 22 s
  'tests/integration/restart.test.ts', // 17 s
  'tests/integration/staff-store.test.ts', // 15 s
  'tests/integration/intake-workflow.test.ts', // 14 s
  'functions/staff-stream.test.ts', // 9 s
  'tests/browser/screen-reader.test.ts', // 9 s
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.findIndex((path) => file.moduleId.endsWith(`/${path}`));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

/** Every suite: unit tests beside their code, integration, browser and infra suites under tests/. */
const SUITES = [
  'packages/**/*.test.{ts,tsx}',
  'web/**/*.test.{ts,tsx}',
  'functions/**/*.test.ts',
  'dev/**/*.test.ts',
  'tests/**/*.test.{ts,tsx}',
  'bench/**/*.test.ts',
];

/**
 * Files that need a module graph (and a process) of their own: they replace a module
 * (`vi.mock`), set a variable that modules read when they are imported, or measure memory. Every other file shares its worker's
 * modules with the files before it (`isolate: false`): Playwright, the AWS SDK, aws-cdk-lib,
 * the local service and the stacks' synthesis are imported once per worker, not once per
 * file (a clean run spent 223 s of its two workers' time importing). No suite keeps state
 * in a shared module: each starts and stops its own service and browser.
 */
const OWN_MODULES = [
  'packages/core/follow-up.test.ts', // vi.mock('./codes.ts')
  'packages/core/languages.test.ts', // vi.stubEnv before importing the language table again
  'tests/integration/dynamodb-local.test.ts', // DYNAMODB_TEST_ENDPOINT for the modules it imports
  'functions/staff-stream.test.ts', // measures its own memory growth: no other file's garbage in the heap
];

/**
 * Two cores here, so at most two files at a time; browser suites start one Chromium each
 * (three at a time was measured slower twice: 1,349 s against 1,273 s, and on 2026-12-02
 * each browser file took 1.5–1.8× as long, more than the third worker gave).
 */
export default defineConfig({
  test: {
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // MASHURA_TEST_LANGUAGES serves the test-only rows of packages/core/languages.ts (the
    // pseudo-locale at /qps-plocm), so every suite that loops over the languages covers it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', MASHURA_TEST_LANGUAGES: '1' },
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: SUITES, exclude: [...configDefaults.exclude, ...OWN_MODULES], isolate: false },
      },
      { extends: true, test: { name: 'own', include: OWN_MODULES } },
    ],
  },
});
