// Launching journeys as the launch and database benchmarks time it: N accounts in a database, a
// journey whose first step is a wait (so nothing is sent), launchForAccounts on a worker of its own
// until every journey's first activity is done, and the check that each was started and recorded.
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities';
import { launchForAccounts } from '../use-cases/launch';
import type { Db } from '../db/client';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import { defaultContactPolicy } from '../domain/policy/contact-policy';
import { publishJourney } from '../journeys/catalog';
import { createMailTransport } from '../mail/transport';
import { retainedHeapBytes, type Check } from './support';
import { until, withWorker, type BenchTemporal } from './temporal';

/** What use-cases/launch.ts keeps in flight; a baseline gets the same. */
export const LAUNCH_IN_FLIGHT = 32;

/** N target accounts of tier 3, in the order a launch takes them. */
export async function seedLaunchAccounts(db: Db, n: number) {
  await db.account.createMany({
    data: Array.from({ length: n }, (_, i) => ({ domain: `launch-${i}.example`, name: `Launch ${i} AG`, tier: 3, poolStatus: 'target' })),
  });
  return db.account.findMany({ orderBy: { domain: 'asc' } });
}

export type LaunchAccounts = Awaited<ReturnType<typeof seedLaunchAccounts>>;

/** Harpoon's activities on `db`, with a mailer that is never used: the journeys' first step is a wait. */
export function launchActivities(db: Db) {
  return createActivities({
    db,
    mailer: { transport: createMailTransport('smtp://127.0.0.1:9'), from: 'Bench <bench@harpoon.local>', publicUrl: 'http://127.0.0.1:9', secret: 'bench-secret-0123456789abcdef', policy: defaultContactPolicy },
  });
}

/** Runs one side with its own worker; returns the time to the last first activity and the heap it retains. */
export async function timedSide(
  temporal: BenchTemporal,
  worker: { taskQueue: string; bundle: WorkflowBundleWithSourceMap; activities: object },
  launch: () => Promise<void>,
  firstStepsDone: () => Promise<boolean> | boolean,
) {
  const heapBefore = retainedHeapBytes();
  return withWorker(temporal, worker, async (w) => {
    const start = performance.now();
    await launch();
    await until(firstStepsDone);
    const ms = performance.now() - start;
    return { ms, heapBytes: retainedHeapBytes() - heapBefore, cached: w.options.maxCachedWorkflows };
  });
}

/**
 * Publishes a one-step journey `bench-<taskQueue>` in `db` and launches it for the accounts on a
 * new worker polling `taskQueue`, until each journey has recorded its start.
 */
export async function timedLaunch(temporal: BenchTemporal, db: Db, activities: object, taskQueue: string, accounts: LaunchAccounts, label: string) {
  const key = `bench-${taskQueue}`;
  await publishJourney(db, journeyDefinitionSchema.parse({ key, name: `Launch bench ${taskQueue}`, stages: [{ key: 'engage', steps: [{ id: 'hold', type: 'wait', duration: '30d' }] }] }));
  let started = 0;
  const side = await timedSide(
    temporal,
    { taskQueue, bundle: temporal.bundles.harpoon, activities },
    async () => void (started = (await launchForAccounts(db, temporal.client, taskQueue, key, accounts)).started.length),
    async () => (await db.touch.count({ where: { journeyKey: key, type: 'journey_started' } })) >= accounts.length,
  );
  const runs = await db.journeyRun.count({ where: { journeyKey: key, status: 'running' } });
  const check: Check = { label: `${label}: ${started} journeys started, ${runs} recorded running`, ok: started === accounts.length && runs === accounts.length };
  return { ...side, check };
}
