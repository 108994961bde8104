// The journey's one runner on fake effects: what it asks its driver to do, in which order, and
// where triggers, goals and sales outcomes take the account. No server, no database: milliseconds.
import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '../../domain/engagement/score';
import { journeyDefinitionSchema, type JourneyDefinition } from '../../domain/journey/definition';
import { JourneyState } from '../../domain/journey/journey-state';
import { JourneyRunner, type JourneyEffects, type RunChange, type Slept } from '../../domain/journey/runner';
import { salesReaction, wonStage } from '../../domain/journey/sales-reaction';

const monday10 = Date.UTC(2026, 0, 5, 10);
const dayMs = 86_400_000;

const journey = (stages: unknown[], extra: Record<string, unknown> = {}): JourneyDefinition =>
  journeyDefinitionSchema.parse({ key: 'runner-test', name: 'Runner test', stages, ...extra });

type Call = [string, ...unknown[]];

/**
 * Effects that record every call; the clock moves only when a sleep ends. `onSleep` decides how a
 * sleep ends (default: its moment comes), and may hear events meanwhile as a driver's inbox does.
 */
function fakeEffects(opts: { onSleep?: (runner: JourneyRunner, wakeAtMs: number, until?: () => boolean) => Slept; refuse?: RunChange[] } = {}) {
  const calls: Call[] = [];
  /** Step paths entered, and the goal each end named, apart from the calls so the order tests stay readable. */
  const entered: string[] = [];
  const endGoals: (string | undefined)[] = [];
  let now = monday10;
  let runner: JourneyRunner;
  const effects: JourneyEffects = {
    now: () => now,
    applies: (change) => !(opts.refuse ?? []).includes(change),
    startTurn: async () => {},
    beforeStep: async () => {},
    sleepUntil: async (wakeAtMs, { until }) => {
      calls.push(['sleepUntil', new Date(wakeAtMs).toISOString()]);
      const slept = opts.onSleep?.(runner, wakeAtMs, until) ?? 'elapsed';
      if (slept === 'elapsed') now = wakeAtMs;
      return slept;
    },
    enteredStep: async (_step, stepPath) => {
      entered.push(stepPath);
    },
    sendToAudience: async (step, stepPath) => {
      calls.push(['sendToAudience', step.template, stepPath]);
      return 'done';
    },
    notPlanned: async (step, stepPath) => {
      calls.push(['notPlanned', step.template, stepPath]);
    },
    handOff: async (step) => {
      calls.push(['handOff', step.id]);
      return 'done';
    },
    woke: async (stepPath, outcome) => {
      calls.push(['woke', stepPath, outcome]);
    },
    invite: async (step, stepPath) => {
      calls.push(['invite', step.event, stepPath]);
      return { outcome: 'no_response' };
    },
    createRepTask: async (step, stepPath) => {
      calls.push(['createRepTask', step.channel, stepPath]);
      return { taskId: `task-${stepPath}` };
    },
    expireRepTask: async (taskId) => {
      calls.push(['expireRepTask', taskId]);
      return 'expired';
    },
    enteredStage: async (from, to, why) => {
      calls.push(['enteredStage', from, to, why]);
    },
    ended: async (status, reason, goal) => {
      calls.push(['ended', status, reason]);
      endGoals.push(goal);
    },
  };
  const start = (def: JourneyDefinition, tier: number | null = 3) => {
    runner = new JourneyRunner(def, new JourneyState(def, now), { tier, timezone: 'UTC' }, effects);
    return runner;
  };
  return { calls, start, entered, endGoals };
}

const audience = { roles: ['champion'] };

const click = (eventId: string, atMs: number, tag?: string): EngagementEvent => ({ eventId, type: 'clicked', contactId: 'c1', role: 'champion', atMs, ...(tag ? { tag } : {}) });

describe('the journey runner', () => {
  it('sends, waits and exits, asking its driver in that order with each step execution named', async () => {
    const def = journey([
      {
        key: 'engage',
        steps: [
          { id: 'intro', type: 'email', template: 'intro', audience },
          { id: 'pause', type: 'wait', duration: '2d' },
          { id: 'onwards', type: 'goto', stage: 'wrap' },
          { id: 'skipped', type: 'email', template: 'never', audience },
        ],
      },
      {
        key: 'wrap',
        steps: [
          { id: 'follow-up', type: 'email', template: 'follow-up', audience },
          { id: 'done', type: 'exit', reason: 'nurtured' },
        ],
      },
    ]);
    const fx = fakeEffects();
    const runner = fx.start(def);
    expect(await runner.run()).toEqual({ kind: 'ended' });
    expect(fx.calls).toEqual([
      ['sendToAudience', 'intro', 'engage/intro#1'],
      ['sleepUntil', new Date(monday10 + 2 * dayMs).toISOString()],
      ['enteredStage', 'engage', 'wrap', 'goto onwards'],
      ['sendToAudience', 'follow-up', 'wrap/follow-up#1'],
      ['ended', 'completed', 'nurtured'],
    ]);
    expect(runner.steps).toBe(5);
    expect(runner.state.status).toBe('completed');
  });

  it('follows a trigger heard during a wait into its stage, and records why', async () => {
    const def = journey(
      [
        { key: 'engage', steps: [{ id: 'pause', type: 'wait', duration: '7d' }] },
        { key: 'convert', steps: [{ id: 'pricing', type: 'email', template: 'pricing-guide', audience }] },
      ],
      { triggers: [{ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } }] },
    );
    let heard = false;
    const fx = fakeEffects({
      onSleep: (runner) => {
        if (heard) return 'elapsed';
        heard = true;
        runner.hear(click('e1', monday10 + dayMs, 'pricing'));
        return 'interrupted';
      },
    });
    await fx.start(def).run();
    expect(fx.calls).toEqual([
      ['sleepUntil', new Date(monday10 + 7 * dayMs).toISOString()],
      ['enteredStage', 'engage', 'convert', 'trigger: clicked (pricing)'],
      ['sendToAudience', 'pricing-guide', 'convert/pricing#1'],
      ['ended', 'completed', 'journey_complete'],
    ]);
  });

  it('hears an event once: a redelivery follows no trigger', () => {
    const def = journey([{ key: 'engage', steps: [{ id: 'pause', type: 'wait', duration: '7d' }] }], { triggers: [{ on: { type: 'clicked' }, then: { exit: 'clicked' } }] });
    const runner = fakeEffects().start(def);
    expect(runner.hear(click('e1', monday10))).toBe(true);
    runner.state.pendingMove = undefined;
    expect(runner.hear(click('e1', monday10))).toBe(false);
    expect(runner.state.pendingMove).toBeUndefined();
  });

  it('plans nobody for an email whose condition the account does not meet, unless the journey began before conditions', async () => {
    const def = journey([{ key: 'engage', steps: [{ id: 'tier1', type: 'email', template: 'exec-briefing', audience, if: { tier: { in: [1] } } }] }]);
    const today = fakeEffects();
    await today.start(def, 3).run();
    expect(today.calls[0]).toEqual(['notPlanned', 'exec-briefing', 'engage/tier1#1']);
    const before = fakeEffects({ refuse: ['email-account-condition'] });
    await before.start(def, 3).run();
    expect(before.calls[0]).toEqual(['sendToAudience', 'exec-briefing', 'engage/tier1#1']);
  });

  it('leaves a wait_for by its event exit when the awaited event arrives while it waits', async () => {
    const def = journey([
      {
        key: 'engage',
        steps: [
          { id: 'hear-back', type: 'wait_for', event: { type: 'clicked' }, timeout: '10d', onEvent: { stage: 'convert' } },
          { id: 'timed-out', type: 'exit', reason: 'silent' },
        ],
      },
      { key: 'convert', steps: [{ id: 'done', type: 'exit', reason: 'converted' }] },
    ]);
    const fx = fakeEffects({
      onSleep: (runner, _wakeAtMs, until) => {
        runner.hear(click('e1', monday10 + dayMs));
        return until?.() ? 'awaited' : 'elapsed';
      },
    });
    await fx.start(def).run();
    expect(fx.calls.slice(1)).toEqual([
      ['woke', 'engage/hear-back#1', 'event'],
      ['enteredStage', 'engage', 'convert', 'wait_for hear-back'],
      ['ended', 'completed', 'converted'],
    ]);
  });

  it('ends stopped when a stop was asked for, and exits on a goal reached', async () => {
    const def = journey([{ key: 'engage', steps: [{ id: 'pause', type: 'wait', duration: '7d' }] }], { goals: [{ when: 'account_retired', exit: 'retired' }] });
    const stopped = fakeEffects();
    const a = stopped.start(def);
    a.state.stopReason = 'operator';
    await a.run();
    expect(stopped.calls).toEqual([['ended', 'stopped', 'operator']]);

    const retired = fakeEffects();
    const b = retired.start(def);
    b.reachGoal('account_retired');
    await b.run();
    expect(retired.calls).toEqual([['ended', 'completed', 'retired']]);
  });

  it('hands off and invites through its driver, and follows the invite outcome', async () => {
    const def = journey([
      {
        key: 'engage',
        steps: [
          { id: 'to-sales', type: 'handoff', always: true },
          { id: 'roundtable', type: 'invite', event: 'rt', audience: { roles: ['champion'] }, template: 'event-invitation', on: { no_response: { step: 'nudge' } } },
          { id: 'answered', type: 'exit', reason: 'answered' },
          { id: 'nudge', type: 'exit', reason: 'no_answer' },
        ],
      },
    ]);
    const fx = fakeEffects();
    await fx.start(def).run();
    expect(fx.calls).toEqual([
      ['handOff', 'to-sales'],
      ['invite', 'rt', 'engage/roundtable#1'],
      ['ended', 'completed', 'no_answer'],
    ]);
  });

  it('enters every kind of step, each execution under its own path, and names the goal that ends the journey', async () => {
    const def = journey(
      [
        {
          key: 'engage',
          steps: [
            { id: 'intro', type: 'email', template: 'intro', audience },
            { id: 'pause', type: 'wait', duration: '1d' },
            { id: 'hear', type: 'wait_for', event: { type: 'replied' }, timeout: '2d' },
            { id: 'warm', type: 'branch', if: { engagementScore: { gte: 100 } }, then: { stage: 'wrap' } },
            { id: 'to-sales', type: 'handoff', always: true },
            { id: 'rt', type: 'invite', event: 'rt', audience, template: 'event-invitation' },
            { id: 'onwards', type: 'goto', stage: 'wrap' },
          ],
        },
        { key: 'wrap', steps: [{ id: 'out', type: 'exit', reason: 'nurtured' }] },
      ],
    );
    const fx = fakeEffects();
    await fx.start(def).run();
    expect(fx.entered).toEqual(['engage/intro#1', 'engage/pause#1', 'engage/hear#1', 'engage/warm#1', 'engage/to-sales#1', 'engage/rt#1', 'engage/onwards#1', 'wrap/out#1']);
    // An exit step is no goal.
    expect(fx.endGoals).toEqual([undefined]);

    const goal = journey([{ key: 'engage', steps: [{ id: 'pause', type: 'wait', duration: '7d' }] }], { goals: [{ when: 'account_retired', exit: 'retired' }] });
    const retired = fakeEffects({
      onSleep: (runner) => {
        runner.reachGoal('account_retired');
        return 'interrupted';
      },
    });
    await retired.start(goal).run();
    expect(retired.entered).toEqual(['engage/pause#1']);
    expect(retired.endGoals).toEqual(['account_retired']);
  });

  it('does not enter a wait again when it resumes with its carried deadline (after a roll-over)', async () => {
    const def = journey([{ key: 'engage', steps: [{ id: 'pause', type: 'wait', duration: '7d' }] }]);
    const fx = fakeEffects();
    const runner = fx.start(def);
    runner.state.waitUntilMs = monday10 + dayMs;
    await runner.run();
    expect(fx.entered).toEqual([]);
    expect(fx.calls[0]).toEqual(['sleepUntil', new Date(monday10 + dayMs).toISOString()]);
  });

  it('stops where it is when its driver can go no further', async () => {
    const def = journey([{ key: 'engage', steps: [{ id: 'pause', type: 'wait', duration: '7d' }] }]);
    const fx = fakeEffects({ onSleep: () => 'halted' });
    const runner = fx.start(def);
    expect(await runner.run()).toEqual({ kind: 'halted' });
    expect(runner.state.ended).toBe(false);
    expect(runner.state.currentStep).toEqual({ id: 'pause', type: 'wait' });
  });

  it('fails loudly on a step kind it does not know, rather than treating it as done', async () => {
    const def = journey([{ key: 'engage', steps: [{ id: 'pause', type: 'wait', duration: '7d' }] }]);
    (def.stages[0]!.steps as unknown[])[0] = { id: 'text', type: 'sms', template: 'hello' };
    await expect(fakeEffects().start(def).run()).rejects.toThrow(/unhandled case/);
  });
});

describe('the reaction to sales outcomes', () => {
  const stages = (...keys: string[]) => keys.map((key) => ({ key, steps: [{ id: `${key}-wait`, type: 'wait', duration: '7d' }] }));

  it('sends a won account to the stage of its purchase pattern, else of its lifecycle, else out of the journey', () => {
    const patterned = journey(stages('engage', 'expand', 'expand-periodic', 'deliver'));
    expect(wonStage(patterned, { lifecycle: 'expand', purchasePattern: 'periodic' }, () => true)).toBe('expand-periodic');
    // A journey begun before purchase patterns counted keeps going where it went then.
    expect(wonStage(patterned, { lifecycle: 'expand', purchasePattern: 'periodic' }, () => false)).toBe('expand');
    expect(wonStage(patterned, { lifecycle: 'deliver', purchasePattern: 'project' }, () => true)).toBe('deliver');
    expect(wonStage(journey(stages('engage')), { lifecycle: 'expand' }, () => true)).toBeUndefined();
  });

  it('moves a won account through the runner, and frees it for a new handoff', async () => {
    const def = journey(stages('engage', 'expand', 'expand-continuous'), { sales: {} });
    const fx = fakeEffects({ onSleep: () => 'halted' });
    const runner = fx.start(def);
    runner.state.salesTaskId = 'handoff/a/1';
    runner.reactToSales({ outcome: 'won', lifecycle: 'expand', purchasePattern: 'continuous' }, undefined);
    expect(runner.state.salesTaskId).toBeUndefined();
    await runner.run();
    expect(fx.calls[0]).toEqual(['enteredStage', 'engage', 'expand-continuous', 'sales won the account']);
  });

  it('ends the journey on acceptance by default, sends it back and blocks handoffs for the cooldown on rejection', () => {
    const def = journey(stages('nurture', 'engage'), { sales: { onRejected: { goto: 'nurture' }, cooldown: '30d' } });
    expect(salesReaction(def, 'engage', { outcome: 'accepted' }, () => true).move).toEqual({ outcome: { kind: 'exit', reason: 'handoff_accepted' }, why: 'sales accepted', goal: 'handoff_accepted' });
    const runner = fakeEffects().start(def);
    runner.state.position = { stage: 'engage', stepIndex: 0 };
    runner.reactToSales({ outcome: 'rejected', reason: 'no budget' }, 7 * dayMs);
    expect(runner.state.pendingMove).toEqual({ kind: 'goto', stage: 'nurture', why: 'sales rejected: no budget' });
    expect(runner.state.handoffBlockedUntilMs).toBe(monday10 + 30 * dayMs);
    // An opportunity changes nothing: the journey waits for the task's end.
    expect(salesReaction(def, 'engage', { outcome: 'opportunity' }, () => true)).toEqual({ taskClosed: false, cooldown: false });
  });

  it('fails loudly on an outcome it does not know', () => {
    const def = journey(stages('engage'));
    expect(() => salesReaction(def, 'engage', { outcome: 'refunded' as never }, () => true)).toThrow(/unhandled case/);
  });
});
