// Seats that come free other than by a decline go to the waitlist, first to wait first, each told
// as a promotion tells them: the seats an event file adds (a higher capacity, or none), and the seat
// of a person erased on request (which was theirs for ever).
import { describe, expect, it } from 'vitest';
import { saveEvent, validateEvent } from '../../programme-events/event-file';
import { showEvent } from '../../programme-events/event-list';
import { erasePersonalData } from '../../use-cases/personal-data';
import { useFreshDb } from '../support/fresh-db';
import { future, invitees } from '../support/invitees';

const fresh = useFreshDb({ each: true });

const roundtable = (key: string, capacity?: number) => ({ key, kind: 'roundtable' as const, title: key, start: future(10), end: future(11), timezone: 'UTC', venue: 'Board room', ...(capacity === undefined ? {} : { capacity }) });

/** An event of two seats, both taken, and three people waiting (p2, p3, p4, in that order). */
async function fullEvent(key: string) {
  const { db } = fresh;
  await saveEvent(db, roundtable(key, 2));
  const group = await invitees(db, `${key}.example`, 5);
  for (const i of [0, 1, 2, 3, 4]) await group.answer(key, i, 'register', new Date(Date.now() + i * 1000));
  return group;
}

const standing = async (key: string) => Object.fromEntries((await showEvent(fresh.db, key)).registrations.map((r) => [r.contact.split('@')[0], r.status]));
const seatNotices = (accountId: string) => fresh.db.journeyDelivery.count({ where: { accountId, kind: 'seatNotice' } });

describe('seats given back to the waitlist', () => {
  it('seats the waitlist in order when the file raises the capacity, not whoever answers next', async () => {
    const { account } = await fullEvent('grows');
    const saved = await saveEvent(fresh.db, roundtable('grows', 4));
    expect(saved.notes).toContain('2 people from the waitlist now have seats and are emailed so, first to wait first');
    expect(await standing('grows')).toEqual({ p0: 'registered', p1: 'registered', p2: 'registered', p3: 'registered', p4: 'waitlisted' });
    expect((await fresh.db.event.findUniqueOrThrow({ where: { key: 'grows' } })).seatsTaken).toBe(4);
    expect(await seatNotices(account.id)).toBe(2);

    // No capacity at all: everyone still waiting is seated.
    await saveEvent(fresh.db, roundtable('grows'));
    expect((await standing('grows')).p4).toBe('registered');
    expect(await seatNotices(account.id)).toBe(3);
  });

  it("gives an erased person's seat to the first on the waitlist and takes them off every event ahead", async () => {
    const { account } = await fullEvent('erased-seat');
    const report = await erasePersonalData(fresh.db, 'p0@erased-seat.example', { reason: 'their request', outboxDir: fresh.dir });
    expect(report.eventAnswersWithdrawn).toBe(1);
    const after = await standing('erased-seat');
    expect(after).toMatchObject({ p1: 'registered', p2: 'registered', p3: 'waitlisted', p4: 'waitlisted' });
    expect(Object.values(after).filter((s) => s === 'declined')).toHaveLength(1);
    expect((await fresh.db.event.findUniqueOrThrow({ where: { key: 'erased-seat' } })).seatsTaken).toBe(2);
    expect(await seatNotices(account.id)).toBe(1);
    const withdrawn = await fresh.db.touch.findFirstOrThrow({ where: { contactId: report.contactId, type: 'event_declined' } });
    expect(withdrawn.detail).toMatchObject({ eventKey: 'erased-seat', before: 'registered', why: 'the person was erased on their request' });
  });
});

describe('an event file with a value of the wrong type', () => {
  it('says what the value is, not that it is missing', () => {
    const checked = validateEvent({ ...roundtable('typed'), key: 12345, capacity: '20' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual(
      expect.arrayContaining([
        { path: 'key', message: '12345 is a number, expected a string' },
        { path: 'capacity', message: '"20" is text, expected a number' },
      ]),
    );
    // A zone that is none is said, not thrown on by the check of start against end (a 500 at the API).
    expect(validateEvent({ ...roundtable('nowhere'), timezone: 'Ã¹' })).toMatchObject({ ok: false, problems: [{ path: 'timezone', message: '"Ã¹" is not an IANA time zone, expected e.g. Europe/Berlin' }] });
    expect(validateEvent({ key: 'no-title', kind: 'webinar', start: future(1), end: future(2), timezone: 'UTC', online: 'https://x.example' })).toMatchObject({ ok: false, problems: [{ path: 'title', message: 'missing, expected a string' }] });
  });
});
