import { defineConfig } from 'vitest/config';

// Domain and use-case tests share nothing but the worker's in-memory dynalite (a table per test): they reuse
// workers across files instead of loading the AWS SDK and dynalite again for each (two thirds of their CPU time).
// Files that mock SDK clients (aws-sdk-client-mock patches their prototypes) or start servers stay isolated.
const sharedWorkers = ['test/unit/**/*.test.ts', 'test/support/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores run two files at a time.
    maxWorkers: 2,
    env: {
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
      // EMF lines of Powertools Metrics are for CloudWatch: none in test output.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    },
    // CI reads the JSON report to print a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
    projects: [
      { extends: true, test: { name: 'domain', include: sharedWorkers, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: sharedWorkers } },
    ],
  },
});
