// The attendance import as real exports are: walk-ins who are not contacts are reported and kept as
// unmatched attendance (the rest of the file is imported); malformed rows still refuse the whole
// file; a waitlisted invitee who never had a seat is no no-show; and a corrected export supersedes
// the first, so `events show` and the report (and so /v1/metrics and the console) tell the same.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UseCaseError } from '../../domain/use-case-error';
import { attendanceRowSchema, importAttendance } from '../../programme-events/attendance';
import { metricsFilterSchema } from '../../domain/metrics/filter';
import { saveEvent } from '../../programme-events/event-file';
import { showEvent } from '../../programme-events/event-list';
import { computeReport } from '../../metrics/report';
import { useFreshDb } from '../support/fresh-db';
import { eventTookPlace, future, invitees } from '../support/invitees';

const fresh = useFreshDb();

let files = 0;
const csv = (lines: string[]) => {
  const file = path.join(fresh.dir, `attendance-${++files}.csv`);
  writeFileSync(file, `Email,Attended,Join Time\n${lines.join('\n')}\n`);
  return file;
};

/** One event, three invitees of one account: p0 registered, p1 registered, p2 waitlisted; then it takes place. */
async function eventWithAnswers(key: string, domain: string, { takesPlace = true } = {}) {
  const { db } = fresh;
  await saveEvent(db, { key, kind: 'webinar', title: key, start: future(3), end: future(4), timezone: 'UTC', online: 'https://meet.example/w', capacity: 2 });
  const group = await invitees(db, domain, 3);
  for (const i of [0, 1, 2]) await group.answer(key, i, 'register');
  if (takesPlace) await eventTookPlace(db, key);
  return group;
}

const statuses = async (key: string) => Object.fromEntries((await showEvent(fresh.db, key)).registrations.map((r) => [r.contact.split('@')[0], r.status]));
/** The whole target pool's report (its event figures are what `report` and /v1/metrics show). */
const reportOf = async () => (await computeReport(fresh.db, metricsFilterSchema.parse({}))).midTerm;

describe('attendance import', () => {
  it('reads a JSON row\'s attended as a CSV cell is read: true and 1 are yes, anything else is said', () => {
    const answer = (attended: unknown) => attendanceRowSchema.safeParse({ email: 'p@x.example', attended });
    expect([true, 1, 'Yes', false, 0, 'no'].map((a) => answer(a).data?.attended)).toEqual([true, true, true, false, false, false]);
    expect(answer(2).error?.issues[0]?.message).toBe('"2" is not an answer, expected yes or no');
    expect(answer(undefined).error?.issues[0]?.message).toBe('is empty, expected yes or no');
  });

  it('counts a person who registered, declined and registered again as one registration', async () => {
    const { db } = fresh;
    await saveEvent(db, { key: 'changed-mind', kind: 'webinar', title: 'changed-mind', start: future(3), end: future(4), timezone: 'UTC', online: 'https://meet.example/w' });
    const before = (await reportOf()).eventRegistrations;
    const group = await invitees(db, 'changed-mind.example', 1);
    for (const answer of ['register', 'decline', 'register'] as const) await group.answer('changed-mind', 0, answer);
    expect(await db.touch.count({ where: { accountId: group.account.id, type: 'event_registered' } })).toBe(2);
    expect((await reportOf()).eventRegistrations - before).toBe(1);
  });

  it('says how many registrants an export of attendees only leaves out, who stay registered', async () => {
    await eventWithAnswers('attendees-only', 'attendees-only.example');
    const report = await importAttendance(fresh.db, 'attendees-only', csv(['p0@attendees-only.example,yes,10:00']));
    expect(report).toMatchObject({ attended: 1, registeredNotListed: 1 });
    expect(await statuses('attendees-only')).toMatchObject({ p0: 'attended', p1: 'registered' });
    const listed = await importAttendance(fresh.db, 'attendees-only', csv(['p0@attendees-only.example,yes,10:00', 'p1@attendees-only.example,no,']));
    expect(listed).toMatchObject({ noShow: 1, registeredNotListed: 0 });
  });

  it('imports the contacts and reports walk-ins who are not contacts, keeping them as unmatched attendance', async () => {
    const { db } = fresh;
    await eventWithAnswers('walk-ins', 'walk-ins.example');
    const file = csv(['p0@walk-ins.example,yes,10:00', 'stranger@elsewhere.example,yes,10:02', 'p1@walk-ins.example,no,', 'Visitor@Walk-Ins.example,no,']);
    const report = await importAttendance(db, 'walk-ins', file);
    expect(report).toMatchObject({ attended: 1, noShow: 1 });
    expect(report.unmatched).toEqual([
      { row: 3, email: 'stranger@elsewhere.example', attended: true },
      { row: 5, email: 'visitor@walk-ins.example', attended: false },
    ]);
    expect(await statuses('walk-ins')).toEqual({ p0: 'attended', p1: 'no_show', p2: 'waitlisted' });
    const kept = await db.unmatchedAttendance.findMany({ where: { event: { key: 'walk-ins' } }, orderBy: { email: 'asc' } });
    expect(kept.map((k) => [k.email, k.attended, k.domain])).toEqual([
      ['stranger@elsewhere.example', true, 'elsewhere.example'],
      ['visitor@walk-ins.example', false, 'walk-ins.example'],
    ]);
    // The account the address's domain names, when Harpoon has it.
    const account = await db.account.findUniqueOrThrow({ where: { domain: 'walk-ins.example' } });
    expect(kept[1]!.accountId).toBe(account.id);
    expect((await showEvent(db, 'walk-ins')).unmatchedAttendance).toEqual({ attended: 1, absent: 1 });

    // The same export again changes nothing and keeps one row per address.
    expect(await importAttendance(db, 'walk-ins', file)).toMatchObject({ attended: 0, noShow: 0, unchanged: 2 });
    expect(await db.unmatchedAttendance.count({ where: { event: { key: 'walk-ins' } } })).toBe(2);
  });

  it('still refuses the whole file for a malformed row, naming it, and writes nothing', async () => {
    const { db } = fresh;
    await eventWithAnswers('malformed', 'malformed.example');
    const file = csv(['p0@malformed.example,yes,', 'walk-in@nowhere.example,yes,', 'not-an-address,yes,', 'p1@malformed.example,maybe,']);
    const error = await importAttendance(db, 'malformed', file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UseCaseError);
    const details = (error as UseCaseError).details.join('\n');
    expect(details).toMatch(/row 4, column email/);
    expect(details).toMatch(/row 5, column attended/);
    expect(details).not.toMatch(/walk-in@nowhere/);
    expect(await statuses('malformed')).toEqual({ p0: 'registered', p1: 'registered', p2: 'waitlisted' });
    // One person answered both ways (any case): refused, naming both rows; the same answer twice is fine.
    const contradicting = csv(['p0@malformed.example,yes,', 'P0@malformed.example,yes,', 'p0@MALFORMED.example,no,']);
    const both = (await importAttendance(db, 'malformed', contradicting).catch((e: unknown) => e)) as UseCaseError;
    expect(both.details).toEqual(['row 4, column attended: no for p0@malformed.example, whom row 2 answers yes; keep one answer per person']);
    expect(await statuses('malformed')).toEqual({ p0: 'registered', p1: 'registered', p2: 'waitlisted' });
    expect(await db.unmatchedAttendance.count({ where: { event: { key: 'malformed' } } })).toBe(0);
  });

  it('refuses an export for an event that has not begun (another event\'s, most likely), writing nothing', async () => {
    const { db } = fresh;
    const { account } = await eventWithAnswers('not-yet', 'not-yet.example', { takesPlace: false });
    const file = csv(['p0@not-yet.example,yes,', 'walk-in@nowhere.example,yes,']);
    const error = (await importAttendance(db, 'not-yet', file).catch((e: unknown) => e)) as UseCaseError;
    expect(error).toBeInstanceOf(UseCaseError);
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(/^.*attendance-\d+\.csv: not-yet begins \d{4}-\d\d-\d\d \d\d:\d\d \(UTC\), so nobody has attended it yet; import its attendance once it has begun, and check that this export is of this event \("harpoon programme-events list"\)$/);
    expect(await statuses('not-yet')).toEqual({ p0: 'registered', p1: 'registered', p2: 'waitlisted' });
    expect(await db.touch.count({ where: { accountId: account.id, type: 'event_attended' } })).toBe(0);
    expect(await db.unmatchedAttendance.count({ where: { event: { key: 'not-yet' } } })).toBe(0);
  });

  it('keeps an event whose attendance is recorded from moving into the future, where it would be attended before it began', async () => {
    const { db } = fresh;
    await eventWithAnswers('held', 'held.example');
    await importAttendance(db, 'held', csv(['p0@held.example,yes,']));
    const later = { key: 'held', kind: 'webinar' as const, title: 'held', start: future(30), end: future(30.1), timezone: 'UTC', online: 'https://meet.example/w', capacity: 2 };
    const error = (await saveEvent(db, later).catch((e: unknown) => e)) as UseCaseError;
    expect(error.message).toBe('start: held has attendance recorded (1 person), so it has taken place and cannot start in the future; for a new date of the same event, create it under a new key');
    expect((await db.event.findUniqueOrThrow({ where: { key: 'held' } })).startsAt.getTime()).toBeLessThan(Date.now());
  });

  it('says, when an event with invitees changes its time, who is emailed the new time, and queues a notice for each of them', async () => {
    const { db } = fresh;
    await eventWithAnswers('moved', 'moved.example', { takesPlace: false });
    const sameTime = { key: 'moved', kind: 'webinar' as const, title: 'Moved (new title)', start: future(3), end: future(4), timezone: 'UTC', online: 'https://meet.example/w', capacity: 2 };
    expect((await saveEvent(db, sameTime)).notes).toEqual([]);
    expect(await db.journeyDelivery.count({ where: { kind: 'eventMovedNotice' } })).toBe(0);
    const later = await saveEvent(db, { ...sameTime, start: future(10), end: future(11) });
    expect(later.notes).toEqual([
      "the event's time changed with 3 people already invited (2 registered, 1 waitlisted): 3 people still asked (invited, registered or waitlisted) are emailed the new time with an updated calendar entry; the invite steps waiting on it plan their reminders, answers' close and wait for attendance again from it",
    ]);
    const event = await db.event.findUniqueOrThrow({ where: { key: 'moved' } });
    expect(event.sequence).toBe(1);
    const notices = await db.journeyDelivery.findMany({ where: { kind: 'eventMovedNotice' } });
    expect(notices.map((n) => n.workflowId).sort()).toEqual(
      (await db.eventRegistration.findMany({ where: { eventId: event.id } })).map((r) => `event-moved/moved/${r.contactId}/1`).sort(),
    );
    // Saved again unchanged: nothing more to tell.
    await saveEvent(db, { ...sameTime, start: future(10), end: future(11) });
    expect(await db.journeyDelivery.count({ where: { kind: 'eventMovedNotice' } })).toBe(3);
    expect((await db.event.findUniqueOrThrow({ where: { key: 'moved' } })).sequence).toBe(1);
  });

  it('does not count a waitlisted invitee reported absent as a no-show: they never had a seat', async () => {
    const { db } = fresh;
    const { account } = await eventWithAnswers('waitlisted-absent', 'waitlisted-absent.example');
    const report = await importAttendance(db, 'waitlisted-absent', csv(['p0@waitlisted-absent.example,yes,', 'p2@waitlisted-absent.example,no,']));
    expect(report).toMatchObject({ attended: 1, noShow: 0, notRegistered: 1 });
    expect(await statuses('waitlisted-absent')).toEqual({ p0: 'attended', p1: 'registered', p2: 'waitlisted' });
    expect(await db.touch.count({ where: { accountId: account.id, type: 'event_no_show' } })).toBe(0);
  });

  it('lets a corrected export (absent → present) supersede the first, in events show and in the report alike', async () => {
    const { db } = fresh;
    const before = await reportOf();
    await eventWithAnswers('corrected', 'corrected.example');
    await importAttendance(db, 'corrected', csv(['p0@corrected.example,yes,', 'p1@corrected.example,no,']));
    const first = await reportOf();
    expect(first.eventAttended - before.eventAttended).toBe(1);
    expect(first.eventNoShows - before.eventNoShows).toBe(1);

    // The platform's corrected export: p1 was there after all.
    expect(await importAttendance(db, 'corrected', csv(['p0@corrected.example,yes,', 'p1@corrected.example,yes,']))).toMatchObject({ attended: 1, noShow: 0, unchanged: 1 });
    const shown = await showEvent(db, 'corrected');
    expect(shown.answers).toMatchObject({ attended: 2, no_show: 0 });
    const second = await reportOf();
    expect(second.eventAttended - before.eventAttended).toBe(2);
    expect(second.eventNoShows - before.eventNoShows).toBe(0);
    expect(second.eventNoShows).toBe(before.eventNoShows);
    // Both imports stay on the timeline: what was reported, and when.
    const account = await db.account.findUniqueOrThrow({ where: { domain: 'corrected.example' } });
    expect(await db.touch.count({ where: { accountId: account.id, type: 'event_no_show' } })).toBe(1);
  });
});
