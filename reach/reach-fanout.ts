// The reach fan-out: turns each new row of the reach feed (written with its touch by the database
// trigger) into one delivery per interested target, then starts each delivery's workflow. Runs in
// every worker node, on one at a time (its lease). A feed row is marked fanned out in the same
// transaction that writes its deliveries, and a delivery is marked started only once Temporal
// accepted (or already had) its workflow: a crash anywhere repeats a step, never skips one, and the
// unique (event, target) key and the refused second start make the repeat harmless.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { lease as leaseOf, leaseHolder, type Lease } from '../db/leases';
import { inTransaction } from '../db/transaction';
import { reachDeliveryWorkflowId, type ReachDeliveryInput } from '../workflows/reach-delivery-api';
import { keepCrmTargets } from './crm-target';
import type { CrmConnection } from './crm/crm-connection';
import type { ReachEvent } from './reach-event';
import { targetEvents, type TargetRow } from './target-kinds';
import { detailString, reachEventsOf } from './touch-events';

/** The targets that hear an event: those subscribed to its type, and a rep's own channel only for that rep's tasks. */
export function targetsFor(event: ReachEvent, targets: TargetRow[], taskOwnerId: string | null): TargetRow[] {
  return targets.filter((t) => targetEvents(t).includes(event.type) && (t.ownerId === null || t.ownerId === taskOwnerId));
}

/** Fans out up to `limit` feed rows. Returns how many feed rows it handled. */
export async function fanOutFeed(db: Db, limit = 100): Promise<number> {
  const rows = await db.reachFeed.findMany({ where: { fannedOutAt: null }, orderBy: { seq: 'asc' }, take: limit });
  if (rows.length === 0) return 0;
  const touches = await db.touch.findMany({ where: { id: { in: rows.map((r) => r.touchId) } } });
  const taskIds = [...new Set(touches.map((t) => detailString(t.detail, 'taskId')).filter((id): id is string => id !== null))];
  const [salesTasks, repTasks] = await Promise.all([
    db.salesTask.findMany({ where: { id: { in: taskIds } }, select: { id: true, trigger: true, ownerId: true } }),
    db.repTask.findMany({ where: { id: { in: taskIds } }, select: { id: true, ownerId: true } }),
  ]);
  const tasks = new Map(salesTasks.map((t) => [t.id, t]));
  // A touch names a sales task or a rep task; either way its owner's own channels hear it.
  const owners = new Map([...repTasks, ...salesTasks].map((t) => [t.id, t.ownerId]));
  const targets = await db.reachTarget.findMany({ where: { removedAt: null } });
  const wanted = touches.flatMap((touch) => {
    const taskId = detailString(touch.detail, 'taskId') ?? '';
    const task = tasks.get(taskId) ?? null;
    return reachEventsOf(touch, task).flatMap((event) => targetsFor(event, targets, owners.get(taskId) ?? null).map((target) => ({ event, targetId: target.id })));
  });
  await inTransaction(db, async (tx) => {
    const known = await tx.reachDelivery.findMany({ where: { eventId: { in: [...new Set(wanted.map((w) => w.event.id))] } }, select: { eventId: true, targetId: true } });
    const seen = new Set(known.map((k) => `${k.eventId}|${k.targetId}`));
    const fresh = wanted.filter((w) => !seen.has(`${w.event.id}|${w.targetId}`));
    await tx.reachDelivery.createMany({ data: fresh.map(({ event, targetId }) => ({ eventId: event.id, eventType: event.type, event, targetId })) });
    await tx.reachFeed.updateMany({ where: { seq: { in: rows.map((r) => r.seq) }, fannedOutAt: null }, data: { fannedOutAt: new Date() } });
  });
  return rows.length;
}

/** Starts the workflows of deliveries not yet started (new ones, replays). Returns how many. */
export async function startDeliveries(db: Db, client: Client, taskQueue: string, limit = 100): Promise<number> {
  const rows = await db.reachDelivery.findMany({ where: { started: false, status: 'pending' }, orderBy: { createdAt: 'asc' }, take: limit, select: { id: true, generation: true } });
  for (const row of rows) {
    const input: ReachDeliveryInput = { version: 1, deliveryId: row.id, generation: row.generation };
    try {
      await client.workflow.start('reachDelivery', { workflowId: reachDeliveryWorkflowId(row.id, row.generation), taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    } catch (err) {
      // Started before (a crash between the start and the mark): it runs or ran, which is what we want.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    await db.reachDelivery.updateMany({ where: { id: row.id, generation: row.generation }, data: { started: true } });
  }
  return rows.length;
}

export type ReachFanout = { kick(): void; stop(): Promise<void> };

export type ReachFanoutOptions = {
  db: Db;
  client: Client;
  taskQueue: string;
  /** The configured CRMs: each is a target of the feed (reach/crm-target.ts). */
  crms?: CrmConnection[];
  log?: (line: string) => void;
  pollMs?: number;
  leaseMs?: number;
  /** The lease that keeps fan-out to one node; by default the 'reach-fanout' lease, for this process. */
  lease?: Lease;
};

export function startReachFanout(opts: ReachFanoutOptions): ReachFanout {
  const { db, client, taskQueue } = opts;
  const log = opts.log ?? ((line: string) => console.log(line));
  const pollMs = opts.pollMs ?? 1_000;
  const leaseMs = opts.leaseMs ?? 20_000;
  const lease = opts.lease ?? leaseOf(db, { name: 'reach-fanout', holder: leaseHolder(), ttlMs: leaseMs });
  let stopping = false;
  let wake: (() => void) | undefined;
  let failing = false;
  let crmTargetsKept = false;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        // Asked again after the hold: a node stopped while it took the lease (which a stopping holder
        // may just have let go) fans out nothing; the release below lets the lease go again.
        if ((await lease.hold()) && !stopping) {
          // Before the first fan-out, so the CRMs configured now hear the events from here on.
          if (!crmTargetsKept) {
            await keepCrmTargets(db, opts.crms ?? []);
            crmTargetsKept = true;
          }
          const fanned = await fanOutFeed(db);
          const started = await startDeliveries(db, client, taskQueue);
          busy = fanned === 100 || started === 100;
        }
        if (failing) log('[reach] fan-out resumed');
        failing = false;
      } catch (err) {
        // Nothing is lost: the feed rows and unstarted deliveries are still there for the next round.
        if (!failing) log(`[reach] could not fan out or start deliveries (${(err as Error).message}); retrying`);
        failing = true;
      }
      if (!stopping && !busy) await pause(failing ? pollMs * 5 : pollMs);
    }
    // Not fatal: the lease expires by itself and another node takes over then.
    await lease.release().catch((err: unknown) => log(`[reach] could not release the lease (${(err as Error).message}); another node takes over once it expires`));
  })();

  return {
    kick: () => wake?.(),
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
