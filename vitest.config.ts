import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The tests play a user's terminal, not a CI log: Ink (is-in-ci) would otherwise draw only the
    // last frame, with no alternate screen and no line-by-line updates, whenever CI is set.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
    // In CI also write a JSON report, from which .ci/run prints one plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/test-results.json' }]] : ['default'],
  },
});
