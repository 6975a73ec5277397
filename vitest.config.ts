import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files, longest first, as a clean run here measured them (seconds on two
 * cores). Without a cache, Vitest starts files in glob order, and a long file that starts
 * last keeps one core busy alone at the end; longest first, the two workers finish nearly
 * together. Order only: no test depends on it, and a file missing here runs after these.
 */
const LONGEST_FIRST = [
  // Files marked "alone" were measured after this session's page reuse (tests/browser: one page
  // per language or role across the states), each file alone with --maxWorkers=1 at a load of 5-8.
  'tests/browser/accessibility.test.ts', // 119 s alone (was 185 s alone)
  'tests/browser/journeys.test.ts', // 106 s
  'tests/browser/staff-accessibility.test.ts', // 105 s alone (was 143 s alone)
  'tests/browser/resend.test.ts', // 90 s
  'tests/browser/follow-up.test.ts', // 85 s alone (was 95 s alone)
  'tests/browser/consultations.test.ts', // 76 s alone (was 131 s alone)
  'tests/browser/voice.test.ts', // ≈ 70 s (new; measured alone under load)
  'tests/browser/briefs-accessibility.test.ts', // 68 s alone (was 99 s alone)
  'tests/infra/stacks.test.ts', // 86 s alone (load 5-8), 61-67 s of it the ci synth the infra files share
  'tests/browser/origins.test.ts', // 62 s
  'tests/integration/load-faults.test.ts', // 62 s alone (load 4-4.5)
  'tests/integration/hostile.test.ts', // 57 s alone (load 4.4-4.9)
  'tests/browser/atspi.test.ts', // 54 s
  'tests/browser/consultations-staff.test.ts', // 52 s
  'tests/integration/hostile-posts.test.ts', // 35 s alone (load 6)
  'tests/infra/hardening.test.ts', // 46 s in a run (alone, with its own ci synth: 104 s at load 7.5)
  'web/staff/app.test.ts', // 45 s
  'tests/integration/dynamodb-local.test.ts', // 45 s
  'tests/browser/staff-search.test.ts', // 44 s alone (was 59 s alone)
  'tests/infra/workflow.test.ts', // 44 s
  'tests/browser/staff-journeys.test.ts', // 39 s
  'tests/integration/search.test.ts', // 37 s
  'tests/browser/briefs.test.ts', // 36 s
  'tests/integration/restart.test.ts', // 30 s
  'tests/integration/staff-store.test.ts', // 27 s
  'tests/integration/intake-workflow.test.ts', // 20 s
  'tests/integration/privacy.test.ts', // 18 s before its clock (alone: tests 17 s -> 10 s)
  'tests/browser/screen-reader.test.ts', // 15 s
  'functions/staff-stream.test.ts', // 11 s
  'tests/integration/outcome-workflow.test.ts', // 10 s
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
      'bench/**/*.test.ts',
    ],
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // MASHURA_TEST_LANGUAGES serves the test-only rows of packages/core/languages.ts (the
    // pseudo-locale at /qps-plocm), so every suite that loops over the languages covers it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', MASHURA_TEST_LANGUAGES: '1' },
  },
});
