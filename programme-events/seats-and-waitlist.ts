// An event's seats and its waitlist: a seat is taken by one conditional update (seatsTaken <
// capacity), which the database runs atomically, so fifty registrations at once for ten seats give
// exactly ten; the rest wait in order. Waitlist promotion: a freed seat goes to the first on the
// waitlist, who is told by email (a seat notice queued in the same transaction). Each change is on
// the timeline and delivered to the account's journeys. Runs inside the answer's transaction
// (registrations.ts).
import type { Tx } from '../db/client';
import type { EventType } from '../domain/journey/vocabulary';
import { seatNoticeWorkflowId } from '../workflows/seat-notice-api';
import { queueDeliveries } from '../client/journey-outbox';
import { recordEngagementIn } from '../engagement/record-engagement';

export type Registration = { id: number; status: string; contactId: string; accountId: string };
export type EventRow = { id: string; key: string };

/** One event of the invitation's life on the timeline and to the journeys; its id makes a retry count once. */
export async function announce(tx: Tx, event: EventRow, reg: Registration, type: EventType, at: Date, detail: Record<string, unknown> = {}) {
  const contact = await tx.contact.findUniqueOrThrow({ where: { id: reg.contactId }, select: { id: true, accountId: true, role: true } });
  return recordEngagementIn(tx, contact, {
    type,
    tag: event.key,
    at,
    source: 'event',
    eventId: `${type}|${event.key}|${reg.contactId}|${at.getTime()}`,
    detail: { eventKey: event.key, ...detail },
  });
}

/** Takes a seat if one is free; false when the event is full. */
export async function takeSeat(tx: Tx, eventId: string): Promise<boolean> {
  const { count } = await tx.event.updateMany({
    where: { id: eventId, OR: [{ capacity: null }, { seatsTaken: { lt: tx.event.fields.capacity } }] },
    data: { seatsTaken: { increment: 1 } },
  });
  return count === 1;
}

/**
 * Gives a freed seat to the first on the waitlist, or back to the event when nobody waits. The one
 * promoted is told by email, as the waitlist page promised: the start of their seat notice
 * (workflows/seat-notice.ts) is queued in this same transaction, so it is never lost.
 */
export async function promoteFromWaitlist(tx: Tx, event: EventRow, at: Date): Promise<string | undefined> {
  const next = await firstWaiting(tx, event.id);
  if (!next) {
    await tx.event.update({ where: { id: event.id }, data: { seatsTaken: { decrement: 1 } } });
    return undefined;
  }
  await seat(tx, event, next, at);
  return next.contactId;
}

/**
 * Seats of an event that grew (a higher capacity, or none): each goes to the first on the waitlist,
 * who is told as a promotion tells them, until the seats or the waitlist run out. How many were seated.
 */
export async function seatWaitlist(tx: Tx, event: EventRow, at: Date): Promise<number> {
  let seated = 0;
  for (let next = await firstWaiting(tx, event.id); next && (await takeSeat(tx, event.id)); next = await firstWaiting(tx, event.id)) {
    await seat(tx, event, next, at);
    seated++;
  }
  return seated;
}

/** First to wait, first seated (programme-events/event-list.ts shows the waitlist in this order). */
function firstWaiting(tx: Tx, eventId: string) {
  return tx.eventRegistration.findFirst({ where: { eventId, status: 'waitlisted' }, orderBy: [{ waitlistedAt: 'asc' }, { id: 'asc' }] });
}

/** A waitlisted registration given a seat already taken for it. */
async function seat(tx: Tx, event: EventRow, reg: Registration, at: Date): Promise<void> {
  await tx.eventRegistration.update({ where: { id: reg.id }, data: { status: 'registered', respondedAt: at } });
  await announce(tx, event, reg, 'event_registered', at, { promotedFromWaitlist: true });
  await queueSeatNotice(tx, event, reg, at);
}

/** The journey whose invitation to this event each contact has (its latest), for a notice's place on the timeline. */
export async function invitingJourneys(tx: Tx, eventKey: string, contactIds: string[]): Promise<Map<string, string | null>> {
  const invited = await tx.touch.findMany({ where: { contactId: { in: contactIds }, type: 'event_invited' }, select: { contactId: true, journeyKey: true, detail: true }, orderBy: { at: 'asc' } });
  const journeys = new Map<string, string | null>(contactIds.map((id) => [id, null]));
  // Oldest first: a later invitation's journey takes the place of an earlier one's.
  for (const t of invited) {
    if ((t.detail as { eventKey?: unknown } | null)?.eventKey === eventKey) journeys.set(t.contactId!, t.journeyKey);
  }
  return journeys;
}

export async function queueSeatNotice(tx: Tx, event: EventRow, reg: Registration, at: Date): Promise<void> {
  const workflowId = seatNoticeWorkflowId(event.key, reg.contactId, at.getTime());
  const payload = {
    version: 1 as const,
    eventId: workflowId,
    eventKey: event.key,
    contactId: reg.contactId,
    accountId: reg.accountId,
    journeyKey: (await invitingJourneys(tx, event.key, [reg.contactId])).get(reg.contactId) ?? null,
    promotedAtMs: at.getTime(),
  };
  await queueDeliveries(tx, reg.accountId, [workflowId], { kind: 'seatNotice', payload });
}

/** Registers or declines a contact, by ids, inside the caller's transaction. */
