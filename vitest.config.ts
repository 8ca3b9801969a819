import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Real servers, files and a browser: give slow machines room, but never call a test
    // slow by failing it; speed belongs to bench/.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The end-to-end tests start whole servers; on two cores they run better one file at a time.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
