// How the journey dispatcher orders and paces deliveries from the engagement outbox. Pure, so the
// rules are unit-tested in milliseconds; client/journey-dispatcher.ts does the I/O around them.

export type QueuedDelivery = { id: number; workflowId: string };

/**
 * The undelivered rows as one queue per journey, oldest first, the queues in the order of their
 * oldest row. A journey's later rows only go after its head row was delivered, so every journey
 * hears its account's events in the order they were recorded, whatever happens in between.
 */
export function journeyQueues<R extends QueuedDelivery>(rows: readonly R[]): R[][] {
  const queues = new Map<string, R[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const queue = queues.get(row.workflowId);
    if (queue) queue.push(row);
    else queues.set(row.workflowId, [row]);
  }
  return [...queues.values()];
}

/** The queues whose journey is not waiting out a retry delay at `nowMs`. */
export function dueQueues<R extends QueuedDelivery>(queues: readonly R[][], retryAtMs: ReadonlyMap<string, number>, nowMs: number): R[][] {
  return queues.filter((q) => q.length > 0 && (retryAtMs.get(q[0]!.workflowId) ?? 0) <= nowMs);
}

export type Backoff = { baseMs: number; capMs: number };

/** Capped low, so deliveries resume within seconds of Temporal coming back, however long it was away. */
export const defaultBackoff: Backoff = { baseMs: 250, capMs: 4_000 };

/** How long to wait after the `failures`-th failure in a row before trying again (0: no failure). */
export function retryDelayMs(failures: number, backoff: Backoff = defaultBackoff): number {
  if (failures <= 0) return 0;
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(failures - 1, 30));
}

/**
 * Why a signal was not accepted, from its gRPC status code (undefined: no status at all, e.g. the
 * connection could not be made). `rejected` concerns one journey's delivery and is retried for that
 * journey alone; anything else means Temporal is not taking deliveries right now, so every journey waits.
 */
export type FailureKind = 'unavailable' | 'rejected';

const grpc = { INVALID_ARGUMENT: 3, ALREADY_EXISTS: 6, FAILED_PRECONDITION: 9, OUT_OF_RANGE: 11, UNIMPLEMENTED: 12 } as const;
const perJourneyCodes: ReadonlySet<number> = new Set(Object.values(grpc));

export function failureKind(grpcCode: number | undefined): FailureKind {
  return grpcCode !== undefined && perJourneyCodes.has(grpcCode) ? 'rejected' : 'unavailable';
}

/** What the operator is told after a round: once when deliveries start waiting, once when they resume. */
export function outageNotice(wasWaiting: boolean, roundUnavailable: boolean): 'waiting' | 'resumed' | undefined {
  if (roundUnavailable && !wasWaiting) return 'waiting';
  if (!roundUnavailable && wasWaiting) return 'resumed';
  return undefined;
}
