// `npm run bench [-- name...]`: runs the benchmarks (all, or those whose name starts with one of
// the arguments) and prints each measurement against a baseline measured in the same run. Goals
// are reported, not enforced: the exit code is 1 only when a benchmark crashes or one of its
// correctness checks fails (lost messages, a duplicate send).
import { fmtRatio, printTable, removeScratch, type BenchResult, type Row } from './support';

// A benchmark may give several rows from one setup (the launch's time and its worker's memory).
type Bench = { name: string; load: () => Promise<{ run(): Promise<BenchResult | BenchResult[]> }> };

// In the order they run; each is bench/<name>.bench.ts, imported on demand, so
// `npm run bench -- engagement` loads only that benchmark's code.
const benchNames = [
  'smtp-throughput', 'accounts-import', 'engagement-score', 'send-activity', 'cli', 'launch', 'database',
  'journey-email', 'react', 'ingest', 'open-journeys', 'simulation', 'forecast', 'test-server-timers',
];
const benches: Bench[] = benchNames.map((name) => ({ name, load: () => import(`./${name}.bench.ts`) }));

function selected(args: string[]): Bench[] {
  if (args.length === 0) return benches;
  const unknown = args.filter((a) => !benches.some((b) => b.name.startsWith(a)));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.map((a) => JSON.stringify(a)).join(', ')}: expected a prefix of ${benches.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  return benches.filter((b) => args.some((a) => b.name.startsWith(a)));
}

const rows: Row[] = [];
const details: string[] = [];
let failed = false;
const started = performance.now();

try {
  for (const bench of selected(process.argv.slice(2))) {
    process.stderr.write(`running ${bench.name}...\n`);
    const t = performance.now();
    try {
      const results = [await (await bench.load()).run()].flat();
      for (const r of results) {
        const checksOk = r.checks.every((c) => c.ok);
        failed ||= !checksOk;
        rows.push({
          name: r.name,
          measurement: r.measurement,
          baseline: r.baseline,
          ratio: fmtRatio(r.ratio),
          goal: r.goal,
          result: !checksOk ? 'FAIL' : r.pass ? 'PASS' : 'MISS',
        });
        details.push(
          `${r.name} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
          ...r.notes.map((n) => `  ${n}`),
          ...r.checks.map((c) => `  check ${c.ok ? 'OK  ' : 'FAIL'} ${c.label}`),
        );
      }
    } catch (err) {
      failed = true;
      rows.push({ name: bench.name, measurement: '-', baseline: '-', ratio: '-', goal: '-', result: 'CRASH' });
      details.push(`${bench.name} crashed:`, `  ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
} finally {
  await removeScratch();
}

console.log('');
printTable(rows);
console.log('');
for (const line of details) console.log(line);
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s; PASS/MISS are goals (reported, not enforced); FAIL/CRASH fail the run`);
// Pooled SMTP sockets and Prisma handles may keep the event loop alive a while; the run is over.
process.exit(failed ? 1 : 0);
