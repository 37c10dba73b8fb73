import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Suites that build an index share one built in globalSetup rather than each building its own.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
