// The install step that provides the Temporal binaries: a second run finds them and does nothing,
// and the runtime resolves the binaries it provided.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { temporalCliPath, temporalTestServerPath } from '../../temporal/binaries';

const run = promisify(execFile);

it('is idempotent: a second run installs nothing', async () => {
  const { stdout, stderr } = await run(process.execPath, [path.join(projectRoot, 'scripts', 'provision-temporal.mjs')], {
    cwd: projectRoot,
  });
  expect(stdout).not.toContain('installing');
  expect(stderr).not.toContain('could not provision');
  expect(stdout).toMatch(/temporal: .*(already installed|using)/);
  expect(stdout).toMatch(/temporal-test-server: .*(already installed|using)/);
});

it('resolves both binaries, and names a bad explicit path with the fix', async () => {
  const cli = temporalCliPath();
  expect(cli).toBeDefined();
  const { stdout } = await run(cli!, ['--version']);
  expect(stdout).toContain('temporal version');
  expect(temporalTestServerPath()).toBeDefined();
  expect(() => temporalCliPath('/nowhere/temporal')).toThrow('TEMPORAL_CLI_PATH=/nowhere/temporal: no such file. Fix the path or unset it.');
});
