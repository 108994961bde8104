// What the CLI prints reaches a reader on a pipe whole, however slowly it reads: a refused file's
// long list of rows (stderr, exit code 1), as with `harpoon accounts import big.csv 2>&1 | less`.
// (A command that succeeds ends when its output is out; only the exit on a refusal cut it short.)
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
const env = () => ({ DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, TEMPORAL_ADDRESS: '127.0.0.1:1' });

/**
 * Runs the CLI with both outputs on pipes that nobody reads until it has stopped writing (it has
 * exited, or it waits on full pipes), as `... | (sleep 1; wc -l)` does; then reads all of them.
 */
async function runWithLateReader(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'harpoon.mjs'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  let exited = false;
  child.on('exit', () => (exited = true));
  const out = { stdout: '', stderr: '' };
  // Listened to (so nothing read is thrown away once the CLI exits) but paused: read nothing yet.
  for (const name of ['stdout', 'stderr'] as const) child[name].setEncoding('utf8').on('data', (s: string) => (out[name] += s)).pause();
  // Unread, each pipe fills up to what the kernel and the stream buffer hold; once that stops growing, it waits.
  for (let held = -1; !exited; ) {
    await sleep(500);
    const now = child.stdout.readableLength + child.stderr.readableLength;
    if (now > 0 && now === held) break;
    held = now;
  }
  child.stdout.resume();
  child.stderr.resume();
  const code = await closed;
  return { code, ...out };
}

it('prints every refused row of a large file to a late reader, then exits 1', async () => {
  const file = path.join(t.dir, 'many.csv');
  writeFileSync(file, ['domain,name,tier', ...Array.from({ length: 5000 }, (_, i) => `bad${i + 1}.example,B${i + 1},9`)].join('\n'));
  const refused = await runWithLateReader(['accounts', 'import', file]);
  expect(refused.code).toBe(1);
  const lines = refused.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(5001);
  expect(lines[0]).toMatch(/^harpoon: many\.csv: 5000 of 5000 rows are invalid/);
  expect(lines.at(-1)).toBe('row 5001, column tier: 9 is not a tier, expected 1 (one-to-one), 2 (one-to-few) or 3 (one-to-many), or auto for the tier its score gives');
});
