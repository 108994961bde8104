import { expect, it } from 'vitest';
import { describeTouch } from '../../timeline/account-timeline';

it('shows a review touch in its own words, as sales and lifecycle touches are', () => {
  const text = 'decided by default (rule deadline default): nobody decided by the deadline';
  expect(describeTouch('review_decided', { text })).toBe(text);
  expect(describeTouch('review_opened', { text: 'review 1 opened for a person' })).toBe('review 1 opened for a person');
  expect(describeTouch('sales_accepted', { text: 'accepted by sally' })).toBe('accepted by sally');
});

it('keeps the engagement wording for touches without their own words', () => {
  expect(describeTouch('clicked', { source: 'tracked_link', tag: 'pricing' })).toBe('clicked (pricing) via tracked_link');
});

it("says a rep task's due time on its owner's clock, and what is left of a task about an erased person", () => {
  const created = { owner: 'ana@seller.example', channel: 'call', title: 'Call the CFO', dueAt: '2026-12-07T17:00:00.000Z', timeZone: 'America/Los_Angeles' };
  expect(describeTouch('rep_task_created', created)).toBe('rep task for ana@seller.example: call "Call the CFO", due 2026-12-07 09:00 (America/Los_Angeles)');
  expect(describeTouch('rep_task_created', { step: 'engage/call', status: 'open', erased: true })).toBe("rep task created (its details were erased with the contact's personal data)");
  expect(describeTouch('bounced', { template: 'intro', code: 550 })).toBe('"intro" bounced (550): the address is suppressed everywhere');
});

it("says until when an email is held for quiet hours on the contact's clock, with the zone named", () => {
  const held = { template: 'intro', reason: 'quiet_hours', until: '2026-12-07T13:00:00.000Z' };
  expect(describeTouch('email_deferred', { ...held, timeZone: 'America/New_York' })).toBe('held "intro" for quiet hours until Mon 7 Dec 2026, 08:00 America/New_York (UTC-5)');
  // Held before the zone was recorded with it.
  expect(describeTouch('email_deferred', held)).toBe('held "intro" for quiet hours until Mon 7 Dec 2026, 13:00 UTC');
});

it('says since when an email waited for the mail relay in words, in UTC, named', () => {
  const since = '2026-12-07T13:04:59.120Z';
  expect(describeTouch('email_waiting', { template: 'intro', since, error: 'connect ECONNREFUSED' })).toBe(
    '"intro" waiting for the mail relay since Mon 7 Dec 2026, 13:04 UTC (connect ECONNREFUSED); it goes out when the relay is back',
  );
  expect(describeTouch('email_sent', { template: 'intro', stage: 'engage', waitedForRelaySince: since })).toBe(
    'sent "intro" (engage): the mail relay accepted it, after waiting for the mail relay since Mon 7 Dec 2026, 13:04 UTC',
  );
});
