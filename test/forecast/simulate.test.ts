// The forecast's driver in memory: what it predicts for small journeys whose outcome is plain, and
// seeded engagement that repeats itself. (Its agreement with the real workflow is
// test/workflows/forecast-agreement.test.ts.)
import { describe, expect, it } from 'vitest';
import { defaultSalesConfig } from '../../config/sales';
import { parseEngagementSetting, seededEngagement } from '../../domain/forecast/engagement';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { decideSend, defaultContactPolicy } from '../../domain/policy/contact-policy';
import { forecastAccount, type ForecastAccount } from '../../forecast/simulate';

const dayMs = 86_400_000;
// Monday 2026-11-23 10:00 UTC: inside the sending window.
const monday10 = Date.UTC(2026, 10, 23, 10);
const contact = (id: string, role: string, consent = 'subscribed') => ({ id, email: `${id}@x.example`, role, seniority: 'manager', consent, timezone: null });
const account = (contacts: ForecastAccount['contacts']): ForecastAccount => ({ id: 'acc', domain: 'x.example', tier: 3, timezone: 'UTC', contacts, history: [], recentSends: [] });
const options = { days: 180, policy: defaultContactPolicy, defaultMqa: defaultSalesConfig.mqa };

const journey = journeyDefinitionSchema.parse({
  key: 'plain',
  name: 'Plain',
  stages: [
    {
      key: 'engage',
      steps: [
        { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion', 'user'] } },
        { id: 'week', type: 'wait', duration: '7d' },
        { id: 'follow-up', type: 'email', template: 'case-study', audience: { roles: ['champion'] }, onlyIfNotEngaged: true },
        { id: 'done', type: 'exit', reason: 'nurtured' },
      ],
    },
    { key: 'convert', steps: [{ id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['champion'] } }] },
  ],
  triggers: [{ on: { type: 'inquiry' }, then: { goto: 'convert' } }],
});

describe('forecast', () => {
  it('sends and skips on consent as the policy and audience say, waits, then exits', () => {
    const f = forecastAccount(journey, account([contact('champ', 'champion'), contact('gone', 'user', 'unsubscribed')]), { ...options, startMs: monday10, events: [] });
    expect(f.entries.map((e) => [e.kind, e.contactId, e.template, e.reason])).toEqual([
      ['sent', 'champ', 'intro', undefined],
      ['skipped', 'gone', 'intro', 'consent:unsubscribed'],
      ['sent', 'champ', 'case-study', undefined],
    ]);
    expect(f.entries[2]!.atMs).toBe(monday10 + 7 * dayMs);
    expect(f.end).toMatchObject({ status: 'completed', reason: 'nurtured', stage: 'engage' });
  });

  it('holds an email for quiet hours, and says who was not reached when a trigger moves the account meanwhile', () => {
    const friday21 = Date.UTC(2026, 10, 27, 21);
    const events = [{ eventId: 'e1', type: 'inquiry' as const, contactId: 'champ', role: 'champion' as const, atMs: friday21 + 3_600_000 }];
    const f = forecastAccount(journey, account([contact('champ', 'champion'), contact('user', 'user')]), { ...options, startMs: friday21, events });
    expect(f.entries.map((e) => [e.kind, e.contactId, e.reason])).toEqual([
      ['held', 'champ', 'quiet_hours'],
      ['not_sent', 'champ', 'held_then_interrupted'],
      ['not_sent', 'user', 'step_interrupted'],
      ['stage', undefined, 'trigger: inquiry'],
      ['held', 'champ', 'quiet_hours'],
      ['sent', 'champ', undefined],
    ]);
    expect(f.entries[1]!.detail).toBe('moved to convert by trigger: inquiry');
    // Monday 08:00 UTC, when quiet hours and the weekend are over.
    expect(f.entries.at(-1)!.atMs).toBe(Date.UTC(2026, 10, 30, 8));
  });

  it('stops at the horizon with the account still in the journey', () => {
    const f = forecastAccount(journey, account([contact('champ', 'champion')]), { ...options, days: 3, startMs: monday10, events: [] });
    expect(f.end).toMatchObject({ status: 'running', stage: 'engage', step: 'week' });
  });
});

describe('seeded engagement', () => {
  const contacts = [contact('a', 'champion'), contact('b', 'user'), contact('c', 'user', 'unsubscribed')];

  it('gives the same events for the same seed, others for another, none for none, and none from the unsubscribed', () => {
    const typical = seededEngagement(parseEngagementSetting('typical'), contacts, monday10, 180);
    expect(seededEngagement(parseEngagementSetting('typical'), contacts, monday10, 180)).toEqual(typical);
    expect(seededEngagement(parseEngagementSetting('42'), contacts, monday10, 180)).not.toEqual(typical);
    expect(seededEngagement(parseEngagementSetting('none'), contacts, monday10, 180)).toEqual([]);
    expect(typical.some((e) => e.contactId === 'c')).toBe(false);
    // About one event a fortnight per subscribed contact: 2 contacts × ~13 over 26 weeks.
    expect(typical.length).toBeGreaterThan(10);
    expect(typical.length).toBeLessThan(45);
    expect(typical.every((e, i) => i === 0 || typical[i - 1]!.atMs <= e.atMs)).toBe(true);
  });

  it('refuses an empty setting with the option and its forms', () => {
    expect(() => parseEngagementSetting(' ')).toThrow('--engagement: expected none, typical or a seed');
  });
});

describe('caps to the minute', () => {
  it('counts an email sent at 08:00:00.2 a week before one at 08:00:00.1 as a week old, as the forecast does', () => {
    const weekMs = 7 * dayMs;
    const at = Date.UTC(2026, 10, 30, 8, 0, 0, 100);
    const input = { consent: 'subscribed' as const, contactSendsMs: [at - weekMs + 100, at - 3 * dayMs], accountSendsMs: [], nowMs: at, timeZone: 'UTC' };
    expect(decideSend(input, defaultContactPolicy)).toEqual({ decision: 'send' });
  });
});
