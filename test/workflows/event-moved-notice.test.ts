// An event that moves tells the people it asked: on the time-skipping server with the real worker,
// activities, database file, journey dispatcher and a real SMTP sink. Everyone still asked
// (invited, registered, waitlisted) gets one email with the new time and the calendar entry at the
// event's new sequence, under the UID their invitation had, so a calendar moves the entry it has;
// whoever declined gets nothing; a notice overtaken by a later move, or by a decline, is not sent.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJourneyDispatcher, type JourneyDispatcher } from '../../client/journey-dispatcher';
import { instantOfLocal } from '../../domain/programme-events/event-definition';
import { invitationUid } from '../../mail/invitation';
import { saveEvent } from '../../programme-events/event-file';
import { accountTimeline } from '../../timeline/account-timeline';
import { calendarPartsOf } from '../support/calendar-parts';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { future, invitees } from '../support/invitees';
import { until } from '../support/until';

let h: JourneyHarness;
let dispatcher: JourneyDispatcher;
const startDispatcher = () => startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, pollMs: 100, log: () => undefined });
beforeAll(async () => {
  h = await createJourneyHarness();
  dispatcher = startDispatcher();
});
afterAll(async () => {
  await dispatcher?.stop();
  await h?.teardown();
});

/** What each notice of the event's move to `sequence` ended with, by contact, once the dispatcher started them all. */
async function noticeResults(eventKey: string, sequence: number, contactIds: string[]): Promise<Map<string, unknown>> {
  const ids = contactIds.map((c) => `event-moved/${eventKey}/${c}/${sequence}`);
  const rows = await until(`the notices of move ${sequence} to start`, async () => {
    const found = await h.db.journeyDelivery.findMany({ where: { kind: 'eventMovedNotice', workflowId: { in: ids } } });
    return found.length === ids.length && found.every((r) => r.deliveredAt !== null) ? found : undefined;
  });
  const results = new Map<string, unknown>();
  // Quiet hours may hold a notice: its result comes once the time-skipping clock has reached the send.
  for (const row of rows) results.set(row.workflowId.split('/')[2]!, await h.env.client.workflow.getHandle(row.workflowId).result());
  return results;
}

const mailsTo = (address: string) => h.delivered().map((f) => readFileSync(path.join(h.outboxDir, f))).filter((raw) => raw.toString('utf8').includes(address));

describe('event moved notice', () => {
  it('emails everyone still asked the new time once, with their calendar entry moved, and nobody who declined', async () => {
    const first = { key: 'moving-summit', kind: 'summit' as const, title: 'Moving summit', start: future(10), end: future(10.1), timezone: 'Europe/Berlin', venue: 'Hamburg', capacity: 2 };
    await saveEvent(h.db, first);
    const group = await invitees(h.db, 'moving.example', 5);
    const [p0, p1, p2, p3, p4] = group.account.contacts;
    expect(await group.answer(first.key, 0, 'register')).toMatchObject({ kind: 'registered' });
    expect(await group.answer(first.key, 1, 'register')).toMatchObject({ kind: 'registered' });
    expect(await group.answer(first.key, 2, 'register')).toMatchObject({ kind: 'waitlisted' });
    expect(await group.answer(first.key, 3, 'decline')).toMatchObject({ kind: 'declined' });
    const event = await h.db.event.findUniqueOrThrow({ where: { key: first.key } });
    // Invited and not answered yet, as an invite step records it.
    await h.db.eventRegistration.create({ data: { eventId: event.id, contactId: p4!.id, accountId: group.account.id, status: 'invited' } });

    const moved = { ...first, start: future(12), end: future(12.1) };
    const { notes } = await saveEvent(h.db, moved);
    expect(notes[0]).toContain('4 people still asked (invited, registered or waitlisted) are emailed the new time');

    const results = await noticeResults(first.key, 1, [p0!.id, p1!.id, p2!.id, p4!.id]);
    expect([...results.values()]).toEqual([{ status: 'sent' }, { status: 'sent' }, { status: 'sent' }, { status: 'sent' }]);
    expect(mailsTo(p3!.email)).toHaveLength(0);

    // future() is UTC wall time; the event's zone is Berlin.
    const newStart = new Date(instantOfLocal(moved.start, moved.timezone));
    for (const contact of [p0!, p2!, p4!]) {
      const [raw, ...more] = mailsTo(contact.email);
      expect(more).toHaveLength(0);
      const mail = await simpleParser(raw!);
      expect(mail.subject).toMatch(/^New time: Moving summit, /);
      expect(mail.text).toContain('Moving summit has moved to a new time');
      const parts = await calendarPartsOf(raw!);
      expect(parts.length).toBeGreaterThan(0);
      for (const part of parts) {
        const vevent = new ICAL.Component(ICAL.parse(part.body)).getFirstSubcomponent('vevent')!;
        const entry = new ICAL.Event(vevent);
        // The invitation's UID at a higher SEQUENCE: the calendar's existing entry moves.
        expect(entry.uid).toBe(invitationUid(first.key, contact.id));
        expect(entry.sequence).toBe(1);
        expect(entry.startDate.toJSDate().getTime()).toBe(newStart.getTime());
      }
    }

    const timeline = await accountTimeline(h.db, group.account.id);
    expect(timeline.filter((t) => t.contact === p0!.email).map((t) => t.summary)).toContainEqual(expect.stringMatching(/^sent "event-moved" .*the mail relay accepted it/));
  });

  it('sends a move overtaken by a later one not at all, the latest once, and nothing to whoever declined in between', async () => {
    // Times ahead of the workflows' clock, which the first test's waits may have moved on.
    const now = Math.max(Date.now(), await h.env.currentTimeMs());
    const ahead = (days: number) => future(days, now);
    const first = { key: 'twice-moved', kind: 'webinar' as const, title: 'Twice moved', start: ahead(10), end: ahead(10.1), timezone: 'UTC', online: 'https://meet.example/w' };
    await saveEvent(h.db, first);
    const group = await invitees(h.db, 'twice-moved.example', 2);
    const [stays, leaves] = group.account.contacts;
    await group.answer(first.key, 0, 'register');
    await group.answer(first.key, 1, 'register');
    // No dispatcher while the moves and the answer come in, so no notice starts before them.
    await dispatcher.stop();
    await saveEvent(h.db, { ...first, start: ahead(14), end: ahead(14.1) });
    const last = { start: ahead(16), end: ahead(16.1) };
    await saveEvent(h.db, { ...first, ...last });
    await group.answer(first.key, 1, 'decline');
    dispatcher = startDispatcher();

    const overtaken = await noticeResults(first.key, 1, [stays!.id, leaves!.id]);
    expect(overtaken.get(stays!.id)).toMatchObject({ status: 'skipped', reason: 'moved_again' });
    const latest = await noticeResults(first.key, 2, [stays!.id, leaves!.id]);
    expect(latest.get(stays!.id)).toEqual({ status: 'sent' });
    expect(latest.get(leaves!.id)).toMatchObject({ status: 'skipped', reason: 'not_asked' });
    expect(overtaken.get(leaves!.id)).toMatchObject({ status: 'skipped' });

    const [raw, ...more] = mailsTo(stays!.email);
    expect(more).toHaveLength(0);
    const [part] = await calendarPartsOf(raw!);
    const entry = new ICAL.Event(new ICAL.Component(ICAL.parse(part!.body)).getFirstSubcomponent('vevent')!);
    expect(entry.sequence).toBe(2);
    expect(entry.startDate.toJSDate().getTime()).toBe(Date.parse(`${last.start}:00Z`));
    expect(mailsTo(leaves!.email)).toHaveLength(0);
    const skipped = await h.db.touch.findFirstOrThrow({ where: { contactId: leaves!.id, type: 'email_skipped' } });
    expect(skipped.detail).toMatchObject({ template: 'event-moved' });
  });
});
