// PostgreSQL against SQLite in the same run (issue 20), alternating, each side on databases of its
// own: a fresh database on the run's throwaway PostgreSQL server against a fresh SQLite file.
//
// - send: the real send activity for 500 contacts into the loopback SMTP sink (bench/send-path.ts),
//   a fresh database each run; DATABASE_BENCH_RUNS runs a side (default 5).
// - launch: launchForAccounts of DATABASE_BENCH_ACCOUNTS accounts (default 500) on one Temporal dev
//   server until every journey's first activity is done (bench/launch-path.ts), each side on one
//   database with a new journey and worker each repetition; DATABASE_BENCH_RUNS repetitions.
//
// The PostgreSQL server runs with durability off (as the suite's), so the ratio is the cost of the
// client, the protocol and the server's work, not of the disk.
import type { DatabaseProvider } from '../db/provider';
import { CONTACTS, IN_FLIGHT, startSendPath, type SendWorld } from './send-path';
import { LAUNCH_IN_FLIGHT, launchActivities, seedLaunchAccounts, timedLaunch } from './launch-path';
import { fmtMs, fmtRatio, freshDb, interleavedMedians, type BenchResult, type Check, type FreshDb } from './support';
import { spread, startBenchTemporal } from './temporal';

const N = Number(process.env.DATABASE_BENCH_ACCOUNTS ?? 500);
const RUNS = Number(process.env.DATABASE_BENCH_RUNS ?? 5);
const WARM_UP = 50;
const GOAL = 1.3;

/** The row of one path: PostgreSQL measured, SQLite the baseline. */
function comparison(name: string, medians: { measuredMs: number; baselineMs: number }, notes: string[], checks: Check[]): BenchResult {
  const ratio = medians.measuredMs / medians.baselineMs;
  return {
    name,
    measurement: `${fmtMs(medians.measuredMs)} on PostgreSQL`,
    baseline: `${fmtMs(medians.baselineMs)} on SQLite`,
    ratio,
    goal: `PostgreSQL/SQLite ≤ ${GOAL}×`,
    pass: ratio <= GOAL,
    notes,
    checks,
  };
}

/** The measured and baseline lists, kept to print their spread. */
function timings() {
  const ms = { postgresql: [] as number[], sqlite: [] as number[] };
  const timed = (database: DatabaseProvider, run: () => Promise<number>) => async () => {
    const t = await run();
    ms[database].push(t);
    return t;
  };
  return { ms, timed };
}

async function sendPath(): Promise<BenchResult> {
  const send = await startSendPath();
  const last: Partial<Record<DatabaseProvider, SendWorld>> = {};
  const { ms, timed } = timings();
  try {
    const sendOn = (database: DatabaseProvider) => async () => {
      const world = (last[database] = await send.prepare(database));
      return send.sendRun(`${database} run`, world);
    };
    // Warm-up on each: Prisma's first queries, template compilation, the pool's connections.
    for (const database of ['sqlite', 'postgresql'] as const) {
      const world = (last[database] = await send.prepare(database));
      send.delivered(`${database} warm-up`, WARM_UP, (await send.sendAll(world.db, world.requests.slice(0, WARM_UP))).results);
    }
    const medians = await interleavedMedians(RUNS, timed('postgresql', sendOn('postgresql')), timed('sqlite', sendOn('sqlite')));
    const again = [await send.resendCheck(last.postgresql!, 'postgresql: '), await send.resendCheck(last.sqlite!, 'sqlite: ')];
    return comparison(
      'database: send',
      medians,
      [
        `sendEmail from createActivities() for ${CONTACTS} contacts into the loopback sink, ${IN_FLIGHT} in flight, new accounts each run in one database a side (warm connections, as a worker's); median of ${RUNS} a side, alternating`,
        `PostgreSQL: ${spread(ms.postgresql)}; SQLite: ${spread(ms.sqlite)}`,
        `PostgreSQL minus SQLite: ${((medians.measuredMs - medians.baselineMs) / CONTACTS).toFixed(2)} ms an email; the idempotent second pass took ${fmtMs(again[0]!.ms)} on PostgreSQL, ${fmtMs(again[1]!.ms)} on SQLite`,
      ],
      [send.deliveryCheck('every run on both'), ...again.map((a) => a.check)],
    );
  } finally {
    await send.stop();
  }
}

async function launchPath(): Promise<BenchResult> {
  const temporal = await startBenchTemporal();
  const opened: FreshDb[] = [];
  const checks: Check[] = [];
  const { ms, timed } = timings();
  try {
    const sideOn = async (database: DatabaseProvider) => {
      const fresh = await freshDb(database);
      opened.push(fresh);
      const accounts = await seedLaunchAccounts(fresh.db, N);
      const activities = launchActivities(fresh.db);
      let repetition = 0;
      return timed(database, async () => {
        repetition++;
        const launch = await timedLaunch(temporal, fresh.db, activities, `${database}-launch-${repetition}`, accounts, `${database} repetition ${repetition}`);
        checks.push(launch.check);
        process.stderr.write(`  ${launch.check.label}: ${fmtMs(launch.ms)}\n`);
        return launch.ms;
      });
    };
    const postgresql = await sideOn('postgresql');
    const sqlite = await sideOn('sqlite');
    const medians = await interleavedMedians(RUNS, postgresql, sqlite);
    return comparison(
      `database: launch (${N} accounts)`,
      medians,
      [
        `launchForAccounts of ${N} accounts until every journey's first activity is done, ${LAUNCH_IN_FLIGHT} starts in flight, one dev server; ${RUNS} repetitions a side, alternating, each a new journey and worker`,
        `PostgreSQL: ${spread(ms.postgresql)}; SQLite: ${spread(ms.sqlite)} (ratio of the fastest ${fmtRatio(Math.min(...ms.postgresql) / Math.min(...ms.sqlite))})`,
      ],
      checks,
    );
  } finally {
    for (const { db } of opened) await db.$disconnect();
    await temporal.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [await sendPath(), await launchPath()];
}
