import { describe, expect, it } from 'vitest';
import {
  contactPolicySchema,
  decideSend,
  defaultContactPolicy,
  nextSendWindowMs,
  resolvePolicy,
  type PolicyInput,
} from '../../domain/policy/contact-policy';

const hour = 3_600_000;
const day = 24 * hour;
const shanghai = 'Asia/Shanghai'; // UTC+8 all year
/** A UTC instant from a Shanghai wall-clock time. */
const cst = (month: number, dayOfMonth: number, h: number, m = 0) => Date.UTC(2026, month - 1, dayOfMonth, h - 8, m);
const iso = (ms: number) => new Date(ms).toISOString();

const tuesdayTen = cst(1, 6, 10); // Tuesday 6 January 2026, 10:00 in Shanghai
const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  consent: 'subscribed',
  contactSendsMs: [],
  accountSendsMs: [],
  nowMs: tuesdayTen,
  timeZone: shanghai,
  ...over,
});
const decide = (over: Partial<PolicyInput> = {}) => decideSend(input(over), defaultContactPolicy);

describe('decideSend', () => {
  it('sends to a subscribed contact on a weekday morning with nothing sent yet', () => {
    expect(decide()).toEqual({ decision: 'send' });
  });

  it.each([
    ['unsubscribed', /unsubscribed/],
    ['bounced', /bounced/],
    ['do_not_contact', /do-not-contact/],
  ] as const)('skips a contact whose consent is %s', (consent, detail) => {
    const decision = decide({ consent });
    expect(decision).toMatchObject({ decision: 'skip', reason: `consent:${consent}` });
    expect(decision.decision === 'skip' && decision.detail).toMatch(detail);
  });

  it('never sends two emails to a contact within 24 hours', () => {
    expect(decide({ contactSendsMs: [tuesdayTen - 23 * hour] })).toMatchObject({ decision: 'skip', reason: 'cap:contact-24h' });
    expect(decide({ contactSendsMs: [tuesdayTen - 25 * hour] })).toEqual({ decision: 'send' });
  });

  it('sends a contact at most 2 emails in 7 days', () => {
    const decision = decide({ contactSendsMs: [tuesdayTen - 3 * day, tuesdayTen - 5 * day] });
    expect(decision).toEqual({
      decision: 'skip',
      reason: 'cap:contact',
      detail: 'the contact already received 2 emails in the last 7 days (limit 2)',
    });
    expect(decide({ contactSendsMs: [tuesdayTen - 3 * day, tuesdayTen - 8 * day] })).toEqual({ decision: 'send' });
  });

  it('sends an account\'s contacts at most 6 emails in 7 days', () => {
    const six = [1, 2, 3, 4, 5, 6].map((d) => tuesdayTen - d * day + hour);
    expect(decide({ accountSendsMs: six })).toMatchObject({ decision: 'skip', reason: 'cap:account' });
    expect(decide({ accountSendsMs: six.slice(1) })).toEqual({ decision: 'send' });
  });

  it('defers at night until 08:00 local time the next morning', () => {
    expect(decide({ nowMs: cst(1, 6, 22, 30) })).toEqual({ decision: 'defer', untilMs: cst(1, 7, 8), reason: 'quiet_hours' });
    expect(decide({ nowMs: cst(1, 7, 7, 59) })).toEqual({ decision: 'defer', untilMs: cst(1, 7, 8), reason: 'quiet_hours' });
    expect(iso(cst(1, 7, 8))).toBe('2026-01-07T00:00:00.000Z');
  });

  it('treats 20:00 as quiet and 08:00 as open', () => {
    expect(decide({ nowMs: cst(1, 6, 20) })).toMatchObject({ decision: 'defer' });
    expect(decide({ nowMs: cst(1, 6, 19, 59) })).toEqual({ decision: 'send' });
    expect(decide({ nowMs: cst(1, 7, 8) })).toEqual({ decision: 'send' });
  });

  it('defers over the weekend until Monday 08:00 local time', () => {
    const monday8 = cst(1, 12, 8);
    expect(decide({ nowMs: cst(1, 10, 11) })).toEqual({ decision: 'defer', untilMs: monday8, reason: 'quiet_hours' }); // Saturday
    expect(decide({ nowMs: cst(1, 9, 21) })).toEqual({ decision: 'defer', untilMs: monday8, reason: 'quiet_hours' }); // Friday night
    expect(decide({ nowMs: cst(1, 11, 23) })).toEqual({ decision: 'defer', untilMs: monday8, reason: 'quiet_hours' }); // Sunday night
  });

  it('uses the contact\'s time zone: 10:00 in Shanghai is 21:00 in New York', () => {
    const decision = decide({ timeZone: 'America/New_York' });
    // Monday 5 January 21:00 EST → Tuesday 08:00 EST.
    expect(decision).toEqual({ decision: 'defer', untilMs: Date.UTC(2026, 0, 6, 13), reason: 'quiet_hours' });
  });

  it('refuses at once for consent, even at night', () => {
    expect(decide({ consent: 'unsubscribed', nowMs: cst(1, 6, 23) })).toMatchObject({ decision: 'skip', reason: 'consent:unsubscribed' });
  });

  it('defers a capped email at night, so the caps are judged when it would really go out', () => {
    const night = cst(1, 6, 23);
    expect(decide({ nowMs: night, contactSendsMs: [night - hour] })).toMatchObject({ decision: 'defer', untilMs: cst(1, 7, 8) });
  });

  it('follows a journey\'s override of the caps', () => {
    const policy = resolvePolicy(defaultContactPolicy, { perContact: { max: 1, windowDays: 14 } });
    expect(policy.perContact).toEqual({ max: 1, windowDays: 14, minGapHours: 24 });
    expect(decideSend(input({ contactSendsMs: [tuesdayTen - 10 * day] }), policy)).toMatchObject({ reason: 'cap:contact' });
  });
});

describe('nextSendWindowMs', () => {
  it('is now when now is inside the window', () => {
    expect(nextSendWindowMs(tuesdayTen, shanghai, defaultContactPolicy.quietHours)).toBe(tuesdayTen);
  });

  it('waits out the weekend across a DST change in the contact\'s zone', () => {
    const saturdayNoon = Date.UTC(2026, 2, 7, 17); // Saturday 7 March 2026, 12:00 EST
    // Monday 9 March 08:00 is EDT after the clocks went forward on Sunday.
    expect(iso(nextSendWindowMs(saturdayNoon, 'America/New_York', defaultContactPolicy.quietHours))).toBe('2026-03-09T12:00:00.000Z');
  });

  it('handles quiet hours within one day, weekends allowed, and no quiet hours at all', () => {
    const early = { start: '00:00', end: '06:00', weekends: false };
    expect(nextSendWindowMs(cst(1, 10, 3), shanghai, early)).toBe(cst(1, 10, 6)); // Saturday 03:00 → 06:00
    expect(nextSendWindowMs(cst(1, 10, 23), shanghai, early)).toBe(cst(1, 10, 23));
    const lateEvening = { start: '22:00', end: '00:00', weekends: false };
    expect(nextSendWindowMs(cst(1, 6, 23), shanghai, lateEvening)).toBe(cst(1, 7, 0));
    const none = { start: '08:00', end: '08:00', weekends: false };
    expect(nextSendWindowMs(cst(1, 10, 3), shanghai, none)).toBe(cst(1, 10, 3));
  });
});

describe('contactPolicySchema', () => {
  it('defaults to 2 per contact per 7 days with a 24 h gap, 6 per account per 7 days, quiet 20:00-08:00 and weekends', () => {
    expect(contactPolicySchema.parse({})).toEqual({
      perContact: { max: 2, windowDays: 7, minGapHours: 24 },
      perAccount: { max: 6, windowDays: 7 },
      quietHours: { start: '20:00', end: '08:00', weekends: true },
    });
  });

  it('changes only the fields configured', () => {
    const policy = contactPolicySchema.parse({ perAccount: { max: 10 }, quietHours: { weekends: false } });
    expect(policy.perAccount).toEqual({ max: 10, windowDays: 7 });
    expect(policy.quietHours).toEqual({ start: '20:00', end: '08:00', weekends: false });
  });

  it('refuses nonsense with the field at fault', () => {
    const result = contactPolicySchema.safeParse({ perContact: { max: 0 }, quietHours: { start: '8pm' } });
    expect(result.success ? [] : result.error.issues.map((i) => i.path.join('.'))).toEqual(['perContact.max', 'quietHours.start']);
  });
});
