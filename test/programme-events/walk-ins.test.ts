// Walk-ins (attendees of an export who are not contacts) once they become contacts: the contacts
// import that brings them records their attendance as the attendance import would have (the event,
// the timeline, the account's running journeys), and an export imported again finds them as contacts
// and counts them once, not once more as walk-ins. And an export counts people, not rows.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contactImporter } from '../../accounts/import-contacts';
import { importAttendance } from '../../programme-events/attendance';
import { saveEvent } from '../../programme-events/event-file';
import { showEvent } from '../../programme-events/event-list';
import { contactHeader, importFile, writeLines } from '../accounts/helpers';
import { useFreshDb } from '../support/fresh-db';
import { eventTookPlace, future, invitees } from '../support/invitees';

const fresh = useFreshDb({ each: true });

let files = 0;
const attendanceFile = (lines: string[]) => {
  const file = path.join(fresh.dir, `attendance-${++files}.csv`);
  writeFileSync(file, `Email,Attended\n${lines.join('\n')}\n`);
  return file;
};

/** A webinar that took place, with p0 and p1 of `domain` registered, and a journey running for their account. */
async function pastWebinar(key: string, domain: string) {
  const { db } = fresh;
  await saveEvent(db, { key, kind: 'webinar', title: key, start: future(3), end: future(4), timezone: 'UTC', online: 'https://meet.example/w' });
  const group = await invitees(db, domain, 2);
  for (const i of [0, 1]) await group.answer(key, i, 'register');
  await eventTookPlace(db, key);
  await db.journeyRun.create({ data: { workflowId: `journey/nurture/${group.account.id}`, journeyKey: 'nurture', journeyVersion: 1, accountId: group.account.id, status: 'running' } });
  return group;
}

const statuses = async (key: string) => Object.fromEntries((await showEvent(fresh.db, key)).registrations.map((r) => [r.contact.split('@')[0], r.status]));

describe('walk-ins who become contacts', () => {
  it('records the attendance kept for a walk-in when a contacts import brings them, as the attendance import would have', async () => {
    const { db } = fresh;
    const { account } = await pastWebinar('webinar-nov', 'castell-medtech.example');
    const first = await importAttendance(db, 'webinar-nov', attendanceFile(['p0@castell-medtech.example,yes', 'Laura.Johnson@Castell-Medtech.example,yes']));
    expect(first).toMatchObject({ attended: 1, unmatched: [{ row: 3, email: 'laura.johnson@castell-medtech.example', attended: true }] });

    const contacts = writeLines(fresh.dir, 'contacts.csv', [contactHeader, 'laura.johnson@castell-medtech.example,castell-medtech.example,Laura,Johnson,CTO,decision_maker,executive,,,,']);
    const imported = await importFile(db, contactImporter({ createAccounts: false }), contacts);
    expect(imported).toMatchObject({ created: 1 });
    expect(imported.notes).toContain("1 programme-event attendance of walk-ins, kept until they were contacts, now on their timelines and events and with their accounts' running journeys");

    // On the event, as attended, and no longer among its walk-ins.
    const event = await showEvent(db, 'webinar-nov');
    expect(await statuses('webinar-nov')).toEqual({ p0: 'attended', p1: 'registered', 'laura.johnson': 'attended' });
    expect(event.unmatchedAttendance).toEqual({ attended: 0, absent: 0 });
    expect(await db.unmatchedAttendance.count()).toBe(0);
    // On her timeline, and queued for her account's running journey.
    const laura = await db.contact.findUniqueOrThrow({ where: { email: 'laura.johnson@castell-medtech.example' } });
    const touch = await db.touch.findFirstOrThrow({ where: { contactId: laura.id, type: 'event_attended' } });
    expect(touch.detail).toMatchObject({ eventKey: 'webinar-nov' });
    const outbox = await db.journeyDelivery.findMany({ where: { workflowId: `journey/nurture/${account.id}`, eventId: `event_attended|webinar-nov|${laura.id}` } });
    expect(outbox).toHaveLength(1);

    // The same export again: she is an attendee already, counted once and not as a walk-in.
    const again = await importAttendance(db, 'webinar-nov', attendanceFile(['p0@castell-medtech.example,yes', 'Laura.Johnson@Castell-Medtech.example,yes']));
    expect(again).toMatchObject({ attended: 0, unchanged: 2, unmatched: [] });
    expect(await db.unmatchedAttendance.count()).toBe(0);
    expect(await db.touch.count({ where: { contactId: laura.id, type: 'event_attended' } })).toBe(1);
  });

  it('lets a later export that finds a walk-in a contact replace their kept row', async () => {
    const { db } = fresh;
    const { account } = await pastWebinar('webinar-dec', 'quay.example');
    const file = attendanceFile(['walk-in@quay.example,yes']);
    expect((await importAttendance(db, 'webinar-dec', file)).unmatched).toHaveLength(1);
    // A contact since, made without the contacts import (as the data of a Harpoon before it attached walk-ins).
    await db.contact.create({ data: { email: 'walk-in@quay.example', accountId: account.id } });

    const again = await importAttendance(db, 'webinar-dec', file);
    expect(again).toMatchObject({ attended: 1, unmatched: [] });
    expect(await statuses('webinar-dec')).toMatchObject({ 'walk-in': 'attended' });
    expect((await showEvent(db, 'webinar-dec')).unmatchedAttendance).toEqual({ attended: 0, absent: 0 });
  });

  it('counts a person listed twice once, whether a contact or a walk-in', async () => {
    const { db } = fresh;
    await pastWebinar('webinar-jan', 'weir.example');
    const report = await importAttendance(db, 'webinar-jan', attendanceFile(['p0@weir.example,yes', 'P0@weir.example,yes', 'guest@elsewhere.example,yes', 'Guest@Elsewhere.example,yes']));
    expect(report).toMatchObject({ attended: 1, unchanged: 0, unmatched: [{ row: 4, email: 'guest@elsewhere.example', attended: true }] });
  });
});
