// The forecast counts rep tasks as the journey creates them: due on the owner's clock, per channel
// and week in the summary, and under the same caps as emails (a task over the cap is not created, a
// created one holds back a later email).
import { describe, expect, it } from 'vitest';
import { defaultSalesConfig } from '../../config/sales';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { forecastCsv, forecastSummary } from '../../forecast/report';
import { forecastAccount, type ForecastAccount } from '../../forecast/simulate';

// Monday 2026-11-23 10:00 UTC.
const monday10 = Date.UTC(2026, 10, 23, 10);
const contact = (id: string, role: string, consent = 'subscribed') => ({ id, email: `${id}@x.example`, role, seniority: 'manager', consent, timezone: null });
const account: ForecastAccount = {
  id: 'acc',
  domain: 'x.example',
  tier: 1,
  timezone: 'UTC',
  taskTimeZone: 'Asia/Tokyo',
  contacts: [contact('champ', 'champion'), contact('cfo', 'budget_holder')],
  history: [],
  recentSends: [],
};
const options = { days: 21, policy: defaultContactPolicy, defaultMqa: defaultSalesConfig.mqa, startMs: monday10, events: [] };

const task = (id: string, channel: string, extra: Record<string, unknown> = {}) => ({ id, type: 'rep_task', channel, title: `${channel} them`, due: { after: '1d', at: '09:00' }, ...extra });
const journey = (steps: unknown[], policy?: Record<string, unknown>) =>
  journeyDefinitionSchema.parse({ key: 'reps', name: 'Reps', ...(policy ? { policy } : {}), stages: [{ key: 'engage', steps }] });

describe('forecast of rep tasks', () => {
  it('creates them on the owner’s clock and sums them per channel and week', async () => {
    const def = journey([
      task('call', 'call', { about: { roles: ['budget_holder'] }, wait: { timeout: '3d' } }),
      task('linkedin', 'linkedin'),
      { id: 'week', type: 'wait', duration: '7d' },
      task('call-again', 'call'),
      task('letter', 'direct_mail'),
    ]);
    const f = await forecastAccount(def, account, options);
    const tasks = f.entries.filter((e) => e.kind === 'rep_task');
    expect(tasks.map((e) => [e.channel, e.contactId, new Date(e.atMs).toISOString().slice(0, 10)])).toEqual([
      ['call', 'cfo', '2026-11-23'],
      // The journey waited for the call until its timeout: nobody can know when a rep acts.
      ['linkedin', null, '2026-11-26'],
      ['call', null, '2026-12-03'],
      ['direct_mail', null, '2026-12-03'],
    ]);
    // 09:00 in Tokyo on the next business day: Tuesday 00:00 UTC.
    expect(new Date(tasks[0]!.dueMs!).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    const summary = forecastSummary({ journey: { key: 'reps', version: null, source: 'file' }, startMs: monday10, days: 21, engagement: { kind: 'none' }, accounts: [f], notEligible: [], contacts: new Map() });
    expect(summary).toContain('rep tasks: 4 created, 0 not created');
    expect(summary).toContain('  call: week of 2026-11-23: 1, week of 2026-11-30: 1');
    expect(summary).toContain('  linkedin: week of 2026-11-23: 1');
    expect(summary).toContain('  direct_mail: week of 2026-11-30: 1');
    // The CSV carries the channel and the due time a task has, where it once carried neither.
    const csv = forecastCsv({ journey: { key: 'reps', version: null, source: 'file' }, startMs: monday10, days: 21, engagement: { kind: 'none' }, accounts: [f], notEligible: [], contacts: new Map() });
    const columns = csv[0]!.split(',');
    const firstTask = csv.find((line) => line.includes(',rep_task,'))!.split(',');
    expect(firstTask[columns.indexOf('channel')]).toBe('call');
    expect(firstTask[columns.indexOf('due_utc')]).toBe('2026-11-24T00:00:00.000Z');
    expect(firstTask[columns.indexOf('stage')]).toBe('engage');
  });

  it('respects the caps both ways, and consent', async () => {
    const email = { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } };
    const onePerWeek = { perAccount: { max: 1, windowDays: 7 } };
    const callFirst = await forecastAccount(journey([task('call', 'call'), email], onePerWeek), account, options);
    expect(callFirst.entries.map((e) => [e.kind, e.reason])).toEqual([
      ['rep_task', undefined],
      ['skipped', 'cap:account'],
    ]);
    const emailFirst = await forecastAccount(journey([email, task('call', 'call')], onePerWeek), account, options);
    expect(emailFirst.entries.map((e) => [e.kind, e.reason])).toEqual([
      ['sent', undefined],
      ['rep_task_skipped', 'cap:account'],
    ]);
    const saidNo = { ...account, contacts: [contact('cfo', 'budget_holder', 'do_not_contact')] };
    const f = await forecastAccount(journey([task('call', 'call', { about: { roles: ['budget_holder'] } })]), saidNo, options);
    expect(f.entries.map((e) => [e.kind, e.reason])).toEqual([['rep_task_skipped', 'consent:do_not_contact']]);
  });
});
