// Many open journeys on one worker whose cache holds fewer than all of them (issue 20): OPEN_JOURNEYS
// journeys (default 20,000) launched on one dev server, each waiting OPEN_NAP_S seconds (default
// 300) and then entering its next step, a 30-day wait that keeps it open. The worker keeps the SDK's
// default cache for its heap, so journeys are pushed out and replay their history when they wake;
// both sides' workers are tuned as Harpoon's journeys worker is (worker/create-worker.ts).
// Against the same number of baseline workflows (bench/workflows/sleeper.ts: an activity, the same
// sleep, an activity) on a worker of its own, run first: how late after its wait's due moment (its
// timer starts once the record of entering the wait is written) each journey wrote the record of
// its next step, and how late each baseline workflow's wake-up activity ran. Launches go on while
// the first journeys wake, as on a busy day. (Memory per open journey is the launch benchmark's: a
// reading here, after the baseline's worker, came out below zero.)
import type { Client } from '@temporalio/client';
// default import: @temporalio/proto is CommonJS, and tsx's native ESM sees no named exports in it
import proto from '@temporalio/proto';
import type { Db } from '../db/client';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import { publishJourney } from '../journeys/catalog';
import { launchForAccounts } from '../use-cases/launch';
import { journeysWorkerTuning } from '../worker/create-worker';
import { LAUNCH_IN_FLIGHT, launchActivities, seedLaunchAccounts } from './launch-path';
import { fmtMs, forEachConcurrently, freshDb, percentile, type BenchResult, type Check } from './support';
import { startBenchTemporal, withWorker } from './temporal';

const N = Number(process.env.OPEN_JOURNEYS ?? 20_000);
const NAP_S = Number(process.env.OPEN_NAP_S ?? 300);
/** Later than this after its due moment, a wake-up is late (journeys wait in days; a minute is nothing to them). */
const ON_TIME_MS = 60_000;
/** A wait that sees no progress for this long gives up, and its check fails, rather than hang the run. */
const STALL_MS = 300_000;
const KEY = 'bench-open';
/** The latest journeys whose history is printed, to show where their time went. */
const SHOWN_LATE = 3;

const { EventType } = proto.temporal.api.enums.v1;
const eventMs = (e: proto.temporal.api.history.v1.IHistoryEvent) => Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;

/**
 * A late journey's history from its wait's timer firing on: each event's name and seconds after
 * the fire, so a wake-up's delay shows where it was spent (a task waiting for a poller, a task that
 * timed out and ran again, a slow activity).
 */
async function afterTheTimer(client: Client, workflowId: string): Promise<string> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const fired = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
  if (fired === -1) return `${workflowId}: no timer fired`;
  const firedMs = eventMs(events[fired]!);
  const steps = events.slice(fired, fired + 14).map((e) => `${(EventType[e.eventType ?? 0] ?? '?').replace('EVENT_TYPE_', '').toLowerCase()} +${((eventMs(e) - firedMs) / 1000).toFixed(1)} s`);
  return `${workflowId}: ${steps.join(', ')}`;
}

const lateness = (late: number[]) => {
  const sorted = [...late].sort((a, b) => a - b);
  return { sorted, text: `median ${fmtMs(percentile(sorted, 50))}, p99 ${fmtMs(percentile(sorted, 99))}, max ${fmtMs(sorted.at(-1) ?? NaN)}` };
};

/** Polls `count()` until it reaches `target`; gives up when it has not grown for STALL_MS. Returns the last count. */
async function untilCount(count: () => Promise<number>, target: number): Promise<number> {
  let last = -1;
  let progressAt = performance.now();
  for (;;) {
    const now = await count();
    if (now >= target || performance.now() - progressAt > STALL_MS) return now;
    if (now > last) [last, progressAt] = [now, performance.now()];
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Harpoon's activities, noting for each journey when its record of entering `nap` was written (the
 * journey starts its timer right after, from then: the baseline's sleep too starts after its first
 * activity) and when its record of entering `after` was written: its wake-up done, as the next
 * step's work (an email's send) would be.
 */
function notingWakeUps(db: Db) {
  const activities = launchActivities(db);
  const wrote = { nap: new Map<string, number>(), after: new Map<string, number>() };
  const { recordStepsEntered } = activities;
  activities.recordStepsEntered = async (req) => {
    await recordStepsEntered(req);
    for (const e of req.entries) if (e.stepId === 'nap' || e.stepId === 'after') wrote[e.stepId].set(e.workflowId, Date.now());
  };
  return { activities, wrote };
}

/** Each journey's wake-up: when it wrote `after`, against when it wrote `nap` plus the nap. */
const journeyLateness = (wrote: ReturnType<typeof notingWakeUps>['wrote']): [string, number][] =>
  [...wrote.after].filter(([id]) => wrote.nap.has(id)).map(([id, at]) => [id, at - (wrote.nap.get(id)! + NAP_S * 1000)]);

export async function run(): Promise<BenchResult> {
  const temporal = await startBenchTemporal();
  const { client } = temporal;
  const { db } = await freshDb();
  const checks: Check[] = [];
  try {
    const accounts = await seedLaunchAccounts(db, N);
    await publishJourney(
      db,
      journeyDefinitionSchema.parse({
        key: KEY,
        name: 'Open journeys bench',
        stages: [{ key: 'engage', steps: [{ id: 'nap', type: 'wait', duration: `${NAP_S}s` }, { id: 'after', type: 'wait', duration: '30d' }] }],
      }),
    );

    // Baseline first: its workflows stay open asleep, and cost the journeys' side nothing.
    const woke: number[] = [];
    const baseline = await withWorker(
      temporal,
      {
        taskQueue: 'open-baseline',
        bundle: temporal.bundles.baseline,
        activities: { async firstStep() {}, async wokeUp(_id: string, dueMs: number) { woke.push(Date.now() - dueMs); } },
      },
      async () => {
        const start = performance.now();
        await forEachConcurrently(accounts, LAUNCH_IN_FLIGHT, async (a) => void (await client.workflow.start('sleeper', { taskQueue: 'open-baseline', workflowId: `sleeper/${a.id}`, args: [a.id, NAP_S * 1000] })));
        const launchedMs = performance.now() - start;
        const seen = await untilCount(async () => woke.length, N);
        return { launchedMs, allMs: performance.now() - start, seen };
      },
    );
    process.stderr.write(`  baseline: ${N} started in ${fmtMs(baseline.launchedMs)}, ${baseline.seen} woke by ${fmtMs(baseline.allMs)}\n`);

    const { activities, wrote } = notingWakeUps(db);
    const harpoon = await withWorker(temporal, { taskQueue: 'open-harpoon', bundle: temporal.bundles.harpoon, activities }, async (worker) => {
      const start = performance.now();
      const started = (await launchForAccounts(db, client, 'open-harpoon', KEY, accounts)).started.length;
      const launchedMs = performance.now() - start;
      const seen = await untilCount(async () => wrote.after.size, N);
      return { started, launchedMs, allMs: performance.now() - start, seen, cache: worker.options.maxCachedWorkflows };
    });
    process.stderr.write(`  harpoon: ${harpoon.started} started in ${fmtMs(harpoon.launchedMs)}, ${harpoon.seen} woke by ${fmtMs(harpoon.allMs)}\n`);

    const byJourney = journeyLateness(wrote);
    const late = lateness(byJourney.map(([, ms]) => ms));
    const latest = byJourney.sort((a, b) => b[1] - a[1]).slice(0, SHOWN_LATE);
    const histories = await Promise.all(latest.map(async ([id, ms]) => `${fmtMs(ms)} late: ${await afterTheTimer(client, id)}`));
    const rawLate = lateness(woke);
    const running = await db.journeyRun.count({ where: { journeyKey: KEY, status: 'running' } });
    checks.push(
      { label: `${harpoon.started} of ${N} journeys started, ${running} recorded running`, ok: harpoon.started === N && running === N },
      { label: `${late.sorted.length} of ${N} journeys entered their next step after the wait`, ok: late.sorted.length === N },
      { label: `${woke.length} of ${N} baseline workflows woke`, ok: woke.length === N },
    );
    const lateCount = late.sorted.filter((ms) => ms > ON_TIME_MS).length;
    // From the first wait's due moment (the nap after the first start) to the last wake-up.
    const wakeRate = (side: { allMs: number }) => `${(N / ((side.allMs - NAP_S * 1000) / 1000)).toFixed(1)} wake-ups/s`;
    const cacheNote = `worker cache ${harpoon.cache} workflows (the SDK's default for this heap), ${N} open: ${harpoon.cache < N ? 'the cache evicts' : 'all cached, nothing evicted'}`;
    return {
      name: `open journeys: wake-ups (${N} open)`,
      measurement: `max ${fmtMs(late.sorted.at(-1) ?? NaN)} late`,
      baseline: `max ${fmtMs(rawLate.sorted.at(-1) ?? NaN)} late`,
      ratio: (late.sorted.at(-1) ?? NaN) / (rawLate.sorted.at(-1) ?? NaN),
      goal: `every wake-up ≤ ${fmtMs(ON_TIME_MS)} late`,
      pass: late.sorted.length === N && lateCount === 0,
      notes: [
        `each waits ${NAP_S} s and then enters its next step; launches went on while the first woke`,
        `harpoon: ${N} launched in ${fmtMs(harpoon.launchedMs)} (${(N / (harpoon.launchedMs / 1000)).toFixed(0)}/s); next step recorded after its due moment: ${late.text}; ${lateCount} later than ${fmtMs(ON_TIME_MS)}; ${wakeRate(harpoon)}`,
        `baseline: ${N} started in ${fmtMs(baseline.launchedMs)} (${(N / (baseline.launchedMs / 1000)).toFixed(0)}/s), ${LAUNCH_IN_FLIGHT} in flight; wake-up activity ran after its due moment: ${rawLate.text}; ${wakeRate(baseline)}`,
        cacheNote,
        `both workers leave a workflow task on their own (sticky) queue for ${journeysWorkerTuning.stickyQueueScheduleToStartTimeout} before the server moves it to the shared queue`,
        `the ${latest.length} latest journeys' histories from their wait's timer on:`,
        ...histories.map((h) => `  ${h}`),
      ],
      checks,
    };
  } finally {
    await db.$disconnect();
    await temporal.stop();
  }
}
