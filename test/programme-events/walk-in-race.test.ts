// A contacts import and an attendance import at the same moment, on PostgreSQL: the contacts import
// has written a new contact and not committed yet when the attendance import reads the contacts, so
// the attendance import keeps her as a walk-in; the contacts import then looks for kept walk-ins in
// its own snapshot, from before that walk-in was kept. Unless one of them runs again, she stays a
// walk-in for good while being a contact. (On SQLite one write transaction runs at a time.)
//
// The interleaving is made by PostgreSQL itself: an engagement event kept for her before she was a
// contact is locked from a third connection, so the contacts import, which records that event and
// lets it go right after writing its contacts, waits there until the attendance import is done.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { contactImporter } from '../../accounts/import-contacts';
import { importAttendance } from '../../programme-events/attendance';
import { saveEvent } from '../../programme-events/event-file';
import { contactHeader, importFile, writeLines } from '../accounts/helpers';
import { useFreshDb } from '../support/fresh-db';
import { eventTookPlace, future, invitees } from '../support/invitees';
import { testDatabase } from '../support/paths';
import { until } from '../support/until';

const fresh = useFreshDb();

it.runIf(testDatabase() === 'postgresql')('records the attendance of a walk-in whose contacts import ran beside the attendance import that kept her', async () => {
  const { db } = fresh;
  await saveEvent(db, { key: 'webinar-race', kind: 'webinar', title: 'Race', start: future(3), end: future(4), timezone: 'UTC', online: 'https://meet.example/w' });
  const { account } = await invitees(db, 'race.example', 1);
  await eventTookPlace(db, 'webinar-race');
  await db.unmatchedEvent.create({ data: { id: 'click-before-known', type: 'clicked', email: 'nina.roth@race.example', domain: 'race.example', accountId: account.id, occurredAt: new Date(Date.now() - 86_400_000) } });
  const attendanceFile = path.join(fresh.dir, 'attendance.csv');
  writeFileSync(attendanceFile, 'Email,Attended\nnina.roth@race.example,yes\n');

  const holder = new pg.Client({ connectionString: fresh.url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM "UnmatchedEvent" WHERE "id" = 'click-before-known' FOR UPDATE`);
    const contacts = importFile(
      db,
      contactImporter({ createAccounts: false }),
      writeLines(fresh.dir, 'contacts.csv', [contactHeader, 'nina.roth@race.example,race.example,Nina,Roth,CFO,decision_maker,executive,,,,']),
    );
    // Her contact written, the contacts import waits for the lock on her kept click.
    const waiting = async () => (await holder.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0].n > 0;
    await until('the contacts import to wait on the kept click', waiting);
    // Meanwhile the whole attendance import runs and commits: to it she is not a contact yet.
    expect(await importAttendance(db, 'webinar-race', attendanceFile)).toMatchObject({ unmatched: [{ email: 'nina.roth@race.example' }] });
    await holder.query('ROLLBACK');
    expect(await contacts).toMatchObject({ created: 1 });
  } finally {
    await holder.end();
  }

  const nina = await db.contact.findUniqueOrThrow({ where: { email: 'nina.roth@race.example' } });
  expect(await db.unmatchedAttendance.count()).toBe(0);
  expect((await db.eventRegistration.findFirst({ where: { contactId: nina.id } }))?.status).toBe('attended');
  expect(await db.touch.count({ where: { contactId: nina.id, type: 'event_attended' } })).toBe(1);
  expect(await db.touch.count({ where: { contactId: nina.id, type: 'clicked' } })).toBe(1);
});
