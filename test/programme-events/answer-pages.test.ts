// The page a pressed register link shows says where the invitee stands, on the first press and on
// every later one: a waitlisted invitee who presses Register again is still on the waitlist, and
// is told so, not "You are registered".
import { describe, expect, it } from 'vitest';
import { answerInvitation } from '../../programme-events/registrations';
import { saveEvent } from '../../programme-events/event-file';
import { answerInvitationLink } from '../../http/registration';
import { sendRefFor, signToken } from '../../mail/tracking';
import { useFreshDb } from '../support/fresh-db';
import { future, invitees } from '../support/invitees';

const secret = 'answer-pages-secret';
const fresh = useFreshDb();

describe('the page behind a register link', () => {
  it('tells a waitlisted invitee who presses Register again that they are still on the waitlist', async () => {
    const { db } = fresh;
    await saveEvent(db, { key: 'one-seat', kind: 'roundtable', title: 'One seat', start: future(8), end: future(9), timezone: 'UTC', venue: 'Hall', capacity: 1 });
    const { sends } = await invitees(db, 'one-seat.example', 3);
    const deps = { secret, answer: (req: Parameters<typeof answerInvitation>[1]) => answerInvitation(db, req), log: () => {} };
    const press = async (i: number, answer: 'register' | 'decline') => {
      const token = signToken({ kind: answer, send: sendRefFor(sends[i]!.key), tag: 'one-seat' }, secret);
      return (await answerInvitationLink(deps, answer, 'POST', token)).html;
    };

    expect(await press(0, 'register')).toContain('You are registered');
    expect(await press(1, 'register')).toContain('You are on the waitlist');
    // Again: nothing changed, and the page says what is true.
    const again = await press(1, 'register');
    expect(again).toContain('You are on the waitlist');
    expect(again).not.toContain('You are registered');
    // The registered invitee pressing again is still registered; a declined one who registers again queues up.
    expect(await press(0, 'register')).toContain('You are registered');
    expect(await press(2, 'decline')).toContain('Thank you for letting us know');
    expect(await press(2, 'register')).toContain('You are on the waitlist');
    expect(await press(2, 'decline')).toContain('Thank you for letting us know');
    expect(await press(2, 'decline')).toContain('Thank you for letting us know');
  });
});
