// Delivers the engagement outbox (journey-outbox.ts) to the running journeys as signals: per journey
// in the order the events were recorded, and until Temporal accepts each one, however long it is
// away. A row is marked delivered only after Temporal accepted its signal; a crash in between sends
// it again, and the journey ignores an event id it has already seen, so each event counts once.
// Runs in the worker process tree (npm start, npm run worker); producers in the same process kick
// it for low latency, others rely on its polling.
import { isGrpcServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { defaultBackoff, dueQueues, failureKind, journeyQueues, outageNotice, retryDelayMs, type Backoff } from '../domain/delivery/dispatch-policy';
import {
  accountChangedSignal,
  contactChangedSignal,
  engagementSignal,
  programmeEventMovedSignal,
  repTaskClosedSignal,
  type AccountChangedSignal,
  type ContactChangedSignal,
  type EngagementSignal,
  type ProgrammeEventMovedSignal,
  type RepTaskClosedSignal,
} from '../workflows/journey-api';
import { salesTaskOwnerSignal, type SalesTaskOwnerSignal } from '../workflows/sales-api';
import type { EventMovedNoticeInput } from '../workflows/event-moved-notice-api';
import type { SeatNoticeInput } from '../workflows/seat-notice-api';
import { lease as leaseOf, leaseHolder } from '../db/leases';
import { errorWithCauses } from './error-words';
import { countUndelivered, markAttemptFailed, markDone, undeliveredRows, type PendingDelivery } from './journey-outbox';

export type DispatcherOptions = {
  db: Db;
  client: Client;
  /** Where the workflows the outbox starts (seat notices) run: the worker's task queue. */
  taskQueue: string;
  log?: (line: string) => void;
  /** How often the outbox is read when nobody kicks. */
  pollMs?: number;
  backoff?: Backoff;
  /**
   * Rows read per round. Large, because a round ends only when its slowest journey is done, so
   * every round ends with lanes idle; and a journey with several rows in a round hears them back to
   * back, where signals that reach it while its workflow task runs share the next task. 200 rows a
   * round drained 5,000 events for 500 journeys at 0.65x the raw signal rate, 10,000 at 0.91x
   * (README, `ingest`).
   */
  batchSize?: number;
  /** Journeys delivered to at the same time (each one's rows stay in order). */
  parallel?: number;
  /** The longest a single signal may take before it counts as failed and is retried. */
  signalTimeoutMs?: number;
  leaseMs?: number;
};

export type JourneyDispatcher = {
  /** Something was queued: deliver now rather than at the next poll (no effect while Temporal is away). */
  kick(): void;
  /** Finishes the delivery in flight, then stops; call before the Temporal connection closes. */
  stop(): Promise<void>;
};

type Attempt = { ok: true; outcome: 'delivered' | 'journey_ended' } | { ok: false; kind: 'unavailable' | 'rejected'; error: string };

/** Signals the journey, or starts the event notice the row stands for. */
function send(client: Client, taskQueue: string, row: PendingDelivery): Promise<unknown> {
  if (row.kind === 'seatNotice' || row.kind === 'eventMovedNotice') {
    const { eventId: _eventId, ...input } = row.payload as (SeatNoticeInput | EventMovedNoticeInput) & { eventId: string };
    // A notice that ran is not run again; one that failed may be.
    return client.workflow.start(row.kind, { workflowId: row.workflowId, taskQueue, args: [input], workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' });
  }
  const handle = client.workflow.getHandle(row.workflowId);
  if (row.kind === 'repTaskClosed') {
    // The journey knows each task once by its id (a redelivery changes nothing): the signal as the workflow defines it.
    const { eventId: _eventId, ...closed } = row.payload as RepTaskClosedSignal & { eventId: string };
    return handle.signal(repTaskClosedSignal, closed);
  }
  if (row.kind === 'accountChanged') return handle.signal(accountChangedSignal, row.payload as AccountChangedSignal);
  if (row.kind === 'salesTaskOwner') return handle.signal(salesTaskOwnerSignal, row.payload as SalesTaskOwnerSignal);
  if (row.kind === 'programmeEventMoved') return handle.signal(programmeEventMovedSignal, row.payload as ProgrammeEventMovedSignal);
  return row.kind === 'engagement'
    ? handle.signal(engagementSignal, row.payload as EngagementSignal)
    : handle.signal(contactChangedSignal, row.payload as ContactChangedSignal);
}

async function deliver(client: Client, taskQueue: string, row: PendingDelivery, timeoutMs: number): Promise<Attempt> {
  try {
    await client.withDeadline(Date.now() + timeoutMs, () => send(client, taskQueue, row));
    return { ok: true, outcome: 'delivered' };
  } catch (err) {
    // Not found: the journey ended (or never existed). Nothing is left to hear the event.
    if (err instanceof WorkflowNotFoundError) return { ok: true, outcome: 'journey_ended' };
    // A seat notice started before (a crash between the start and the mark): it is running or done.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { ok: true, outcome: 'delivered' };
    const cause = (err as { cause?: unknown }).cause;
    const grpc = isGrpcServiceError(err) ? err : isGrpcServiceError(cause) ? cause : undefined;
    return { ok: false, kind: failureKind(grpc?.code), error: errorWithCauses(err) };
  }
}

/**
 * Runs `work` over `items` with at most `limit` at a time. Settles only when every lane has stopped,
 * even after a failure, so no delivery of this round is still in flight when the next one starts.
 */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  const failed = (await Promise.allSettled(lanes)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export function startJourneyDispatcher(opts: DispatcherOptions): JourneyDispatcher {
  const { db, client } = opts;
  const log = opts.log ?? ((line: string) => console.log(line));
  const pollMs = opts.pollMs ?? 400;
  const backoff = opts.backoff ?? defaultBackoff;
  const batchSize = opts.batchSize ?? 10_000;
  const parallel = opts.parallel ?? 8;
  const signalTimeoutMs = opts.signalTimeoutMs ?? 5_000;
  const leaseMs = opts.leaseMs ?? 20_000;
  const lease = leaseOf(db, { name: 'journey-dispatcher', holder: leaseHolder(), ttlMs: leaseMs });
  // A signal may still land up to its timeout after it was sent: only send while the lease outlasts
  // it, so a dispatcher taking over never overtakes a signal still in flight.
  const leaseMarginMs = signalTimeoutMs + 2_000;

  let stopping = false;
  let kicked = false;
  let waiting: { sinceMs: number } | undefined; // Temporal not taking deliveries
  let unavailableRounds = 0;
  const retryAtMs = new Map<string, number>(); // journeys whose own delivery was rejected
  let wake: (() => void) | undefined;

  const pause = (ms: number, kickable: boolean) =>
    new Promise<void>((resolve) => {
      if (stopping || (kickable && kicked)) return resolve();
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = kickable ? done : () => stopping && done();
    });

  /** Delivers one journey's rows in order, stopping at the first that Temporal does not accept. */
  const deliverQueue = async (queue: PendingDelivery[], outage: { error?: string }) => {
    for (const row of queue) {
      if (stopping || outage.error !== undefined) return;
      if (lease.validForMs() < leaseMarginMs && !(await lease.hold())) return;
      const attempt = await deliver(client, opts.taskQueue, row, signalTimeoutMs);
      if (attempt.ok) {
        await markDone(db, row.id, attempt.outcome);
        retryAtMs.delete(row.workflowId);
        continue;
      }
      await markAttemptFailed(db, row.id, attempt.error);
      if (attempt.kind === 'unavailable') {
        outage.error = attempt.error;
      } else {
        // Only this journey waits; the others go on. Said once per row, not at every retry.
        if (row.attempts === 0) log(`[dispatcher] ${row.kind} ${row.eventId} for ${row.workflowId} was refused (${attempt.error}); retrying`);
        retryAtMs.set(row.workflowId, Date.now() + retryDelayMs(row.attempts + 1, backoff));
      }
      return;
    }
  };

  /** One pass over the outbox. Returns how long to wait before the next one. */
  const round = async (): Promise<{ waitMs: number; kickable: boolean }> => {
    if (!(await lease.hold())) return { waitMs: pollMs * 5, kickable: false };
    const now = Date.now();
    for (const [workflowId, at] of retryAtMs) if (at <= now) retryAtMs.delete(workflowId);
    const rows = await undeliveredRows(db, batchSize, [...retryAtMs.keys()]);
    const outage: { error?: string } = {};
    await inParallel(dueQueues(journeyQueues(rows), retryAtMs, now), parallel, (queue) => deliverQueue(queue, outage));

    const notice = stopping ? undefined : outageNotice(waiting !== undefined, outage.error !== undefined);
    if (notice === 'waiting') {
      waiting = { sinceMs: now };
      log(`[dispatcher] Temporal unreachable (${outage.error}), ${await countUndelivered(db)} deliveries waiting; retrying`);
    } else if (notice === 'resumed') {
      log(`[dispatcher] Temporal reachable again after ${Math.round((now - waiting!.sinceMs) / 1000)} s: delivering the waiting events`);
      waiting = undefined;
    }
    if (outage.error !== undefined) return { waitMs: retryDelayMs(++unavailableRounds, backoff), kickable: false };
    unavailableRounds = 0;
    // A full batch means more are queued: go on at once.
    return { waitMs: rows.length === batchSize ? 0 : pollMs, kickable: true };
  };

  const loop = (async () => {
    let failedRounds = 0;
    while (!stopping) {
      kicked = false;
      let next: { waitMs: number; kickable: boolean };
      try {
        next = await round();
        failedRounds = 0;
      } catch (err) {
        // The database itself failed (locked, disk full): nothing was lost, the rows are still there.
        if (failedRounds++ === 0) log(`[dispatcher] could not read or mark the outbox (${(err as Error).message}); retrying`);
        next = { waitMs: retryDelayMs(failedRounds, backoff), kickable: false };
      }
      await pause(next.waitMs, next.kickable);
    }
    // Not fatal: the lease expires by itself and another dispatcher takes over then.
    await lease.release().catch((err: unknown) => log(`[dispatcher] could not release the lease (${(err as Error).message}); it expires in ${leaseMs / 1000} s`));
  })();

  return {
    kick() {
      kicked = true;
      wake?.();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
