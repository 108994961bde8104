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
  it('sends and skips on consent as the policy and audience say, waits, then exits', async () => {
    const f = await forecastAccount(journey, account([contact('champ', 'champion'), contact('gone', 'user', 'unsubscribed')]), { ...options, startMs: monday10, events: [] });
    expect(f.entries.map((e) => [e.kind, e.contactId, e.template, e.reason])).toEqual([
      ['sent', 'champ', 'intro', undefined],
      ['skipped', 'gone', 'intro', 'consent:unsubscribed'],
      ['sent', 'champ', 'case-study', undefined],
    ]);
    expect(f.entries[2]!.atMs).toBe(monday10 + 7 * dayMs);
    expect(f.end).toMatchObject({ status: 'completed', reason: 'nurtured', stage: 'engage' });
  });

  it('holds an email for quiet hours, and says who was not reached when a trigger moves the account meanwhile', async () => {
    const friday21 = Date.UTC(2026, 10, 27, 21);
    const events = [{ eventId: 'e1', type: 'inquiry' as const, contactId: 'champ', role: 'champion' as const, atMs: friday21 + 3_600_000 }];
    const f = await forecastAccount(journey, account([contact('champ', 'champion'), contact('user', 'user')]), { ...options, startMs: friday21, events });
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

  it('stops at the horizon with the account still in the journey', async () => {
    const f = await forecastAccount(journey, account([contact('champ', 'champion')]), { ...options, days: 3, startMs: monday10, events: [] });
    expect(f.end).toMatchObject({ status: 'running', stage: 'engage', step: 'week' });
  });
});

describe('forecast of lifecycle steps', () => {
  const listening = journeyDefinitionSchema.parse({
    key: 'listening',
    name: 'Listening',
    stages: [
      {
        key: 'engage',
        steps: [
          { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
          { id: 'hear-back', type: 'wait_for', event: { type: 'clicked', tag: 'pricing', roles: ['champion'] }, timeout: '14d', onEvent: { stage: 'convert' }, onTimeout: { step: 'last-call' } },
          { id: 'skipped-over', type: 'exit', reason: 'never_reached' },
          { id: 'last-call', type: 'email', template: 'case-study', audience: { roles: ['champion'] } },
          { id: 'cold-only', type: 'email', template: 'exec-briefing', audience: { roles: ['user'] }, if: { engagementScore: { lt: 5 } } },
          { id: 'done', type: 'exit', reason: 'nurtured' },
        ],
      },
      { key: 'convert', steps: [{ id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['champion'] } }] },
    ],
  });
  const click = (id: string, atMs: number, tag?: string) => ({ eventId: id, type: 'clicked' as const, contactId: 'champ', role: 'champion' as const, atMs, ...(tag ? { tag } : {}) });

  it('leaves a wait_for by its event exit when the awaited event arrives during the step', async () => {
    const wednesday10 = monday10 + 2 * dayMs;
    const f = await forecastAccount(listening, account([contact('champ', 'champion')]), { ...options, startMs: monday10, events: [click('c1', monday10 + dayMs), click('c2', wednesday10, 'pricing')] });
    expect(f.entries.map((e) => [e.kind, e.template ?? e.stepPath, e.reason])).toEqual([
      ['sent', 'intro', undefined],
      ['woke', 'engage/hear-back#1', 'event'],
      ['stage', undefined, 'wait_for hear-back'],
      ['sent', 'pricing-guide', undefined],
    ]);
    expect(f.entries[1]).toMatchObject({ atMs: wednesday10, contactId: 'champ', detail: 'hear-back: woke for clicked (pricing) by contact champ (champion), going to the stage convert' });
    expect(f.entries[3]!.atMs).toBe(wednesday10);
    expect(f.end).toMatchObject({ status: 'completed', reason: 'journey_complete', stage: 'convert' });
  });

  it('leaves a wait_for by its timeout exit when only older or other events come, and plans an email whose if fails for nobody', async () => {
    // A pricing click before the journey began counts toward the score (replied 8 + click 3 + 5 for pricing) but does not end the wait.
    const history = [click('old', monday10 - dayMs, 'pricing'), { eventId: 'r', type: 'replied' as const, contactId: 'champ', role: 'champion' as const, atMs: monday10 - dayMs }];
    const f = await forecastAccount(listening, { ...account([contact('champ', 'champion')]), history }, { ...options, startMs: monday10, events: [click('c1', monday10 + dayMs)] });
    expect(f.entries.map((e) => [e.kind, e.template ?? e.stepPath, e.reason])).toEqual([
      ['sent', 'intro', undefined],
      ['woke', 'engage/hear-back#1', 'timeout'],
      ['sent', 'case-study', undefined],
      ['not_planned', 'exec-briefing', 'account_condition'],
    ]);
    expect(f.entries[1]).toMatchObject({ atMs: monday10 + 14 * dayMs, contactId: null, detail: 'hear-back: no clicked tagged pricing by a champion within 14d, going to the step last-call' });
    expect(f.entries[3]).toMatchObject({ contactId: null, stepPath: 'engage/cold-only#1', detail: "the account does not meet the step's condition (if)" });
    expect(f.end).toMatchObject({ status: 'completed', reason: 'nurtured' });
  });

  it('sends an email whose if holds', async () => {
    const f = await forecastAccount(listening, account([contact('champ', 'champion'), contact('u', 'user')]), { ...options, startMs: monday10, events: [] });
    expect(f.entries.filter((e) => e.kind === 'sent').map((e) => [e.template, e.contactId])).toEqual([['intro', 'champ'], ['case-study', 'champ'], ['exec-briefing', 'u']]);
  });

  // Thursday 2026-12-10 10:00 UTC, for two hours: RSVP by Tuesday, reminders the Thursday and the Wednesday before.
  const roundtable = { startsAtMs: monday10 + 17 * dayMs, endsAtMs: monday10 + 17 * dayMs + 2 * 3_600_000 };
  const inviting = journeyDefinitionSchema.parse({
    key: 'inviting',
    name: 'Inviting',
    stages: [
      {
        key: 'engage',
        steps: [
          {
            id: 'roundtable',
            type: 'invite',
            event: 'round',
            audience: { roles: ['decision_maker', 'budget_holder'] },
            template: 'event-invitation',
            reminders: ['-7d', '-1d'],
            reminderTemplate: 'event-reminder',
            rsvpBy: '-2d',
            attendanceWait: '2d',
            on: { attended: { stage: 'convert' }, registered: { stage: 'follow-up' } },
          },
          { id: 'no-answer', type: 'exit', reason: 'no_answer' },
        ],
      },
      { key: 'convert', steps: [{ id: 'came', type: 'exit', reason: 'came' }] },
      { key: 'follow-up', steps: [{ id: 'unknown', type: 'exit', reason: 'attendance_unknown' }] },
    ],
  });
  const buyers = () => account([contact('ceo', 'decision_maker'), contact('cfo', 'budget_holder'), contact('eng', 'technical_evaluator')]);
  const inviteEvents = new Map([['round', roundtable]]);

  it('invites the audience, reminds nobody, and assumes no_response at the RSVP deadline', async () => {
    const f = await forecastAccount(inviting, buyers(), { ...options, startMs: monday10, events: [], inviteEvents });
    expect(f.entries.map((e) => [e.kind, e.contactId, e.template, e.stepPath, e.reason])).toEqual([
      ['sent', 'ceo', 'event-invitation', 'engage/roundtable#1', undefined],
      ['sent', 'cfo', 'event-invitation', 'engage/roundtable#1', undefined],
      ['invite', null, 'event-invitation', 'engage/roundtable#1', 'no_response'],
    ]);
    expect(f.entries[2]!.atMs).toBe(roundtable.startsAtMs - 2 * dayMs);
    expect(f.entries[2]!.detail).toBe('round no_response → the next step (assumed: a forecast cannot know who registers, so nobody answers)');
    expect(f.end).toMatchObject({ status: 'completed', reason: 'no_answer', atMs: roundtable.startsAtMs - 2 * dayMs });
  });

  it('reminds a contact who registered before the forecast, then waits out the attendance and follows registered', async () => {
    const registrations = [{ eventKey: 'round', contactId: 'cfo', status: 'registered' as const }];
    const f = await forecastAccount(inviting, { ...buyers(), registrations }, { ...options, startMs: monday10, events: [], inviteEvents });
    expect(f.entries.map((e) => [e.kind, e.contactId, e.template, e.stepPath, e.reason])).toEqual([
      ['sent', 'ceo', 'event-invitation', 'engage/roundtable#1', undefined],
      ['sent', 'cfo', 'event-invitation', 'engage/roundtable#1', undefined],
      ['sent', 'cfo', 'event-reminder', 'engage/roundtable#1/reminder-7d', undefined],
      ['sent', 'cfo', 'event-reminder', 'engage/roundtable#1/reminder-1d', undefined],
      ['invite', null, 'event-invitation', 'engage/roundtable#1', 'registered'],
      ['stage', undefined, undefined, undefined, 'invite roundtable'],
    ]);
    expect(f.entries.slice(2, 4).map((e) => e.atMs)).toEqual([roundtable.startsAtMs - 7 * dayMs, roundtable.startsAtMs - dayMs]);
    expect(f.entries[4]!.atMs).toBe(roundtable.endsAtMs + 2 * dayMs);
    expect(f.end).toMatchObject({ status: 'completed', reason: 'attendance_unknown', stage: 'follow-up' });
  });

  it('invites nobody to an event that does not exist yet and carries on', async () => {
    const f = await forecastAccount(inviting, buyers(), { ...options, startMs: monday10, events: [] });
    expect(f.entries.map((e) => [e.kind, e.reason, e.detail])).toEqual([['not_planned', 'no_event', 'there is no event round (harpoon programme-events create); nobody invited']]);
    expect(f.end).toMatchObject({ status: 'completed', reason: 'no_answer' });
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
