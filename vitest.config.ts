import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The web bundle is built once before the files run (they run two at a time and would race to build it);
    // suites that build an index share one, built by the first under a lock (test/support/test-index.ts).
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: true,
    maxWorkers: 2,
  },
});
