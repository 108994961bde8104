// Seats against a real database file: fifty registrations at once for ten seats give exactly ten;
// the rest wait in order and take freed seats one by one. Each answer is on the timeline once,
// with the event's key. (One connection: better-sqlite3 waits for a lock synchronously, so two
// connections in one process would block each other's event loop; processes queue on the lock.)
// On PostgreSQL, an answer that meets the journey's own record of the invitation still registers.
import { describe, expect, it } from 'vitest';
import { answerInvitation } from '../../programme-events/registrations';
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

  it.runIf(testDatabase() === 'postgresql')(
    'registers an invitee who answers while the journey is still recording their invitation',
    async () => {
      const { db } = fresh;
      await saveEvent(db, { key: 'at-once', kind: 'webinar', title: 'At once', start: future(5), end: future(6), timezone: 'UTC', online: 'https://meet.example/y', capacity: 5 });
      const event = await db.event.findUniqueOrThrow({ where: { key: 'at-once' } });
      const one = await invitees(db, 'at-once.example', 1);
      const contact = one.account.contacts[0]!;
      // The journey records the invitation just after sending it: here its insert is made and not
      // yet committed when the invitee presses the link.
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
      const answered = one.answer('at-once', 0, 'register');
      // The answer's own insert waits on the journey's row; then the journey's transaction commits.
      await until('the answer waiting on the invitation being recorded', async () => {
        const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        return row!.n > 0;
      });
      commit();
      await recording;

      expect(await answered).toMatchObject({ kind: 'registered' });
      expect(await db.eventRegistration.findMany({ where: { eventId: event.id }, select: { status: true } })).toEqual([{ status: 'registered' }]);
      expect((await db.event.findUniqueOrThrow({ where: { key: 'at-once' } })).seatsTaken).toBe(1);
    },
    30_000,
  );
});
