// Seats against a real database file: fifty registrations at once for ten seats give exactly ten;
// the rest wait in order and take freed seats one by one. Each answer is on the timeline once,
// with the event's key. (One connection: better-sqlite3 waits for a lock synchronously, so two
// connections in one process would block each other's event loop; processes queue on the lock.)
// On PostgreSQL, an answer or an attendance import that meets the journey's own record of the
// invitation still writes the registration.
import { describe, expect, it } from 'vitest';
import { answerInvitation } from '../../programme-events/registrations';
import { importAttendanceTable } from '../../programme-events/attendance';
import { rowsTable } from '../../api/routes/accounts';
import { saveEvent } from '../../programme-events/event-file';
import { sendRefFor } from '../../mail/tracking';
import { useFreshDb } from '../support/fresh-db';
import { future, invitees } from '../support/invitees';
import { testDatabase } from '../support/paths';
import { until } from '../support/until';

const fresh = useFreshDb();

describe('event seats', () => {
  it('gives ten seats to fifty simultaneous registrations, waitlists the rest in order, and promotes on decline', async () => {
    const { db } = fresh;
    await saveEvent(db, { key: 'ten-seats', kind: 'workshop', title: 'Ten seats', start: future(10), end: future(11), timezone: 'UTC', venue: 'Lab', capacity: 10 });
    const crowd = await invitees(db, 'crowd.example', 50);
    const { account, sends } = crowd;
    const answer = (i: number, a: 'register' | 'decline') => crowd.answer('ten-seats', i, a);

    const outcomes = await Promise.all(sends.map((_, i) => answer(i, 'register')));
    expect(outcomes.filter((o) => o.kind === 'registered')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'waitlisted')).toHaveLength(40);
    const event = await db.event.findUniqueOrThrow({ where: { key: 'ten-seats' } });
    expect(event.seatsTaken).toBe(10);
    expect(await db.eventRegistration.count({ where: { eventId: event.id, status: 'registered' } })).toBe(10);

    // A second press changes nothing and records nothing.
    const registered = outcomes.findIndex((o) => o.kind === 'registered');
    expect(await answer(registered, 'register')).toMatchObject({ kind: 'unchanged' });

    // Three registrants decline: the first three of the waitlist, in the order they joined it, take their seats.
    const waitlist = await db.eventRegistration.findMany({ where: { eventId: event.id, status: 'waitlisted' }, orderBy: [{ waitlistedAt: 'asc' }, { id: 'asc' }] });
    const leaving = outcomes.flatMap((o, i) => (o.kind === 'registered' ? [i] : [])).slice(0, 3);
    const promoted = [];
    for (const i of leaving) promoted.push((await answer(i, 'decline')) as { promotedContactId?: string });
    expect(promoted.map((p) => p.promotedContactId)).toEqual(waitlist.slice(0, 3).map((w) => w.contactId));
    expect((await db.event.findUniqueOrThrow({ where: { key: 'ten-seats' } })).seatsTaken).toBe(10);
    expect(await db.eventRegistration.count({ where: { eventId: event.id, status: 'registered' } })).toBe(10);

    const touches = await db.touch.groupBy({ by: ['type'], where: { accountId: account.id }, _count: { _all: true } });
    expect(Object.fromEntries(touches.map((t) => [t.type, t._count._all]))).toEqual({ event_registered: 13, event_waitlisted: 40, event_declined: 3 });
  });

  it('frees the seat when nobody waits, and refuses answers once the event has started', async () => {
    const { db } = fresh;
    await saveEvent(db, { key: 'two-seats', kind: 'webinar', title: 'Two seats', start: future(5), end: future(6), timezone: 'UTC', online: 'https://meet.example/x', capacity: 2 });
    const pair = await invitees(db, 'pair.example', 2);
    const answer = (i: number, a: 'register' | 'decline', at?: Date) => pair.answer('two-seats', i, a, at);
    await answer(0, 'register');
    expect(await answer(0, 'decline')).toMatchObject({ kind: 'declined', promotedContactId: undefined });
    expect((await db.event.findUniqueOrThrow({ where: { key: 'two-seats' } })).seatsTaken).toBe(0);
    expect(await answer(1, 'register', new Date(Date.now() + 5.5 * 86_400_000))).toEqual({ kind: 'closed' });
    expect(await answerInvitation(db, { send: sendRefFor('no such send'), eventKey: 'two-seats', answer: 'register', at: new Date() })).toEqual({ kind: 'unknown_send' });
  });

  /**
   * The journey records an invitation just after sending it, without locking the event: here its
   * insert is made and not yet committed when `act` writes the same registration. `act` waits on
   * a lock the journey holds (seen in pg_stat_activity); then the journey commits.
   */
  async function whileInvitationIsRecorded<T>(key: string, act: (invitee: Awaited<ReturnType<typeof invitees>>) => Promise<T>) {
    const { db } = fresh;
    await saveEvent(db, { key, kind: 'webinar', title: 'At once', start: future(5), end: future(6), timezone: 'UTC', online: 'https://meet.example/y', capacity: 5 });
    const event = await db.event.findUniqueOrThrow({ where: { key } });
    const one = await invitees(db, `${key}.example`, 1);
    const contact = one.account.contacts[0]!;
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const insertMade = new Promise<void>((resolve) => (inserted = resolve));
    const recording = db.$transaction(async (tx) => {
      await tx.eventRegistration.create({ data: { eventId: event.id, contactId: contact.id, accountId: one.account.id, status: 'invited', invitedAt: new Date() } });
      inserted();
      await committing;
    });
    await insertMade;
    const acting = act(one);
    await until('the write waiting on the invitation being recorded', async () => {
      const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return row!.n > 0;
    });
    commit();
    await recording;
    return { outcome: await acting, event };
  }

  it.runIf(testDatabase() === 'postgresql')(
    'registers an invitee who answers while the journey is still recording their invitation',
    async () => {
      const { outcome, event } = await whileInvitationIsRecorded('at-once', (one) => one.answer('at-once', 0, 'register'));
      expect(outcome).toMatchObject({ kind: 'registered' });
      expect(await fresh.db.eventRegistration.findMany({ where: { eventId: event.id }, select: { status: true } })).toEqual([{ status: 'registered' }]);
      expect((await fresh.db.event.findUniqueOrThrow({ where: { key: 'at-once' } })).seatsTaken).toBe(1);
    },
    30_000,
  );

  it.runIf(testDatabase() === 'postgresql')(
    'imports the attendance of an invitee whose invitation the journey is still recording',
    async () => {
      // The import locks the event first, and the journey's insert holds a share lock on the event
      // row (its foreign key): the import waits for the journey's commit, then finds its row.
      const { outcome, event } = await whileInvitationIsRecorded('walk-in', (one) =>
        // As the export comes: after the event (five days ahead) has begun.
        importAttendanceTable(fresh.db, 'walk-in', rowsTable([{ email: one.account.contacts[0]!.email, attended: 'yes' }]), new Date(Date.now() + 7 * 86_400_000)),
      );
      expect(outcome).toMatchObject({ attended: 1, noShow: 0, unmatched: [] });
      expect(await fresh.db.eventRegistration.findMany({ where: { eventId: event.id }, select: { status: true } })).toEqual([{ status: 'attended' }]);
    },
    30_000,
  );
});
