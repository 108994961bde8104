// The invite step on the time-skipping server, with real activities, a real database file, a real
// SMTP sink and the real journey dispatcher: invitations with their calendar entry, answers through
// the same code as the signed links, a seat handed on from the waitlist, reminders to registrants
// only, then the branch the account's outcome picks (attended, no-show, or registered with no
// attendance reported).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { importAttendance } from '../../programme-events/attendance';
import { answerInvitation } from '../../programme-events/registrations';
import { saveEvent } from '../../programme-events/event-file';
import { sendRefFor } from '../../mail/tracking';
import type { JourneyView } from '../../workflows/journey-api';
import { calendarPartsOf } from '../support/calendar-parts';
import { withJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { until } from '../support/until';

let h: JourneyHarness;
withJourneyHarness((made) => (h = made), { dispatcher: true });

const dayMs = 86_400_000;
const noQuietHours = { quietHours: { start: '00:00', end: '00:00', weekends: false } };
let n = 0;
/** An event `inDays` from the journeys' clock (which earlier tests moved on), as its file would say it. */
async function event(key: string, inDays: number, capacity?: number) {
  const start = new Date((await h.env.currentTimeMs()) + inDays * dayMs);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  await saveEvent(h.db, {
    key,
    kind: 'roundtable',
    title: `Roundtable ${key}`,
    start: local(start),
    end: local(new Date(start.getTime() + 2 * 3_600_000)),
    timezone: 'Europe/Berlin',
    venue: 'Hamburg',
    ...(capacity ? { capacity } : {}),
  });
}

async function journeyInviting(eventKey: string) {
  return h.publish({
    key: `invite-${++n}`,
    name: 'Invite',
    policy: noQuietHours,
    stages: [
      {
        key: 'engage',
        steps: [
          {
            id: 'roundtable',
            type: 'invite',
            event: eventKey,
            audience: { roles: ['decision_maker', 'budget_holder'] },
            template: 'event-invitation',
            // Offsets from the event's start; after its end, at most 2 days for the attendance import.
            reminders: ['-7d', '-1d'], reminderTemplate: 'event-reminder', rsvpBy: '-2d', attendanceWait: '2d',
            on: { attended: { stage: 'convert' }, no_show: { stage: 'nurture' }, registered: { stage: 'follow-up' } },
          },
          { id: 'no-answer', type: 'exit', reason: 'no_answer' },
        ],
      },
      { key: 'convert', steps: [{ id: 'came', type: 'exit', reason: 'came' }] },
      { key: 'nurture', steps: [{ id: 'missed', type: 'exit', reason: 'missed' }] },
      { key: 'follow-up', steps: [{ id: 'unknown', type: 'exit', reason: 'attendance_unknown' }] },
    ],
  });
}

async function accountOf(domain: string) {
  return h.account({
    domain,
    contacts: [
      { email: `ceo@${domain}`, role: 'decision_maker', seniority: 'executive' },
      { email: `cfo@${domain}`, role: 'budget_holder', seniority: 'executive' },
      { email: `eng@${domain}`, role: 'technical_evaluator' },
    ],
  });
}

/** Starts the journey and waits (in real time: no result awaited, so no time skipped) for its invitations. */
async function invited(eventKey: string, domain: string) {
  const j = await journeyInviting(eventKey);
  const account = await accountOf(domain);
  const handle = await h.start(j.key, j.version, account.id);
  const sends = await until('the invitations', async () => {
    const rows = await h.db.emailSend.findMany({ where: { accountId: account.id, templateKey: 'event-invitation', status: 'sent' } });
    const touches = await h.db.touch.count({ where: { accountId: account.id, type: 'event_invited' } });
    return rows.length === 2 && touches === 2 ? rows : undefined;
  });
  const email = (id: string | null) => account.contacts.find((c) => c.id === id)!.email;
  const sendOf = (who: string) => sends.find((s) => email(s.contactId).startsWith(who))!;
  const answer = (who: string, a: 'register' | 'decline') =>
    answerInvitation(h.db, { send: sendRefFor(sendOf(who).idempotencyKey), eventKey, answer: a, at: new Date() });
  return { handle, account, email, sendOf, answer };
}

const allDelivered = (accountId: string) =>
  until('deliveries to the journey', async () => (await h.db.journeyDelivery.count({ where: { accountId, deliveredAt: null } })) === 0);

/** How many days before the event's start each reminder to the account was sent (or, given `email_skipped`, held back), in order. */
async function remindedDaysBefore(accountId: string, startsAt: Date, type: 'email_sent' | 'email_skipped' = 'email_sent'): Promise<number[]> {
  const sent = await h.db.touch.findMany({ where: { accountId, type }, select: { at: true, detail: true }, orderBy: { at: 'asc' } });
  return sent
    .filter((t) => (t.detail as { template?: string }).template === 'event-reminder')
    .map((t) => Math.round((startsAt.getTime() - t.at.getTime()) / dayMs));
}

async function mailsOf(accountId: string, template: string) {
  const rows = await h.db.emailSend.findMany({ where: { accountId, templateKey: template }, include: { contact: true }, orderBy: { createdAt: 'asc' } });
  return rows.map((r) => ({ to: r.contact!.email, status: r.status, stepPath: r.stepPath, messageId: r.messageId }));
}

describe('invite step', () => {
  it('invites the audience with a calendar entry, hands a freed seat to the waitlist, reminds registrants only, and follows attended', async () => {
    await event('round-attended', 20, 1);
    const { handle, account, answer } = await invited('round-attended', 'attended.example');

    // One seat: the CEO takes it, the CFO waits; the CEO declines and the CFO is promoted.
    expect(await answer('ceo', 'register')).toMatchObject({ kind: 'registered' });
    expect(await answer('cfo', 'register')).toMatchObject({ kind: 'waitlisted' });
    const declined = await answer('ceo', 'decline');
    expect(declined).toMatchObject({ kind: 'declined' });
    expect(await answer('ceo', 'decline')).toMatchObject({ kind: 'unchanged' });
    const cfo = account.contacts.find((c) => c.email.startsWith('cfo'))!;
    expect(declined).toMatchObject({ promotedContactId: cfo.id });

    await allDelivered(account.id);

    // Past the event's end, inside the wait for attendance: both reminders went to the CFO alone.
    await h.env.sleep(20 * dayMs + 3 * 3_600_000);
    const reminders = await until('both reminders', async () => {
      const rows = await mailsOf(account.id, 'event-reminder');
      return rows.length === 2 ? rows : undefined;
    });
    expect(reminders.map((r) => [r.to, r.status, r.stepPath])).toEqual([
      ['cfo@attended.example', 'sent', 'engage/roundtable#1/reminder-7d'],
      ['cfo@attended.example', 'sent', 'engage/roundtable#1/reminder-1d'],
    ]);
    expect((await h.db.journeyRun.findFirstOrThrow({ where: { accountId: account.id } })).status).toBe('running');

    // The platform's export says the CFO came; the journey hears it and follows attended.
    const file = path.join(h.outboxDir, '..', 'attendance.csv');
    writeFileSync(file, `Email,Attended,Join Time\n${cfo.email},Yes,16:58\n`);
    expect(await importAttendance(h.db, 'round-attended', file, new Date(await h.env.currentTimeMs()))).toMatchObject({ attended: 1, noShow: 0 });
    const result: JourneyView = await handle.result();
    expect(result).toMatchObject({ status: 'completed', exitReason: 'came', stage: 'convert' });
    expect((await mailsOf(account.id, 'event-invitation')).map((m) => m.to).sort()).toEqual([`ceo@attended.example`, `cfo@attended.example`]);

    // The invitation as it reached the SMTP server: a calendar entry that asks for an answer.
    const invitation = (await mailsOf(account.id, 'event-invitation'))[0]!;
    const emlOf = (messageId: string) => readFileSync(path.join(h.outboxDir, h.delivered().find((f) => readFileSync(path.join(h.outboxDir, f), 'utf8').includes(messageId))!));
    const parsed = await simpleParser(emlOf(invitation.messageId));
    expect(parsed.text).toMatch(/\/e\/register\?t=/);
    // Every calendar part of every invitation and reminder sent, read by a real iCalendar parser:
    // one text/calendar alternative and one invite.ics each, DTSTAMP in UTC.
    const sent = [...(await mailsOf(account.id, 'event-invitation')), ...(await mailsOf(account.id, 'event-reminder'))].filter((m) => m.status === 'sent');
    expect(sent.length).toBeGreaterThan(2);
    for (const mail of sent) {
      const parts = await calendarPartsOf(emlOf(mail.messageId));
      expect(parts).toHaveLength(2);
      expect(parts.filter((p) => p.filename === 'invite.ics' && !p.contentType.startsWith('text/calendar'))).toHaveLength(1);
      for (const part of parts) {
        const calendar = new ICAL.Component(ICAL.parse(part.body));
        expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
        const vevent = calendar.getFirstSubcomponent('vevent')!;
        expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).zone).toBe(ICAL.Timezone.utcTimezone);
        expect(new ICAL.Event(vevent).summary).toBeTruthy();
      }
    }

    const touches = await h.db.touch.findMany({ where: { accountId: account.id, type: { startsWith: 'event_' } }, orderBy: { at: 'asc' } });
    expect(touches.map((t) => t.type).sort()).toEqual(
      ['event_attended', 'event_declined', 'event_invited', 'event_invited', 'event_registered', 'event_registered', 'event_waitlisted'].sort(),
    );
    expect(touches.every((t) => (t.detail as { eventKey?: string }).eventKey === 'round-attended')).toBe(true);
    const seats = await h.db.event.findUniqueOrThrow({ where: { key: 'round-attended' } });
    expect(seats.seatsTaken).toBe(1);
  });

  it('follows no_show when the registrant is reported absent, and registered when no attendance comes', async () => {
    await event('round-absent', 12);
    const absent = await invited('round-absent', 'absent.example');
    await absent.answer('ceo', 'register');
    // The export comes once the event is over (an export before it begins is refused).
    await h.env.sleep(12 * dayMs + 3 * 3_600_000);
    const file = path.join(h.outboxDir, '..', 'absent.csv');
    writeFileSync(file, 'email,attended\nceo@absent.example,no\ncfo@absent.example,no\n');
    expect(await importAttendance(h.db, 'round-absent', file, new Date(await h.env.currentTimeMs()))).toMatchObject({ attended: 0, noShow: 1, notRegistered: 1 });
    await allDelivered(absent.account.id);
    expect(await absent.handle.result()).toMatchObject({ exitReason: 'missed', stage: 'nurture' });

    await event('round-silent', 12);
    const silent = await invited('round-silent', 'silent.example');
    await silent.answer('cfo', 'register');
    await allDelivered(silent.account.id);
    const result: JourneyView = await silent.handle.result();
    expect(result).toMatchObject({ exitReason: 'attendance_unknown', stage: 'follow-up' });
    expect(result.timeline.some((t) => t.text.includes('round-silent registered'))).toBe(true);
  });

  it('follows a postponed event: reminders at its new time, and no outcome before it has taken place', async () => {
    await event('round-moved', 12);
    const moved = await invited('round-moved', 'moved.example');
    await moved.answer('ceo', 'register');
    // Postponed by 18 days after the invitations went out.
    await event('round-moved', 30);
    const { startsAt, endsAt } = await h.db.event.findUniqueOrThrow({ where: { key: 'round-moved' } });
    await allDelivered(moved.account.id);
    const result: JourneyView = await moved.handle.result();
    expect(result).toMatchObject({ exitReason: 'attendance_unknown', stage: 'follow-up' });
    expect(result.timeline.some((t) => t.text.startsWith(`invite roundtable: round-moved moved to ${startsAt.toISOString()}`))).toBe(true);
    // Decided after the new end's wait for attendance, not after the old one.
    expect(result.timeline.at(-1)!.atMs).toBeGreaterThanOrEqual(endsAt.getTime() + 2 * dayMs);
    // Each reminder once, at its moment before the new start.
    const reminders = await h.db.emailSend.findMany({ where: { accountId: moved.account.id, templateKey: 'event-reminder' }, orderBy: { createdAt: 'asc' } });
    expect(reminders.map((r) => r.stepPath)).toEqual(['engage/roundtable#1/reminder-7d', 'engage/roundtable#1/reminder-1d']);
    expect(await remindedDaysBefore(moved.account.id, startsAt)).toEqual([7, 1]);
  });

  it('follows an event moved earlier at once: its reminders come before the new start, not at the old plan\'s next moment', async () => {
    await event('round-earlier', 30);
    const earlier = await invited('round-earlier', 'earlier.example');
    await earlier.answer('ceo', 'register');
    // Moved 20 days earlier: the old plan's next moment (7 days before day 30) comes after the new start.
    await event('round-earlier', 10);
    const { startsAt } = await h.db.event.findUniqueOrThrow({ where: { key: 'round-earlier' } });
    await allDelivered(earlier.account.id);
    const result: JourneyView = await earlier.handle.result();
    expect(result).toMatchObject({ exitReason: 'attendance_unknown', stage: 'follow-up' });
    // Both reminders come on the new plan. The invitees heard the new time from the move's notice
    // (workflows/event-moved-notice.ts), which the contact cap counts: the 7-day reminder, days
    // later, is the third email of their week and is held back, and says so.
    expect(await remindedDaysBefore(earlier.account.id, startsAt, 'email_skipped')).toEqual([7]);
    expect(await remindedDaysBefore(earlier.account.id, startsAt)).toEqual([1]);
    expect(await h.db.emailSend.count({ where: { accountId: earlier.account.id, templateKey: 'event-moved', status: 'sent' } })).toBe(2);
  });

  it('goes on with the next step when nobody answers by the RSVP deadline, without waiting for the event', async () => {
    await event('round-quiet', 30);
    const quiet = await invited('round-quiet', 'quiet.example');
    const result: JourneyView = await quiet.handle.result();
    expect(result).toMatchObject({ exitReason: 'no_answer' });
    const ended = result.timeline.at(-1)!.atMs;
    const { startsAt } = await h.db.event.findUniqueOrThrow({ where: { key: 'round-quiet' } });
    expect(ended).toBeLessThan(startsAt.getTime());
    expect(await mailsOf(quiet.account.id, 'event-reminder')).toEqual([]);
  });
});
