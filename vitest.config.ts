import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', '**/*.test.ts'],
    exclude: ['node_modules/**', '.tools/**', '.data/**', 'generated/**'],
    // Temporal's native worker and better-sqlite3 are happier in child processes than in threads.
    pool: 'forks',
    // Vitest's default (cores - 1) runs one file at a time on two cores, though most files spend
    // their time waiting on Temporal, SMTP or a browser rather than computing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
