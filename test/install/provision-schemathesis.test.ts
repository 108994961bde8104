// The install step that provides schemathesis for the API fuzz test: a second run finds it and does
// nothing, and a machine without Python 3 still installs, told what the fuzz test will need.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { testTmpDir } from '../support/paths';

const run = promisify(execFile);
const script = 'provision-schemathesis.mjs';

it('is idempotent: a second run installs nothing', async () => {
  const { stdout, stderr } = await run(process.execPath, [path.join(projectRoot, 'scripts', script)], { cwd: projectRoot });
  expect(stdout).not.toContain('installing');
  expect(stderr).toBe('');
  expect(stdout).toMatch(/schemathesis: using .*schemathesis/);
});

it('goes on with a warning that says what to install when there is no Python', async () => {
  // A copy of the scripts in a project of its own, with no .tools, and a PATH without python.
  const root = mkdtempSync(path.join(testTmpDir(), 'no-python-'));
  mkdirSync(path.join(root, 'scripts'));
  for (const file of [script, 'schemathesis.mjs', 'temporal-pins.mjs']) copyFileSync(path.join(projectRoot, 'scripts', file), path.join(root, 'scripts', file));
  const emptyDir = mkdtempSync(path.join(testTmpDir(), 'empty-path-'));
  const { SCHEMATHESIS_PATH: _, ...env } = process.env;
  const { stderr } = await run(process.execPath, [path.join(root, 'scripts', script)], { cwd: root, env: { ...env, PATH: emptyDir } });
  expect(stderr).toContain('python3 was not found on PATH');
  expect(stderr).toContain('the API fuzz test needs schemathesis 4.32.5: install Python 3 with venv and re-run "npm install"');
});
