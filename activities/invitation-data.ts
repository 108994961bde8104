// Loads what an event invitation or reminder adds to a contact's email, by the event key the
// workflow passed: the event's fields for the template and its calendar entry for this contact.
import type { Db } from '../db/client';
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
