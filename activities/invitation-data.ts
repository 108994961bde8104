// Loads what an event invitation or reminder adds to a contact's email, by the event key the
// workflow passed: the event's fields for the template and its calendar entry for this contact.
import type { Db } from '../db/client';
import { stillAskedStatuses, type RegistrationStatus } from '../domain/programme-events/vocabulary';
import { eventTemplateFields, invitationIcs, invitationUid } from '../mail/invitation';
import { fullName } from '../mail/person-name';

type Recipient = { id: string; email: string; firstName: string | null; lastName: string | null };

/** "Name <address>" or a bare address, as MAIL_FROM holds it. */
function organizerOf(from: string): { email: string; name: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1]!.trim(), email: match[2]!.trim() } : { name: '', email: from.trim() };
}

export async function loadInvitation(db: Db, eventKey: string, contact: Recipient, from: string, stamp: Date) {
  const event = await db.event.findUnique({ where: { key: eventKey } });
  if (!event) return null;
  const ics = invitationIcs({
    event,
    uid: invitationUid(event.key, contact.id),
    stamp,
    attendee: { email: contact.email, name: fullName(contact.firstName ?? '', contact.lastName ?? '') },
    organizer: organizerOf(from),
  });
  return { eventKey, event: eventTemplateFields(event), ics };
}

/**
 * Why a seat notice would no longer be true, if it would not: the contact gave the seat up (or was
 * never given it), or the event has started. Undefined: they hold a seat and it is still ahead.
 */
export async function seatLost(db: Db, eventKey: string, contactId: string, at: Date): Promise<{ reason: string; why: string } | undefined> {
  const reg = await db.eventRegistration.findFirst({ where: { contactId, event: { key: eventKey } }, select: { status: true, event: { select: { startsAt: true } } } });
  if (reg?.status !== 'registered') return { reason: 'seat_not_held', why: `the contact no longer holds a seat at ${eventKey} (${reg?.status ?? 'not invited'})` };
  if (at >= reg.event.startsAt) return { reason: 'event_started', why: `${eventKey} has started` };
  return undefined;
}

/**
 * Why the news of a move (to the event's sequence `movedTo`) would no longer be true or wanted, if
 * it would not: the contact is no longer asked (declined, or was never invited), the event has
 * started, or it moved again since (that move's notice tells the newer time). Undefined: send it.
 */
export async function moveNoticeStale(db: Db, eventKey: string, contactId: string, movedTo: number, at: Date): Promise<{ reason: string; why: string } | undefined> {
  const reg = await db.eventRegistration.findFirst({ where: { contactId, event: { key: eventKey } }, select: { status: true, event: { select: { startsAt: true, sequence: true } } } });
  if (!reg || !stillAskedStatuses.includes(reg.status as RegistrationStatus)) return { reason: 'not_asked', why: `the contact is no longer asked to ${eventKey} (${reg?.status ?? 'not invited'})` };
  if (at >= reg.event.startsAt) return { reason: 'event_started', why: `${eventKey} has started` };
  if (reg.event.sequence !== movedTo) return { reason: 'moved_again', why: `${eventKey} moved again since; the notice of that move tells the new time` };
  return undefined;
}
