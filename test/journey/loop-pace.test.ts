// Loops that go round too fast: the validator refuses any loop a turn of which can take less than an
// hour of time that surely passes, naming its steps and the fix; and a journey published before that
// rule (the schema alone accepts it) is stopped by the runner's pace limit, in the forecast as in the
// workflow (test/workflows/busy-loop.test.ts).
import { describe, expect, it } from 'vitest';
import { defaultSalesConfig } from '../../config/sales';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { paceAfterStep, paceLimit, runsAway } from '../../domain/journey/step-pace';
import { validateJourney, type JourneyProblem, type TemplateCheck } from '../../domain/journey/validate';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { forecastAccount } from '../../forecast/simulate';

const templates: TemplateCheck = (key) => ({ exists: ['intro', 'event-invitation'].includes(key), errors: [] });
const journey = (...steps: unknown[]) => ({ key: 'looping', name: 'Looping', stages: [{ key: 's1', steps }] });
const again = { id: 'again', type: 'goto', stage: 's1' };
const email = { id: 'mail', type: 'email', template: 'intro', audience: { roles: ['champion'] } };
const call = { id: 'call', type: 'rep_task', channel: 'call', title: 'Call procurement', about: { roles: ['procurement'] }, due: { after: '1d' }, wait: { timeout: '5d' } };
const wait = (duration: string) => ({ id: 'pause', type: 'wait', duration });

function problems(def: unknown): JourneyProblem[] {
  const result = validateJourney(def, templates);
  return result.ok ? [] : result.problems;
}

describe('the validator refuses loops that can go round in less than an hour', () => {
  it('counts a rep_task with a wait as no wait: it goes on at once when no task is made', () => {
    expect(problems(journey(call, again))).toEqual([
      {
        path: 'stages[0].steps[0]',
        message:
          'steps "call", "again" lead back to each other and can go round without waiting at all (a rep_task goes on at once when no task is made, for want of a contact with the role, consent or room under the caps, or when the rep closes it at once): ' +
          'a loop must take at least 1h a turn, so add a wait step of 1h or more inside it (such as duration: 1h, or until: { time: "09:00" })',
      },
    ]);
  });

  it('counts an invite as no wait: it goes on at once when its event is gone or its answers closed', () => {
    const invite = { id: 'inv', type: 'invite', event: 'gone-by-now', audience: { roles: ['champion'] }, template: 'event-invitation' };
    expect(problems(journey(invite, again)).map((p) => p.message)).toEqual([expect.stringMatching(/^steps "inv", "again" .* without waiting at all \(an invite goes on at once when its event is gone/)]);
  });

  it('refuses a loop paced by waits that add up to less than an hour, and says how fast it goes', () => {
    expect(problems(journey(email, wait('1s'), again)).map((p) => p.message)).toEqual([expect.stringMatching(/^steps "mail", "pause", "again" lead back to each other and can go round every 1s: a loop must take at least 1h/)]);
    expect(problems(journey(email, wait('20m'), { ...wait('30m'), id: 'more' }, again))).toHaveLength(1);
  });

  it('counts a wait_for by its timeout, and a turn through its event as needing one from outside', () => {
    const hearBack = (timeout: string, exits: object = {}) => ({ id: 'hear', type: 'wait_for', event: { type: 'clicked' }, timeout, ...exits });
    // A click, then the next email, then listen again: each turn waits for a new click or a week.
    expect(problems(journey(email, hearBack('7d'), again))).toEqual([]);
    expect(problems(journey(email, hearBack('7d', { onEvent: { step: 'mail' } }), again))).toEqual([]);
    // Without a click, the timeout alone paces the loop.
    expect(problems(journey(email, hearBack('5m'), again)).map((p) => p.message)).toEqual([expect.stringMatching(/^steps "mail", "hear", "again" lead back to each other and can go round every 5m: /)]);
  });

  it('accepts loops that wait an hour or more a turn: a duration, a daily moment, several waits together', () => {
    expect(problems(journey(email, wait('1h'), again))).toEqual([]);
    expect(problems(journey(email, wait('6h'), again))).toEqual([]);
    expect(problems(journey(call, { id: 'daily', type: 'wait', until: { time: '09:00' } }, again))).toEqual([]);
    expect(problems(journey(email, wait('30m'), { ...wait('30m'), id: 'more' }, again))).toEqual([]);
  });
});

describe('the pace limit of a running journey', () => {
  it('allows a thousand steps in an hour and stops the next; a new hour starts the count again', () => {
    let pace = undefined as ReturnType<typeof paceAfterStep> | undefined;
    for (let i = 0; i < paceLimit.steps; i++) pace = paceAfterStep(pace, 1_000 + i);
    expect(runsAway(pace!)).toBe(false);
    expect(runsAway(paceAfterStep(pace, 3_000_000))).toBe(true);
    expect(paceAfterStep(pace, 1_000 + 3_600_000)).toEqual({ sinceMs: 1_000 + 3_600_000, steps: 1 });
  });

  it('ends a forecast of a journey that loops without waiting as the workflow ends it, naming the loop', async () => {
    const def = journeyDefinitionSchema.parse(journey(call, again));
    const startMs = Date.UTC(2026, 10, 23, 10);
    const account = { id: 'acc', domain: 'x.example', tier: 3, timezone: 'UTC', contacts: [{ id: 'cfo', email: 'cfo@x.example', role: 'budget_holder', seniority: 'executive', consent: 'subscribed', timezone: null }], history: [], recentSends: [] };
    const f = await forecastAccount(def, account, { startMs, days: 180, policy: defaultContactPolicy, defaultMqa: defaultSalesConfig.mqa, events: [] });
    expect(f.end).toMatchObject({ status: 'completed', reason: expect.stringMatching(/^busy_loop: ran more than 1000 steps within an hour without waiting \(steps call, again\)/), atMs: startMs });
    // The 1001st step, the 501st visit of call, is stopped before it asks again.
    expect(f.entries.filter((e) => e.kind === 'rep_task_skipped')).toHaveLength(500);
  });
});
