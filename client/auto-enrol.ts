// Auto-enrolment (journeys with `autoEnrol: true`): a reconciler in the worker process tree that
// compares the target pool with the journeys' accounts, level-triggered, on every round:
//   - a target with no open run of the journey is launched through the launcher, the same path as
//     `journeys launch` (entry criteria and re-entry policy decide, with the reason in the summary);
//     without an explicit `reentry` policy an account is enrolled once, never again on its own (the
//     launcher's default would start it over every round after its run ended);
//   - an open run whose account is no longer a target is stopped with reason left_target_pool.
// Nothing is lost while Temporal is down: the pool change is already in the database (imports,
// scoring and tier changes write it there first), so the next round that reaches Temporal acts on
// it; a launch or stop is idempotent (the workflow ID is the journey and the account).
// Every worker node runs the timer, but a round runs on one node at a time: the holder of the
// 'auto-enrolment' lease (db/leases.ts), renewed before each journey of a long round.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { JourneyDefinition } from '../domain/journey/definition';
import { journeyWorkflowId } from '../workflows/ids';
import { stopSignal } from '../workflows/journey-api';
import { launchForAccounts, type LaunchSummary } from '../use-cases/launch';
import { lease as leaseOf, leaseHolder, type Lease } from '../db/leases';

export type EnrolmentRound = { launched: LaunchSummary[]; stopped: { journeyKey: string; domain: string; reason: string }[] };

const openStatuses = ['running', 'paused'];

/** The journeys whose latest published version enrols on its own. */
async function autoEnrolJourneys(db: Db): Promise<JourneyDefinition[]> {
  const latest = await db.journeyVersion.findMany({ distinct: ['key'], orderBy: [{ key: 'asc' }, { version: 'desc' }], select: { definition: true } });
  return latest.map((row) => row.definition as JourneyDefinition).filter((def) => def.autoEnrol === true);
}

/**
 * One round for every auto-enrolling journey. Throws when Temporal is unreachable: the next round
 * retries. `stillHeld`: asked before each journey; false ends the round there (another node took over).
 */
export async function reconcileAutoEnrolment(db: Db, client: Client, taskQueue: string, stillHeld: () => Promise<boolean> = async () => true): Promise<EnrolmentRound> {
  const round: EnrolmentRound = { launched: [], stopped: [] };
  const journeys = await autoEnrolJourneys(db);
  // Read once per round: a change to the pool during the round is picked up by the next one.
  const targets = journeys.length === 0 ? [] : await db.account.findMany({ where: { poolStatus: 'target' } });
  for (const { key: journeyKey, reentry } of journeys) {
    if (!(await stillHeld())) break;
    const runs = await db.journeyRun.findMany({
      where: { journeyKey },
      select: { accountId: true, status: true, account: { select: { domain: true, poolStatus: true } } },
    });
    const open = runs.filter((r) => openStatuses.includes(r.status));
    const inJourney = new Set((reentry === undefined ? runs : open).map((r) => r.accountId));
    // Held out of the journey for good: its newcomers never include them again.
    const heldOut = await db.holdoutAssignment.findMany({ where: { journeyKey, group: 'held_out' }, select: { accountId: true } });
    for (const h of heldOut) inJourney.add(h.accountId);
    const newcomers = targets.filter((a) => !inJourney.has(a.id));
    if (newcomers.length > 0) {
      const summary = await launchForAccounts(db, client, taskQueue, journeyKey, newcomers, undefined, { launchLabel: 'auto-enrol' });
      if (summary.started.length > 0 || (summary.holdout?.heldOut.length ?? 0) > 0) round.launched.push(summary);
    }
    for (const run of open.filter((r) => r.account.poolStatus !== 'target')) {
      const reason = `left_target_pool: ${run.account.poolStatus}`;
      try {
        await client.workflow.getHandle(journeyWorkflowId(journeyKey, run.accountId)).signal(stopSignal, { reason });
        round.stopped.push({ journeyKey, domain: run.account.domain, reason });
      } catch (err) {
        // Gone already: the journey records its own end.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
  }
  return round;
}

export type AutoEnrolment = { stop(): Promise<void> };

export type AutoEnrolmentOptions = {
  db: Db;
  client: Client;
  taskQueue: string;
  intervalMs: number;
  log?: (line: string) => void;
  /** The lease that keeps rounds to one node; by default the 'auto-enrolment' lease, for this process. */
  lease?: Lease;
};

/** How long a node keeps the lease between rounds: a standby node takes over this long after it died. */
export const autoEnrolLeaseMs = (intervalMs: number) => Math.max(30_000, 3 * intervalMs);

/**
 * Runs a round every `intervalMs` while this node holds the lease (standing by otherwise); says once
 * when rounds start failing and once when they work again.
 */
export function startAutoEnrolment(opts: AutoEnrolmentOptions): AutoEnrolment {
  const log = opts.log ?? console.log;
  const lease = opts.lease ?? leaseOf(opts.db, { name: 'auto-enrolment', holder: leaseHolder(), ttlMs: autoEnrolLeaseMs(opts.intervalMs) });
  let failing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = lease
      .hold()
      // Stopped while taking the lease (a stopping holder may just have let it go): no round; stop lets it go again.
      .then((held) => (held && !stopped ? reconcileAutoEnrolment(opts.db, opts.client, opts.taskQueue, () => lease.hold()) : undefined))
      .then((round) => {
        if (!round) return;
        if (failing) log('[auto-enrol] rounds work again');
        failing = false;
        for (const s of round.launched) {
          const held = s.holdout?.heldOut.length ? `; held out ${s.holdout.heldOut.length} (${s.holdout.heldOut.join(', ')})` : '';
          log(`[auto-enrol] ${s.journeyKey}: started ${s.started.length} (${s.started.join(', ')})${held}`);
        }
        for (const s of round.stopped) log(`[auto-enrol] ${s.journeyKey}: stopping ${s.domain} (${s.reason})`);
      })
      .catch((err: unknown) => {
        if (!failing) log(`[auto-enrol] a round failed, retrying every ${opts.intervalMs} ms: ${(err as Error).message}`);
        failing = true;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      // Not fatal: the lease expires by itself and another node takes over then.
      await lease.release().catch((err: unknown) => log(`[auto-enrol] could not release the lease (${(err as Error).message}); another node takes over once it expires`));
    },
  };
}
