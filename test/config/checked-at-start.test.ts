// Each entry point that loads the configuration (npm run worker, harpoon serve and so npm start) refuses a
// bad one before it starts anything: the files the settings name are read with the rest of it, and
// every problem is in the one listing, with exit code 1.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { freePort } from '../support/free-port';
import { testTmpDir } from '../support/paths';

type Ended = { code: number | null; stdout: string; stderr: string };

/** Runs an entry point as a user would; one still running after `withinMs` has started: it is stopped. */
function run(args: string[], env: Record<string, string>, withinMs = 30_000): Promise<Ended> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: projectRoot, env: { ...process.env, ...env }, timeout: withinMs }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = mkdtempSync(path.join(testTmpDir(), 'checked-at-start-'));
  const rules = path.join(dir, 'rules.yaml');
  writeFileSync(rules, '- name: vip\n  tiers: [1]\n  decide: continue\n');
  const nobody = await freePort();
  env = {
    HARPOON_DATA_DIR: dir,
    DATABASE_URL: `file:${path.join(dir, 'harpoon.db')}`,
    // Should a check be missed, what starts stays here: no dev server or SMTP sink, no shared Temporal.
    TEMPORAL_ADDRESS: `127.0.0.1:${nobody}`,
    TEMPORAL_TASK_QUEUE: `checked-at-start-${process.pid}`,
    SMTP_URL: `smtp://127.0.0.1:${nobody}`,
    HTTP_PORT: String(await freePort()),
    HARPOON_SEED: 'false',
    HARPOON_SCORING_FILE: path.join(dir, 'nope.json'),
    REVIEW_RULES_FILE: rules,
  };
});

// `npm start` reads the configuration as `harpoon serve` does, in the CLI before its action runs
// (test/config/env.test.ts shows the CLI's listing); the worker reads it on its own.
it.each([
  ['npm run worker', ['--import', 'tsx', 'worker/main.ts']],
  ['harpoon serve', ['bin/harpoon.mjs', 'serve']],
])('%s refuses a scoring model or review rules file it cannot use, before starting', async (_name, args) => {
  const ended = await run(args, env);
  expect(ended.stderr).toContain('Invalid configuration');
  expect(ended.stderr).toContain(`HARPOON_SCORING_FILE="${path.join(dir, 'nope.json')}": cannot be read (ENOENT)`);
  expect(ended.stderr).toContain(`REVIEW_RULES_FILE="${path.join(dir, 'rules.yaml')}": 0.tiers.0: rules decide tiers 2 and 3`);
  expect(ended.stderr).not.toMatch(/\n\s+at /);
  expect(ended.stdout).toBe('');
  expect(ended.code).toBe(1);
});
