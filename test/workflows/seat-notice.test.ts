// A waitlisted invitee who takes a freed seat is told by email, as the waitlist page promises: on
// the time-skipping server with the real worker, activities, database file, journey dispatcher and a
// real SMTP sink. The notice goes through the send activity (quiet hours hold it, the timeline
// records it), carries the event's calendar entry, is sent once however often it is started, and is
// not sent to someone who gave the seat up before it went out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJourneyDispatcher, type JourneyDispatcher } from '../../client/journey-dispatcher';
import { saveEvent } from '../../programme-events/event-file';
import { accountTimeline } from '../../timeline/account-timeline';
import { calendarPartsOf } from '../support/calendar-parts';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { future, invitees } from '../support/invitees';
import { until } from '../support/until';

let h: JourneyHarness;
let dispatcher: JourneyDispatcher;
beforeAll(async () => {
  h = await createJourneyHarness();
  dispatcher = startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, pollMs: 100, log: () => undefined });
});
afterAll(async () => {
  await dispatcher?.stop();
  await h?.teardown();
});

/** The seat notices queued for a contact, once the dispatcher has started them. */
async function startedNotices(contactId: string) {
  return until('the seat notice to start', async () => {
    const rows = await h.db.journeyDelivery.findMany({ where: { kind: 'seatNotice', eventId: { contains: contactId } } });
    return rows.length > 0 && rows.every((r) => r.deliveredAt !== null) ? rows : undefined;
  });
}

const mailsTo = (address: string) => h.delivered().map((f) => readFileSync(path.join(h.outboxDir, f))).filter((raw) => raw.toString('utf8').includes(address));

describe('seat notice', () => {
  it('tells the invitee who takes a freed seat, once, with the calendar entry, on the timeline', async () => {
    const now = await h.env.currentTimeMs();
    await saveEvent(h.db, { key: 'one-seat-summit', kind: 'summit', title: 'Axle summit', start: future(10, now), end: future(10.1, now), timezone: 'Europe/Berlin', venue: 'Hamburg', capacity: 1 });
    const group = await invitees(h.db, 'seat-notice.example', 2);
    const [holder, waiting] = group.account.contacts;
    expect(await group.answer('one-seat-summit', 0, 'register')).toMatchObject({ kind: 'registered' });
    expect(await group.answer('one-seat-summit', 1, 'register')).toMatchObject({ kind: 'waitlisted' });
    expect(mailsTo(waiting!.email)).toHaveLength(0);
    expect(await group.answer('one-seat-summit', 0, 'decline')).toMatchObject({ kind: 'declined', promotedContactId: waiting!.id });

    const [row] = await startedNotices(waiting!.id);
    const notice = h.env.client.workflow.getHandle(row!.workflowId);
    // Quiet hours may hold it: the result comes once the time-skipping clock has reached the send.
    expect(await notice.result()).toEqual({ status: 'sent' });

    const [raw] = mailsTo(waiting!.email);
    expect(raw).toBeDefined();
    const mail = await simpleParser(raw!);
    expect(mail.subject).toMatch(/^A seat is yours: Axle summit, /);
    expect(mail.text).toContain('you are registered now, off the waitlist');
    expect(mail.text).toMatch(/\/e\/decline\?t=/);
    const parts = await calendarPartsOf(raw!);
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      const calendar = new ICAL.Component(ICAL.parse(part.body));
      const vevent = calendar.getFirstSubcomponent('vevent')!;
      expect(new ICAL.Event(vevent).summary).toBe('Axle summit');
      expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).zone).toBe(ICAL.Timezone.utcTimezone);
    }
    expect(mailsTo(holder!.email)).toHaveLength(0);

    // On the account's timeline: the seat taken, then the email the relay accepted.
    const timeline = await accountTimeline(h.db, group.account.id);
    const lines = timeline.filter((t) => t.contact === waiting!.email).map((t) => t.summary);
    expect(lines).toContainEqual(expect.stringContaining('took a seat freed on the waitlist'));
    expect(lines).toContainEqual(expect.stringMatching(/^sent "event-seat-offered" .*the mail relay accepted it/));

    // Started again (a dispatcher that crashed before marking the row, a second run): still one email.
    await h.db.journeyDelivery.update({ where: { id: row!.id }, data: { deliveredAt: null } });
    dispatcher.kick();
    await startedNotices(waiting!.id);
    const again = await h.env.client.workflow.start('seatNotice', { workflowId: row!.workflowId, taskQueue: h.taskQueue, args: [row!.payload] });
    expect(await again.result()).toEqual({ status: 'sent' });
    expect(mailsTo(waiting!.email)).toHaveLength(1);
    expect(await h.db.emailSend.count({ where: { contactId: waiting!.id, templateKey: 'event-seat-offered' } })).toBe(1);
  });

  it('sends nothing, and says why, to someone who gave the seat up before the notice went out', async () => {
    // No dispatcher while the answers come in, so the notice cannot start before the second one.
    await dispatcher.stop();
    const now = await h.env.currentTimeMs();
    await saveEvent(h.db, { key: 'fickle-seat', kind: 'workshop', title: 'Fickle seat', start: future(12, now), end: future(12.1, now), timezone: 'UTC', venue: 'Lab', capacity: 1 });
    const group = await invitees(h.db, 'fickle.example', 2);
    const waiting = group.account.contacts[1]!;
    await group.answer('fickle-seat', 0, 'register');
    await group.answer('fickle-seat', 1, 'register');
    await group.answer('fickle-seat', 0, 'decline');
    await group.answer('fickle-seat', 1, 'decline');
    dispatcher = startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, pollMs: 100, log: () => undefined });
    const [row] = await startedNotices(waiting.id);
    const result = await h.env.client.workflow.getHandle(row!.workflowId).result();
    expect(result).toMatchObject({ status: 'skipped', reason: 'seat_not_held' });
    expect(mailsTo(waiting.email)).toHaveLength(0);
    const skipped = await h.db.touch.findFirstOrThrow({ where: { contactId: waiting.id, type: 'email_skipped' } });
    expect(skipped.detail).toMatchObject({ template: 'event-seat-offered', reason: 'seat_not_held' });
  });
});
