// The engagement outbox: what running journeys still have to hear. Producers (engagement events,
// contact imports) queue rows in their own transaction, so an event is never on the timeline without
// its deliveries; the dispatcher (journey-dispatcher.ts) reads and marks them; `journeys status`
// shows what is still waiting. An account leaving the pool queues the news for its journeys in the
// transaction that records it (accounts/status-history.ts). A rep task closed by its rep queues its news for the waiting journey
// in the transaction that closes it (use-cases/rep-tasks.ts). A seat handed on from the waitlist queues, the same way, the start
// of the workflow that tells the invitee (`seatNotice`, its row keyed by that workflow's ID). An
// account that changes hands queues the news for its open sales tasks' workflows (`salesTaskOwner`,
// accounts/owner-changes.ts). A programme event whose time changed queues the news for the journeys of
// the accounts it invited (`programmeEventMoved`, programme-events/event-file.ts), and the start of the
// workflow that tells each invitee still asked (`eventMovedNotice`, keyed like `seatNotice`).
import type { Db, Tx } from '../db/client';
import { insertRows, jsonValue } from '../db/insert-rows';
import type { AccountChangedSignal, ContactChangedSignal, EngagementSignal, ProgrammeEventMovedSignal, RepTaskClosedSignal } from '../workflows/journey-api';
import type { SalesTaskOwnerSignal } from '../workflows/sales-api';
import type { EventMovedNoticeInput } from '../workflows/event-moved-notice-api';
import type { SeatNoticeInput } from '../workflows/seat-notice-api';

export type Delivery =
  | { kind: 'engagement'; payload: EngagementSignal }
  | { kind: 'contactChanged'; payload: ContactChangedSignal & { eventId: string } }
  | { kind: 'seatNotice'; payload: SeatNoticeInput & { eventId: string } }
  | { kind: 'eventMovedNotice'; payload: EventMovedNoticeInput & { eventId: string } }
  | { kind: 'repTaskClosed'; payload: RepTaskClosedSignal & { eventId: string } }
  | { kind: 'accountChanged'; payload: AccountChangedSignal }
  | { kind: 'salesTaskOwner'; payload: SalesTaskOwnerSignal }
  | { kind: 'programmeEventMoved'; payload: ProgrammeEventMovedSignal };

export type DeliveryKind = Delivery['kind'];
export type DeliveryOutcome = 'delivered' | 'journey_ended';

/** The journeys of an account that react to events: running or paused. */
export async function listeningJourneys(db: Db | Tx, accountIds: string[]): Promise<{ workflowId: string; accountId: string }[]> {
  return db.journeyRun.findMany({
    where: { accountId: { in: accountIds }, status: { in: ['running', 'paused'] } },
    select: { workflowId: true, accountId: true },
    orderBy: { startedAt: 'asc' },
  });
}

/**
 * Queues the delivery for each journey, in the caller's transaction. A journey that already has this
 * event queued (or delivered) gets nothing new, so producers can safely run twice. Returns the
 * journeys newly queued for.
 */
export async function queueDeliveries(tx: Tx, accountId: string, workflowIds: string[], delivery: Delivery): Promise<string[]> {
  const [queued] = await queueManyDeliveries(tx, [{ accountId, workflowIds, delivery }]);
  return queued!;
}

/**
 * `queueDeliveries` for many events at once: one read and one write, rows in the order given.
 * `eventsNew`: the caller knows no row carries these event ids yet (see recordEngagementsIn), so the
 * read is skipped.
 */
export async function queueManyDeliveries(
  tx: Tx,
  items: { accountId: string; workflowIds: string[]; delivery: Delivery }[],
  { eventsNew = false }: { eventsNew?: boolean } = {},
): Promise<string[][]> {
  const wanted = items.filter((i) => i.workflowIds.length > 0);
  if (wanted.length === 0) return items.map(() => []);
  const eventIds = [...new Set(wanted.map((i) => i.delivery.payload.eventId))];
  const known = eventsNew ? [] : await tx.journeyDelivery.findMany({ where: { eventId: { in: eventIds } }, select: { workflowId: true, eventId: true } });
  const done = new Set(known.map((k) => `${k.workflowId}|${k.eventId}`));
  const queued = items.map(({ workflowIds, delivery }) => {
    const fresh = workflowIds.filter((id) => !done.has(`${id}|${delivery.payload.eventId}`));
    fresh.forEach((id) => done.add(`${id}|${delivery.payload.eventId}`));
    return fresh;
  });
  const createdAt = new Date();
  await insertRows(tx, {
    table: 'JourneyDelivery',
    columns: ['workflowId', 'accountId', 'kind', 'eventId', 'payload', 'createdAt'],
    rows: items.flatMap(({ accountId, delivery }, i) =>
      queued[i]!.map((workflowId) => [workflowId, accountId, delivery.kind, delivery.payload.eventId, jsonValue(delivery.payload), createdAt]),
    ),
  });
  return queued;
}

export type PendingDelivery = { id: number; workflowId: string; kind: DeliveryKind; eventId: string; payload: unknown; attempts: number };

/** The oldest undelivered rows, leaving out journeys that wait out a retry delay. */
export function undeliveredRows(db: Db, limit: number, skipWorkflowIds: string[] = []): Promise<PendingDelivery[]> {
  return db.journeyDelivery.findMany({
    where: { deliveredAt: null, ...(skipWorkflowIds.length > 0 ? { workflowId: { notIn: skipWorkflowIds } } : {}) },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, workflowId: true, kind: true, eventId: true, payload: true, attempts: true },
  }) as Promise<PendingDelivery[]>;
}

export function countUndelivered(db: Db): Promise<number> {
  return db.journeyDelivery.count({ where: { deliveredAt: null } });
}

/** Only once Temporal accepted the signal, or told us the journey is gone. */
export async function markDone(db: Db, id: number, outcome: DeliveryOutcome, note?: string): Promise<void> {
  await db.journeyDelivery.updateMany({
    where: { id, deliveredAt: null },
    data: { deliveredAt: new Date(), outcome, attempts: { increment: 1 }, ...(note ? { lastError: note } : {}) },
  });
}

export async function markAttemptFailed(db: Db, id: number, error: string): Promise<void> {
  await db.journeyDelivery.update({ where: { id }, data: { attempts: { increment: 1 }, lastError: error.slice(0, 500) } });
}

export type PendingSummary = { count: number; since: Date; attempts: number; lastError: string | null };

/** Per journey, what is still waiting for delivery (journeys with nothing waiting are absent). */
export async function pendingByJourney(db: Db, workflowIds: string[]): Promise<Map<string, PendingSummary>> {
  const rows = await db.journeyDelivery.findMany({
    where: { deliveredAt: null, workflowId: { in: workflowIds } },
    orderBy: { id: 'asc' },
    select: { workflowId: true, createdAt: true, attempts: true, lastError: true },
  });
  const summary = new Map<string, PendingSummary>();
  for (const row of rows) {
    const seen = summary.get(row.workflowId);
    // The oldest row is the one being retried: its attempts and error tell why the rest wait.
    if (seen) seen.count++;
    else summary.set(row.workflowId, { count: 1, since: row.createdAt, attempts: row.attempts, lastError: row.lastError });
  }
  return summary;
}
