// Runs the real CLI (`bin/harpoon.mjs`) as a child process, as a user would.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../config/env';

export type CliResult = { code: number; stdout: string; stderr: string };

/** Under the suite's 120 s test timeout, so a stuck command fails its test with where it was stuck. */
const answerWithinMs = 100_000;

/**
 * Where a stuck CLI was: Node's diagnostic report (asked for with SIGUSR2) gives its JavaScript
 * stack and its open handles (a socket to the database or to Temporal, a timer), which a killed
 * process's empty output cannot. A CLI on the PostgreSQL leg once sat silent for 120 s in CI.
 */
function stuckAt(reportDir: string): string {
  const file = readdirSync(reportDir).find((f) => f.endsWith('.json'));
  if (!file) return 'no diagnostic report';
  const report = JSON.parse(readFileSync(path.join(reportDir, file), 'utf8')) as {
    javascriptStack?: { message?: string; stack?: string[] };
    libuv?: { type: string; is_active?: boolean; localEndpoint?: unknown; remoteEndpoint?: unknown; firesInMsFromNow?: number }[];
  };
  const stack = [report.javascriptStack?.message, ...(report.javascriptStack?.stack ?? []).slice(0, 12)].filter(Boolean).join('\n  ');
  const handles = (report.libuv ?? [])
    .filter((h) => h.is_active)
    .map((h) => `${h.type}${h.remoteEndpoint ? ` to ${JSON.stringify(h.remoteEndpoint)}` : ''}${h.firesInMsFromNow !== undefined ? ` firing in ${h.firesInMsFromNow} ms` : ''}`);
  return `stack:\n  ${stack || '(idle: waiting for I/O)'}\nactive handles: ${handles.join('; ') || 'none'}`;
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-cli-report-'));
  return new Promise<CliResult>((resolve) => {
    let stuck = '';
    let killTimer: NodeJS.Timeout | undefined;
    const child = execFile(
      process.execPath,
      ['--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${reportDir}`, path.join(projectRoot, 'bin', 'harpoon.mjs'), ...args],
      { cwd: projectRoot, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        clearTimeout(timer);
        clearTimeout(killTimer);
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        // A CLI killed (here, or by a signal) or never started says nothing itself: say it here.
        const ended = err && typeof err.code !== 'number' ? `\n[runCli: ${stuck || (err.killed ? `killed by ${err.signal}` : err.message)}]` : '';
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + ended });
      },
    );
    const timer = setTimeout(() => {
      child.kill('SIGUSR2');
      killTimer = setTimeout(() => {
        stuck = `no answer within ${answerWithinMs / 1000} s, killed; ${stuckAt(reportDir)}`;
        child.kill('SIGKILL');
      }, 2_000);
    }, answerWithinMs);
  }).finally(() => rmSync(reportDir, { recursive: true, force: true }));
}

/** Runs a command that must succeed; when it does not, the test fails with what the command said. */
export async function runCliOk(args: string[], env: Record<string, string>): Promise<CliResult> {
  const result = await runCli(args, env);
  if (result.code !== 0) throw new Error(`harpoon ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result;
}
