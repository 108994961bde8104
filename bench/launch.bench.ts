// Launching a tier: N accounts (LAUNCH_ACCOUNTS, default 2,000 as in issue 12) until every journey's
// first activity is done, on one Temporal dev server, against a no-op workflow with one activity
// started by a plain client with the same number of starts in flight. Alternating, LAUNCH_RUNS
// repetitions (default 3). Each repetition gets a new task queue and a new worker (so a new cache);
// the journeys it opened stay open, asleep, and cost the next repetition nothing.
//
// The second row is the worker's memory per open journey: retained heap (after a full GC) with the
// N journeys in the worker's cache, minus the heap before the worker was created, over N.
import { fmtMs, forEachConcurrently, freshDb, median, type BenchResult, type Check } from './support';
import { LAUNCH_IN_FLIGHT, launchActivities, seedLaunchAccounts, timedLaunch, timedSide } from './launch-path';
import { spread, startBenchTemporal } from './temporal';

const N = Number(process.env.LAUNCH_ACCOUNTS ?? 2000);
const RUNS = Number(process.env.LAUNCH_RUNS ?? 3);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export async function run(): Promise<BenchResult[]> {
  const temporal = await startBenchTemporal();
  const { client } = temporal;
  const { db } = await freshDb();
  const checks: Check[] = [];
  try {
    const accounts = await seedLaunchAccounts(db, N);
    const activities = launchActivities(db);

    const harpoonMs: number[] = [];
    const baselineMs: number[] = [];
    const harpoonHeap: number[] = [];
    const baselineHeap: number[] = [];
    let cacheSize = 0;
    for (let r = 0; r < RUNS; r++) {
      let firstSteps = 0;
      const baselineSide = async () => {
        const base = await timedSide(
          temporal,
          { taskQueue: `noop-${r}`, bundle: temporal.bundles.baseline, activities: { async firstStep() { firstSteps++; } } },
          () => forEachConcurrently(accounts, LAUNCH_IN_FLIGHT, async (a) => void (await client.workflow.start('noopJourney', { taskQueue: `noop-${r}`, workflowId: `noop/${r}/${a.id}`, args: [a.id] }))),
          () => firstSteps >= N,
        );
        baselineMs.push(base.ms);
        baselineHeap.push(base.heapBytes);
        checks.push({ label: `baseline repetition ${r + 1}: ${firstSteps} first activities for ${N} workflows`, ok: firstSteps === N });
        return base.ms;
      };
      const harpoonSide = async () => {
        const harpoon = await timedLaunch(temporal, db, activities, `launch-${r}`, accounts, `repetition ${r + 1}`);
        harpoonMs.push(harpoon.ms);
        harpoonHeap.push(harpoon.heapBytes);
        cacheSize = harpoon.cached;
        checks.push(harpoon.check);
        return harpoon.ms;
      };
      // Which side goes first alternates too: memory a stopped worker has not yet given back counts
      // against the side after it.
      const [first, second] = r % 2 === 0 ? [baselineSide, harpoonSide] : [harpoonSide, baselineSide];
      await first();
      await second();
      process.stderr.write(`  launch repetition ${r + 1}/${RUNS}: baseline ${fmtMs(baselineMs.at(-1)!)}, harpoon ${fmtMs(harpoonMs.at(-1)!)}\n`);
    }
    const ratio = median(harpoonMs) / median(baselineMs);
    const perJourney = median(harpoonHeap) / N;
    const perBaseline = median(baselineHeap) / N;
    const cacheNote = `worker cache ${cacheSize} workflows (SDK default for this heap)${cacheSize < N ? `: fewer than ${N}, so some journeys were evicted and the figure is low` : ''}`;
    return [
      {
        name: `launch (${N} accounts)`,
        measurement: `${fmtMs(median(harpoonMs))} (${(N / (median(harpoonMs) / 1000)).toFixed(0)}/s)`,
        baseline: `${fmtMs(median(baselineMs))} (${(N / (median(baselineMs) / 1000)).toFixed(0)}/s)`,
        ratio,
        goal: '≤ 1.25× the time',
        pass: ratio <= 1.25,
        notes: [
          `${RUNS} repetitions alternating, until every journey's first activity is done; ${LAUNCH_IN_FLIGHT} starts in flight on both sides`,
          `harpoon: ${spread(harpoonMs)}; no-op workflow: ${spread(baselineMs)}`,
        ],
        checks,
      },
      {
        name: `worker memory (${N} open)`,
        measurement: `${kib(perJourney)} per journey`,
        baseline: `${kib(perBaseline)} per workflow`,
        ratio: perJourney / perBaseline,
        goal: '≤ 2× raw',
        pass: perJourney / perBaseline <= 2,
        notes: [
          `retained heap after a full GC with the journeys cached, minus before the worker, over ${N}; median of ${RUNS}`,
          'the whole process is measured (launcher, database client, the other side\'s stopped worker): noisy at small N, not a heap snapshot',
          `harpoon: ${harpoonHeap.map((b) => kib(b / N)).join(', ')}; no-op: ${baselineHeap.map((b) => kib(b / N)).join(', ')}`,
          cacheNote,
        ],
        checks: [],
      },
    ];
  } finally {
    await db.$disconnect();
    await temporal.stop();
  }
}
