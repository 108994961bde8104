// A contacts import and an attendance import at the same moment, on PostgreSQL: the contacts import
// has written a new contact and not committed yet when the attendance import reads the contacts, so
// the attendance import keeps her as a walk-in; the contacts import then looks for kept walk-ins in
// its own snapshot, from before that walk-in was kept. Unless one of them runs again, she stays a
// walk-in for good while being a contact. (On SQLite one write transaction runs at a time.)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { contactImporter } from '../../accounts/import-contacts';
import { importAttendance } from '../../programme-events/attendance';
import { saveEvent } from '../../programme-events/event-file';
import { contactHeader, importFile, writeLines } from '../accounts/helpers';
import { useFreshDb } from '../support/fresh-db';
import { eventTookPlace, future, invitees } from '../support/invitees';
import { testDatabase } from '../support/paths';

/** Once: what the contacts import runs, and waits for, between writing its contacts and looking for their kept attendance. */
const gate = vi.hoisted(() => ({ beforeAttach: undefined as (() => Promise<unknown>) | undefined }));

vi.mock('../../programme-events/attendance', async (original) => {
  const real = await original<typeof import('../../programme-events/attendance')>();
  return {
    ...real,
    attachUnmatchedAttendance: async (...args: Parameters<typeof real.attachUnmatchedAttendance>) => {
      const run = gate.beforeAttach;
      gate.beforeAttach = undefined; // an attempt run again after a conflict goes straight on
      await run?.();
      return real.attachUnmatchedAttendance(...args);
    },
  };
});

const fresh = useFreshDb();

it.runIf(testDatabase() === 'postgresql')('records the attendance of a walk-in whose contacts import ran beside the attendance import that kept her', async () => {
  const { db } = fresh;
  await saveEvent(db, { key: 'webinar-race', kind: 'webinar', title: 'Race', start: future(3), end: future(4), timezone: 'UTC', online: 'https://meet.example/w' });
  const group = await invitees(db, 'race.example', 1);
  await group.answer('webinar-race', 0, 'register');
  await eventTookPlace(db, 'webinar-race');

  const attendanceFile = path.join(fresh.dir, 'attendance.csv');
  writeFileSync(attendanceFile, 'Email,Attended\np0@race.example,yes\nnina.roth@race.example,yes\n');
  let attendance: Promise<unknown> | undefined;
  // The whole attendance import runs while the contacts import holds its new contact uncommitted.
  gate.beforeAttach = () => (attendance = importAttendance(db, 'webinar-race', attendanceFile));
  const contacts = await importFile(
    db,
    contactImporter({ createAccounts: false }),
    writeLines(fresh.dir, 'contacts.csv', [contactHeader, 'nina.roth@race.example,race.example,Nina,Roth,CFO,decision_maker,executive,,,,']),
  );
  expect(attendance).toBeDefined();
  await attendance;

  expect(contacts).toMatchObject({ created: 1 });
  const nina = await db.contact.findUniqueOrThrow({ where: { email: 'nina.roth@race.example' } });
  expect(await db.unmatchedAttendance.count()).toBe(0);
  const registration = await db.eventRegistration.findFirst({ where: { contactId: nina.id } });
  expect(registration?.status).toBe('attended');
  expect(await db.touch.count({ where: { contactId: nina.id, type: 'event_attended' } })).toBe(1);
});
