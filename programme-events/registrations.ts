// A contact's answer to an event invitation, and what it does to the seats: one transaction writes
// the registration, the seat, the timeline touch and the deliveries to the account's journeys, so
// nothing is half-written. A seat is taken by one conditional update (seatsTaken < capacity), which
// SQLite runs atomically: fifty registrations at once for ten seats give exactly ten. The rest wait
// in order; when a registrant declines, the first on the waitlist takes the freed seat.
import type { Db, Tx } from '../db/client';
import type { RegistrationStatus } from '../domain/programme-events/vocabulary';
import type { EventType } from '../domain/journey/vocabulary';
import { inTransaction } from '../db/transaction';
import type { InvitationAnswer } from '../http/registration';
import { messageIdForRef } from '../mail/compose';
import { seatNoticeWorkflowId } from '../workflows/seat-notice-api';
import { queueDeliveries } from '../client/journey-outbox';
import { recordEngagementIn } from '../engagement/record-engagement';

export type { InvitationAnswer };

/**
 * `unknown_send`: no record of the invitation the link names; `closed`: the event has started;
 * `unchanged`: the contact had already given this answer (a second press records nothing), and
 * `standing` is where they still stand, so the page tells a waitlisted invitee they still wait.
 */
export type AnswerOutcome =
  | { kind: 'registered' | 'waitlisted' | 'declined'; eventTitle: string; promotedContactId?: string }
  | { kind: 'unchanged'; eventTitle: string; standing: RegistrationStatus }
  | { kind: 'unknown_send' | 'unknown_event' | 'closed' };

type Registration = { id: number; status: string; contactId: string; accountId: string };
type EventRow = { id: string; key: string };

/** One event of the invitation's life on the timeline and to the journeys; its id makes a retry count once. */
async function announce(tx: Tx, event: EventRow, reg: Registration, type: EventType, at: Date, detail: Record<string, unknown> = {}) {
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
async function takeSeat(tx: Tx, eventId: string): Promise<boolean> {
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
async function releaseSeat(tx: Tx, event: EventRow, at: Date): Promise<string | undefined> {
  const next = await tx.eventRegistration.findFirst({
    where: { eventId: event.id, status: 'waitlisted' },
    orderBy: [{ waitlistedAt: 'asc' }, { id: 'asc' }],
  });
  if (!next) {
    await tx.event.update({ where: { id: event.id }, data: { seatsTaken: { decrement: 1 } } });
    return undefined;
  }
  await tx.eventRegistration.update({ where: { id: next.id }, data: { status: 'registered', respondedAt: at } });
  await announce(tx, event, next, 'event_registered', at, { promotedFromWaitlist: true });
  await queueSeatNotice(tx, event, next, at);
  return next.contactId;
}

/** The journey whose invitation to this event the contact has, for the notice's place on the timeline. */
async function invitingJourney(tx: Tx, eventKey: string, contactId: string): Promise<string | null> {
  const invited = await tx.touch.findMany({ where: { contactId, type: 'event_invited' }, select: { journeyKey: true, detail: true }, orderBy: { at: 'desc' } });
  return invited.find((t) => (t.detail as { eventKey?: unknown } | null)?.eventKey === eventKey)?.journeyKey ?? null;
}

async function queueSeatNotice(tx: Tx, event: EventRow, reg: Registration, at: Date): Promise<void> {
  const workflowId = seatNoticeWorkflowId(event.key, reg.contactId, at.getTime());
  const payload = {
    version: 1 as const,
    eventId: workflowId,
    eventKey: event.key,
    contactId: reg.contactId,
    accountId: reg.accountId,
    journeyKey: await invitingJourney(tx, event.key, reg.contactId),
    promotedAtMs: at.getTime(),
  };
  await queueDeliveries(tx, reg.accountId, [workflowId], { kind: 'seatNotice', payload });
}

/** Registers or declines a contact, by ids, inside the caller's transaction. */
async function answerFor(tx: Tx, event: EventRow & { title: string; startsAt: Date }, contact: { id: string; accountId: string }, answer: InvitationAnswer, at: Date): Promise<AnswerOutcome & { queued?: number }> {
  if (at >= event.startsAt) return { kind: 'closed' };
  const reg = await tx.eventRegistration.upsert({
    where: { eventId_contactId: { eventId: event.id, contactId: contact.id } },
    create: { eventId: event.id, contactId: contact.id, accountId: contact.accountId, status: 'invited' },
    update: {},
  });
  const title = event.title;
  if (answer === 'register') {
    if (reg.status !== 'invited' && reg.status !== 'declined') return { kind: 'unchanged', eventTitle: title, standing: reg.status as RegistrationStatus };
    const seated = await takeSeat(tx, event.id);
    const status = seated ? 'registered' : 'waitlisted';
    await tx.eventRegistration.update({ where: { id: reg.id }, data: { status, respondedAt: at, waitlistedAt: seated ? null : at } });
    const recorded = await announce(tx, event, reg, seated ? 'event_registered' : 'event_waitlisted', at);
    return { kind: status, eventTitle: title, queued: recorded.queued.length };
  }
  if (reg.status === 'declined' || reg.status === 'attended' || reg.status === 'no_show') return { kind: 'unchanged', eventTitle: title, standing: reg.status };
  const promotedContactId = reg.status === 'registered' ? await releaseSeat(tx, event, at) : undefined;
  await tx.eventRegistration.update({ where: { id: reg.id }, data: { status: 'declined', respondedAt: at, waitlistedAt: null } });
  const recorded = await announce(tx, event, reg, 'event_declined', at, reg.status === 'invited' ? {} : { before: reg.status });
  return { kind: 'declined', eventTitle: title, promotedContactId, queued: recorded.queued.length };
}

/**
 * Locks the event first. On SQLite this takes the write lock: a transaction that read before
 * writing cannot wait for another connection's writer (WAL refuses the upgrade at once), whereas a
 * first write waits its turn, so answers from several processes queue up instead of failing. On
 * PostgreSQL it locks the event's row, and the transaction runs READ COMMITTED (`locksFirst`), so
 * answers for one event take their turns and each sees the seats the one before it took.
 */
export async function lockEvents(tx: Tx, eventKey: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Event" SET "seatsTaken" = "seatsTaken" WHERE "key" = ${eventKey}`;
}

/** The answer a signed link carries: the send it names says who, its tag which event. */
export async function answerInvitation(db: Db, req: { send: string; eventKey: string; answer: InvitationAnswer; at: Date }): Promise<AnswerOutcome & { queued?: number }> {
  return inTransaction(db, async (tx) => {
    await lockEvents(tx, req.eventKey);
    const send = await tx.emailSend.findUnique({ where: { messageId: messageIdForRef(req.send) }, select: { contactId: true, accountId: true } });
    if (!send?.contactId) return { kind: 'unknown_send' };
    const event = await tx.event.findUnique({ where: { key: req.eventKey } });
    if (!event) return { kind: 'unknown_event' };
    return answerFor(tx, event, { id: send.contactId, accountId: send.accountId }, req.answer, req.at);
  }, { locksFirst: true });
}
