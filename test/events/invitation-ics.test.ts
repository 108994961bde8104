// The calendar entry an invitation carries, read back with a real iCalendar parser (ical.js).
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { instantOfLocal } from '../../domain/events/event-definition';
import { invitationIcs, invitationUid } from '../../mail/invitation';

const event = {
  key: 'exec-roundtable-2027',
  kind: 'roundtable',
  title: 'Supply risk in 2027',
  description: 'Two hours with peers',
  startsAt: instantOfLocal('2027-03-04T17:00', 'Europe/Berlin'),
  endsAt: instantOfLocal('2027-03-04T19:00', 'Europe/Berlin'),
  timezone: 'Europe/Berlin',
  onlineUrl: null,
  venue: 'Am Sandtorkai 50, Hamburg',
};

const ics = (contactId: string) =>
  invitationIcs({
    event,
    uid: invitationUid(event.key, contactId),
    stamp: new Date('2026-11-23T10:00:00Z'),
    attendee: { email: 'ceo@castell.example', name: 'Laura Johnson' },
    organizer: { email: 'events@harpoon.example', name: 'Harpoon Events' },
  });

describe('invitation calendar entry', () => {
  it('is a METHOD:REQUEST event at the right instant, in the event zone, asking the attendee to answer', () => {
    const calendar = new ICAL.Component(ICAL.parse(ics('contact-1')));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    // The zone's own definition travels with the entry, so clients place it right without a lookup.
    const zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    expect(zone.tzid).toBe('Europe/Berlin');
    const start = vevent.startDate;
    start.zone = zone;
    expect(start.toJSDate().toISOString()).toBe('2027-03-04T16:00:00.000Z');
    expect(vevent.startDate.toString()).toBe('2027-03-04T17:00:00');
    expect(vevent.summary).toBe('Supply risk in 2027');
    expect(vevent.location).toBe('Am Sandtorkai 50, Hamburg');
    const attendee = vevent.attendees[0]!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:ceo@castell.example');
    expect(attendee.getParameter('rsvp')).toBe('TRUE');
    expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(vevent.organizer.toLowerCase()).toBe('mailto:events@harpoon.example');
  });

  it('has a UID that is stable per event and contact, and names neither', () => {
    const uid = (text: string) => new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!).uid;
    expect(uid(ics('contact-1'))).toBe(uid(ics('contact-1')));
    expect(uid(ics('contact-1'))).not.toBe(uid(ics('contact-2')));
    expect(uid(ics('contact-1'))).not.toContain('contact-1');
    expect(uid(ics('contact-1'))).not.toContain('exec-roundtable');
  });
});
