// The `harpoon` CLI as a user runs it: `harpoon --help`, and a read command (`accounts list --json`
// over the 201 sample accounts) as child processes, against starting Node itself (`node -e 0`), the
// floor no Node CLI goes below. Alternating, several runs; the goals are absolute (a person waits).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { seedSampleData } from '../accounts/seed-sample-data';
import { projectRoot } from '../config/env';
import { fmtMs, freshDb, median, type BenchResult } from './support';

const RUNS = 7;
const bin = path.join(projectRoot, 'bin', 'harpoon.mjs');

function timed(args: string[], env: Record<string, string> = {}): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd: projectRoot, env: { ...process.env, ...env } }, (err) =>
      err ? reject(err) : resolve(performance.now() - start),
    ),
  );
}

const spread = (ms: number[]) => `min ${fmtMs(Math.min(...ms))} / median ${fmtMs(median(ms))} / max ${fmtMs(Math.max(...ms))}`;

export async function run(): Promise<BenchResult[]> {
  const { db, url } = await freshDb();
  await seedSampleData(db);
  await db.$disconnect();
  const env = { DATABASE_URL: url };
  // The first call after a source change compiles the CLI (.cache/cli); that is not what is measured.
  await timed([bin, '--help']);
  const node: number[] = [];
  const help: number[] = [];
  const read: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(await timed(['-e', '0']));
    help.push(await timed([bin, '--help']));
    read.push(await timed([bin, 'accounts', 'list', '--json'], env));
  }
  const nodeMs = median(node);
  const row = (name: string, ms: number[], goalMs: number): BenchResult => ({
    name,
    measurement: fmtMs(median(ms)),
    baseline: `${fmtMs(nodeMs)} (node -e 0)`,
    ratio: median(ms) / nodeMs,
    goal: `< ${fmtMs(goalMs)}`,
    pass: median(ms) < goalMs,
    notes: [`${RUNS} runs alternating with node -e 0: ${spread(ms)}; node -e 0: ${spread(node)}`],
    checks: [],
  });
  return [row('cli-help', help, 300), row('cli-read (accounts list --json)', read, 700)];
}
