// A rep task is a touch under the contact policy (decideTouch): consent and the same caps as email,
// but no quiet hours (the rep works their own hours), and a task about the account as a whole
// meets only the account's cap.
import { describe, expect, it } from 'vitest';
import { decideTouch, defaultContactPolicy } from '../../domain/policy/contact-policy';

const hourMs = 3_600_000;
// Saturday 2026-11-28 23:00 UTC: quiet for email on every count.
const saturdayNight = Date.UTC(2026, 10, 28, 23);
const none = { contactSendsMs: [], accountSendsMs: [], nowMs: saturdayNight };

describe('rep task as a touch', () => {
  it('is not held for quiet hours or weekends', () => {
    expect(decideTouch({ ...none, consent: 'subscribed' }, defaultContactPolicy)).toEqual({ decision: 'send' });
  });

  it('is refused for a person who said no', () => {
    expect(decideTouch({ ...none, consent: 'do_not_contact' }, defaultContactPolicy)).toEqual({ decision: 'skip', reason: 'consent:do_not_contact', detail: 'the contact is marked do-not-contact' });
  });

  it('counts emails and earlier tasks in the caps, in touches', () => {
    const emailedAnHourAgo = [saturdayNight - hourMs];
    expect(decideTouch({ ...none, consent: 'subscribed', contactSendsMs: emailedAnHourAgo, accountSendsMs: emailedAnHourAgo }, defaultContactPolicy)).toMatchObject({
      decision: 'skip',
      reason: 'cap:contact-24h',
      detail: 'the contact was already contacted within the last 24 hours',
    });
    const sixThisWeek = Array.from({ length: 6 }, (_, i) => saturdayNight - (i + 1) * 20 * hourMs);
    expect(decideTouch({ ...none, consent: null, accountSendsMs: sixThisWeek }, defaultContactPolicy)).toMatchObject({
      decision: 'skip',
      reason: 'cap:account',
      detail: "the account's contacts already received 6 touches in the last 7 days (limit 6)",
    });
  });

  it('about the account as a whole, meets only the account cap', () => {
    expect(decideTouch({ ...none, consent: null, contactSendsMs: [saturdayNight - hourMs], accountSendsMs: [saturdayNight - hourMs] }, defaultContactPolicy)).toEqual({ decision: 'send' });
  });
});
