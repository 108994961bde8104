// The deliveries of reach events, as people look at them (which failed, and why) and act on them: a
// replay puts a failed delivery back to pending under a new generation, so the fan-out job starts a
// fresh workflow for it (the old one stays closed); its event id, and so Harpoon-Event-Id, stay.
import type { Db } from '../db/client';
import { conflict, invalid, notFound } from '../domain/use-case-error';
import { olderThan } from '../db/older-than';
import { field } from '../domain/fields/field-ref';
import { targetHost } from './target-kinds';

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  target: { id: string; kind: string; host: string };
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  replays: number;
  createdAt: string;
  deliveredAt: string | null;
};

type Row = {
  id: string; eventId: string; eventType: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null;
  generation: number; createdAt: Date; deliveredAt: Date | null; target: { id: string; kind: string; url: string };
};

const view = (d: Row): DeliveryView => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  target: { id: d.target.id, kind: d.target.kind, host: targetHost(d.target.url) },
  status: d.status as DeliveryStatus,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  replays: d.generation,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

/** Newest first. */
/** Newest first; `before` (a delivery's id, the last of the page before) reads on past the limit. */
export async function listDeliveries(db: Db, filter: { status?: DeliveryStatus; limit?: number; before?: string } = {}): Promise<DeliveryView[]> {
  const anchor = filter.before ? await db.reachDelivery.findUnique({ where: { id: filter.before }, select: { id: true, createdAt: true } }) : null;
  if (filter.before && !anchor) throw invalid(`${field('before')}: no delivery has the id ${JSON.stringify(filter.before)}, expected the id of the last delivery of the page before`);
  const rows = await db.reachDelivery.findMany({
    where: { ...(filter.status ? { status: filter.status } : {}), ...olderThan('createdAt', anchor && { id: anchor.id, at: anchor.createdAt }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit ?? 100,
    include: { target: { select: { id: true, kind: true, url: true } } },
  });
  return rows.map(view);
}

export async function replayDelivery(db: Db, id: string): Promise<DeliveryView> {
  const row = await db.reachDelivery.findUnique({ where: { id }, include: { target: true } });
  if (!row) throw notFound(`No delivery ${id}: see "harpoon webhooks deliveries --failed"`);
  if (row.target.removedAt) throw conflict(`Delivery ${id} went to a ${row.target.kind} target that was removed: add it again to receive new events`);
  const { count } = await db.reachDelivery.updateMany({ where: { id, status: 'failed' }, data: { status: 'pending', generation: { increment: 1 }, started: false } });
  if (count === 0) throw conflict(`Delivery ${id} is ${row.status}: only a failed delivery is replayed`);
  return view((await db.reachDelivery.findUniqueOrThrow({ where: { id }, include: { target: true } })));
}

/** Every failed delivery whose target is still there. Returns the replayed ones. */
export async function replayFailed(db: Db): Promise<DeliveryView[]> {
  const failed = await db.reachDelivery.findMany({ where: { status: 'failed', target: { removedAt: null } }, select: { id: true } });
  const replayed: DeliveryView[] = [];
  for (const { id } of failed) replayed.push(await replayDelivery(db, id));
  return replayed;
}
