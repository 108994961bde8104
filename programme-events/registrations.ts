// A contact's answer to an event invitation, and what it does to the seats: one transaction writes
// the registration, the seat, the timeline touch and the deliveries to the account's journeys, so
// nothing is half-written. Seats and the waitlist, and the promotion when a registrant declines,
// are in seats-and-waitlist.ts.
import type { Db, Tx } from '../db/client';
import { stillAskedStatuses, type RegistrationStatus } from '../domain/programme-events/vocabulary';
import { againAfterUniqueRace, inTransaction } from '../db/transaction';
import type { InvitationAnswer } from '../http/registration';
import { messageIdForRef } from '../mail/compose';
import { announce, promoteFromWaitlist, takeSeat, type EventRow } from './seats-and-waitlist';

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
  const promotedContactId = reg.status === 'registered' ? await promoteFromWaitlist(tx, event, at) : undefined;
  await tx.eventRegistration.update({ where: { id: reg.id }, data: { status: 'declined', respondedAt: at, waitlistedAt: null } });
  const recorded = await announce(tx, event, reg, 'event_declined', at, reg.status === 'invited' ? {} : { before: reg.status });
  return { kind: 'declined', eventTitle: title, promotedContactId, queued: recorded.queued.length };
}

/**
 * Locks the event first. On PostgreSQL it locks the event's row, and the transaction runs READ
 * COMMITTED (`locksFirst`), so answers for one event take their turns and each sees the seats the
 * one before it took. (SQLite's transactions already hold the whole database's write lock from
 * their BEGIN, db/client.ts.)
 */
export async function lockEvents(tx: Tx, eventKey: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Event" SET "seatsTaken" = "seatsTaken" WHERE "key" = ${eventKey}`;
}

/** The answer a signed link carries: the send it names says who, its tag which event. */
export async function answerInvitation(db: Db, req: { send: string; eventKey: string; answer: InvitationAnswer; at: Date }): Promise<AnswerOutcome & { queued?: number }> {
  // The journey records the invitation (activities/programme-events.ts) just after it is sent, and
  // does not lock the event: an answer given at once can meet that registration as it is inserted.
  return againAfterUniqueRace(() =>
    inTransaction(db, async (tx) => {
      await lockEvents(tx, req.eventKey);
      const send = await tx.emailSend.findUnique({ where: { messageId: messageIdForRef(req.send) }, select: { contactId: true, accountId: true } });
      if (!send?.contactId) return { kind: 'unknown_send' };
      const event = await tx.event.findUnique({ where: { key: req.eventKey } });
      if (!event) return { kind: 'unknown_event' };
      return answerFor(tx, event, { id: send.contactId, accountId: send.accountId }, req.answer, req.at);
    }, { locksFirst: true }),
  );
}

/**
 * A person erased on request gives up every event ahead they are still asked to: their seat goes to
 * the first on the waitlist (it was theirs for ever otherwise), a place on the waitlist is left, and
 * an invitation is closed, each recorded as not coming, with why. How many answers were withdrawn.
 */
export async function withdrawFromEventsAhead(tx: Tx, contactId: string, at: Date, why: string): Promise<number> {
  const asked = await tx.eventRegistration.findMany({
    where: { contactId, status: { in: [...stillAskedStatuses] }, event: { startsAt: { gt: at } } },
    include: { event: { select: { id: true, key: true } } },
    orderBy: { id: 'asc' },
  });
  for (const reg of asked) {
    await lockEvents(tx, reg.event.key);
    if (reg.status === 'registered') await promoteFromWaitlist(tx, reg.event, at);
    await tx.eventRegistration.update({ where: { id: reg.id }, data: { status: 'declined', respondedAt: at, waitlistedAt: null } });
    await announce(tx, reg.event, reg, 'event_declined', at, { before: reg.status, why });
  }
  return asked.length;
}
