// The calendar entry an invitation carries, read back with a real iCalendar parser (ical.js): the
// entry itself, and every calendar part of the message as a mail client receives it.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { instantOfLocal } from '../../domain/programme-events/event-definition';
import { composeEmail, messageIdFor } from '../../mail/compose';
import { eventTemplateFields, invitationIcs, invitationUid } from '../../mail/invitation';
import { compile } from '../../mail/transport';
import { calendarPartsOf } from '../support/calendar-parts';

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
  sequence: 0,
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

describe('invitation calendar entry, by the standard', () => {
  it('stamps DTSTAMP in UTC and uses no property RFC 5545 does not define (other than X- ones)', () => {
    const text = ics('contact-1');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const stamp = vevent.getFirstPropertyValue('dtstamp') as ICAL.Time;
    // RFC 5545 3.8.7.2: DTSTAMP "MUST be specified in the UTC time format".
    expect(stamp.zone).toBe(ICAL.Timezone.utcTimezone);
    expect(/^DTSTAMP:\d{8}T\d{6}Z\r?$/m.test(text)).toBe(true);
    expect(stamp.toJSDate().toISOString()).toBe('2026-11-23T10:00:00.000Z');
    const standard = new Set(['version', 'prodid', 'method', 'calscale', 'uid', 'sequence', 'dtstamp', 'dtstart', 'dtend', 'summary', 'location', 'description', 'url', 'organizer', 'attendee', 'tzid', 'last-modified', 'tzname', 'tzoffsetfrom', 'tzoffsetto', 'rrule', 'rdate', 'tzurl']);
    const names = (c: ICAL.Component): string[] => [...c.getAllProperties().map((p) => p.name), ...c.getAllSubcomponents().flatMap(names)];
    const nonStandard = names(calendar).filter((n) => !standard.has(n) && !n.startsWith('x-'));
    expect(nonStandard).toEqual([]);
  });

  it('goes out once per message: one text/calendar alternative and one invite.ics, both the same valid entry', async () => {
    const text = ics('contact-1');
    const key = 'journey/x/acct|engage/invite#1|contact-1';
    const message = await compile(
      await composeEmail({
        templateKey: 'event-invitation',
        context: { contact: { firstName: 'Laura', lastName: 'Johnson', title: 'CEO', role: 'decision_maker', seniority: 'executive' }, account: { name: 'Castell', industry: '' }, stage: 'engage' },
        to: 'ceo@castell.example',
        from: 'Harpoon Events <events@harpoon.example>',
        idempotencyKey: key,
        messageId: messageIdFor(key),
        publicUrl: 'http://localhost:8080',
        secret: 'ics-secret',
        invitation: { eventKey: event.key, event: eventTemplateFields(event), ics: text },
      }),
    );
    const parts = await calendarPartsOf(message.raw);
    expect(parts.filter((p) => p.contentType.startsWith('text/calendar'))).toHaveLength(1);
    expect(parts.filter((p) => p.filename === 'invite.ics')).toHaveLength(1);
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      const calendar = new ICAL.Component(ICAL.parse(part.body));
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(new ICAL.Event(calendar.getFirstSubcomponent('vevent')!).uid).toBe(invitationUid(event.key, 'contact-1'));
    }
  });
});
