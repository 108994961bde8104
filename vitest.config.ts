import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', '**/*.test.ts'],
    exclude: ['node_modules/**', '.tools/**', '.data/**', 'generated/**'],
    // Temporal's native worker and better-sqlite3 are happier in child processes than in threads.
    pool: 'forks',
    // Vitest's default (cores - 1) runs one file at a time on two cores, though many files spend
    // part of their time waiting on Temporal, SMTP or a browser rather than computing: on 2 cores,
    // three at a time took 319 s where two took 359 s (2026-12-05), and four 301–303 s where three
    // took 354 s (2026-12-07).
    maxWorkers: availableParallelism() + 2,
    // Each worker process runs file after file with the modules it already loaded, instead of a new
    // process and module graph per file: that was 157 s of the suite's 523 on 2 cores. Files share
    // no mocks, no environment changes and no globals, and each opens and closes its own servers
    // and databases; a module's state shared across files is then a state two parts of one process
    // share in production too (it found one: the template check after a send).
    isolate: false,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
