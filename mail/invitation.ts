// What an event invitation adds to an email: the event's fields for the template, and a calendar
// entry (iCalendar, METHOD:REQUEST) that mail clients show as an invitation. The entry's UID is
// stable per event and contact, so a reminder carrying it again updates the same calendar entry
// instead of adding a second one; it is a hash, so it names no internal ID. Its SEQUENCE counts the
// event's moves: a calendar takes an entry with a higher one as the new time of the entry it has.
import { createHash } from 'node:crypto';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { localDateTime } from '../domain/time/local-time';

export type InvitationEvent = {
  key: string;
  kind: string;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  onlineUrl: string | null;
  venue: string | null;
  /** How many times the event's time changed. */
  sequence: number;
};

export type Invitation = {
  event: InvitationEvent;
  attendee: { email: string; name: string };
  organizer: { email: string; name: string };
};

export function invitationUid(eventKey: string, contactId: string): string {
  return `${createHash('sha256').update(`${eventKey}|${contactId}`).digest('hex').slice(0, 32)}@harpoon`;
}

/**
 * The event's wall-clock time in its zone, as a string without offset. ical-generator writes
 * `DTSTART;TZID=<zone>:` from the local fields of the date it is given, so it gets a date whose
 * local fields are the event zone's wall clock.
 */
function wallClock(at: Date, zone: string): string {
  const l = localDateTime(at.getTime(), zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${two(l.month)}-${two(l.day)}T${two(l.hour)}:${two(l.minute)}:${two(l.second)}`;
}

export function invitationIcs(invitation: Invitation & { uid: string; stamp: Date }): string {
  const { event } = invitation;
  const calendar = ical({ prodId: { company: 'Harpoon', product: 'Harpoon', language: 'EN' }, method: ICalCalendarMethod.REQUEST });
  // Only the generator, no calendar-wide zone name: with a name ical-generator writes DTSTAMP as
  // floating wall-clock time (RFC 5545 wants UTC) and a TIMEZONE-ID line no standard defines. The
  // VTIMEZONE still goes out, for the zone the event's DTSTART and DTEND name.
  calendar.timezone({ name: null, generator: (zone) => tzlib_get_ical_block(zone)[0] ?? null });
  // What Apple and Google calendars read as the calendar's zone, as the X- property it is.
  calendar.x([['X-WR-TIMEZONE', event.timezone]]);
  calendar.createEvent({
    id: invitation.uid,
    sequence: event.sequence,
    stamp: invitation.stamp,
    start: wallClock(event.startsAt, event.timezone),
    end: wallClock(event.endsAt, event.timezone),
    timezone: event.timezone,
    summary: event.title,
    description: event.description ?? undefined,
    location: event.venue ?? event.onlineUrl ?? undefined,
    url: event.onlineUrl ?? undefined,
    organizer: invitation.organizer,
    attendees: [{ ...invitation.attendee, rsvp: true, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION }],
  });
  return calendar.toString();
}

/** The event as templates see it (`event.title`, `event.starts` ...), times in the event's zone. */
export function eventTemplateFields(event: InvitationEvent) {
  const format = (at: Date, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: event.timezone, ...options }).format(at);
  return {
    title: event.title,
    kind: event.kind.replace(/_/g, ' '),
    description: event.description ?? '',
    starts: format(event.startsAt, { dateStyle: 'full', timeStyle: 'short' }),
    ends: format(event.endsAt, { timeStyle: 'short' }),
    timezone: event.timezone,
    where: [event.venue, event.onlineUrl].filter(Boolean).join(' / '),
  };
}
export type EventTemplateFields = ReturnType<typeof eventTemplateFields>;
