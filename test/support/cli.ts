// Runs the real CLI (`bin/harpoon.mjs`) as a child process, as a user would.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../config/env';

export type CliResult = { code: number; stdout: string; stderr: string };

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(projectRoot, 'bin', 'harpoon.mjs'), ...args],
      { cwd: projectRoot, env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        // A CLI killed (by the timeout, or a signal) or never started says nothing itself: say it here.
        const ended = err && typeof err.code !== 'number' ? `\n[runCli: ${err.killed ? `killed by ${err.signal} (timeout 120 s)` : err.message}]` : '';
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + ended });
      },
    );
  });
}

/** Runs a command that must succeed; when it does not, the test fails with what the command said. */
export async function runCliOk(args: string[], env: Record<string, string>): Promise<CliResult> {
  const result = await runCli(args, env);
  if (result.code !== 0) throw new Error(`harpoon ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result;
}
