import { describe, expect, it } from 'vitest';
import { journeyDefinitionSchema, type Condition, type WaitStep } from '../../domain/journey/definition';
import { summarizeEngagement } from '../../domain/engagement/score';
import {
  advance,
  evaluateCondition,
  matchGoal,
  matchTrigger,
  nextPosition,
  positionOf,
  startPosition,
  stepAt,
  waitUntilMs,
  type JourneyFacts,
} from '../../domain/journey/engine';

const day = 86_400_000;
const t0 = Date.UTC(2026, 0, 5, 2); // Monday 5 January 2026, 10:00 in Shanghai

const journey = journeyDefinitionSchema.parse({
  key: 'walk',
  name: 'Walk',
  stages: [
    {
      key: 'engage',
      steps: [
        { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
        { id: 'pause', type: 'wait', duration: '2d' },
        { id: 'hot', type: 'branch', if: { engagementScore: { gte: 20 } }, then: { stage: 'convert' }, else: { step: 'nurture' } },
        { id: 'nurture', type: 'email', template: 'nurture-digest', audience: { roles: ['user'] } },
        { id: 'maybe', type: 'branch', if: { tier: { in: [1] } }, then: { step: 'vip' } },
        { id: 'onwards', type: 'goto', stage: 'expand' },
      ],
    },
    { key: 'convert', steps: [{ id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['budget_holder'] } }] },
    { key: 'expand', steps: [{ id: 'vip', type: 'wait', duration: '1w' }, { id: 'bye', type: 'exit', reason: 'programme_done' }] },
  ],
  triggers: [
    { on: { type: 'clicked' }, then: { goto: 'engage' } },
    { on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } },
    { on: { type: 'inquiry' }, then: { goto: 'convert' } },
    { on: { type: 'unsubscribed' }, then: { exit: 'contact_unsubscribed' } },
  ],
  goals: [{ when: 'account_retired', exit: 'retired_by_sales' }],
});

function facts(over: Partial<JourneyFacts> = {}): JourneyFacts {
  return { nowMs: t0, tier: 2, stageEnteredAtMs: t0, engagement: summarizeEngagement([], t0), eventsSeen: [], ...over };
}

/** Facts whose engagement score is exactly `score`: that many opens (1 point each) just now. */
function withScore(score: number): JourneyFacts {
  const events = Array.from({ length: score }, (_, i) => ({ eventId: `e${i}`, type: 'opened' as const, atMs: t0 }));
  return facts({ engagement: summarizeEngagement(events, t0) });
}

describe('walking a journey', () => {
  it('starts at the first step of the first stage', () => {
    expect(startPosition(journey)).toEqual({ stage: 'engage', stepIndex: 0 });
    expect(stepAt(journey, startPosition(journey))?.id).toBe('intro');
  });

  it('goes to the next step, then on to the next stage, then ends', () => {
    expect(nextPosition(journey, { stage: 'engage', stepIndex: 0 })).toEqual({ stage: 'engage', stepIndex: 1 });
    expect(nextPosition(journey, { stage: 'engage', stepIndex: 5 })).toEqual({ stage: 'convert', stepIndex: 0 });
    expect(nextPosition(journey, { stage: 'expand', stepIndex: 1 })).toBeNull();
  });

  it('has no step past the end or in an unknown stage', () => {
    expect(stepAt(journey, { stage: 'expand', stepIndex: 2 })).toBeUndefined();
    expect(stepAt(journey, { stage: 'nowhere', stepIndex: 0 })).toBeUndefined();
    expect(nextPosition(journey, { stage: 'nowhere', stepIndex: 0 })).toBeNull();
  });

  it('resolves stage and step targets anywhere in the journey', () => {
    expect(positionOf(journey, { stage: 'convert' })).toEqual({ stage: 'convert', stepIndex: 0 });
    expect(positionOf(journey, { step: 'bye' })).toEqual({ stage: 'expand', stepIndex: 1 });
    expect(positionOf(journey, { stage: 'deliver' })).toBeNull();
    expect(positionOf(journey, { step: 'missing' })).toBeNull();
  });
});

describe('advance', () => {
  const at = (stage: string, stepIndex: number) => ({ stage, stepIndex });

  it('continues after emails and waits', () => {
    expect(advance(journey, at('engage', 0), facts())).toEqual({ kind: 'step', position: at('engage', 1) });
    expect(advance(journey, at('expand', 0), facts())).toEqual({ kind: 'step', position: at('expand', 1) });
  });

  it('follows then when the branch holds and else when it does not', () => {
    expect(advance(journey, at('engage', 2), withScore(20))).toEqual({ kind: 'step', position: at('convert', 0) });
    expect(advance(journey, at('engage', 2), withScore(19))).toEqual({ kind: 'step', position: at('engage', 3) });
  });

  it('continues with the next step when a branch without else does not hold', () => {
    expect(advance(journey, at('engage', 4), facts({ tier: 1 }))).toEqual({ kind: 'step', position: at('expand', 0) });
    expect(advance(journey, at('engage', 4), facts({ tier: 3 }))).toEqual({ kind: 'step', position: at('engage', 5) });
  });

  it('jumps to the stage of a goto, exits with the reason of an exit, completes after the last step', () => {
    expect(advance(journey, at('engage', 5), facts())).toEqual({ kind: 'step', position: at('expand', 0) });
    expect(advance(journey, at('expand', 1), facts())).toEqual({ kind: 'exit', reason: 'programme_done' });
    expect(advance(journey, at('convert', 0), facts())).toEqual({ kind: 'step', position: at('expand', 0) });
    expect(advance(journey, at('expand', 2), facts())).toEqual({ kind: 'completed' });
  });

  it('exits rather than crashes on a target that does not exist', () => {
    const stale = { ...journey, stages: [{ key: 'engage', steps: [{ id: 'go', type: 'goto' as const, stage: 'gone' }] }] };
    expect(advance(stale, at('engage', 0), facts())).toEqual({ kind: 'exit', reason: 'unknown_target:gone' });
  });
});

describe('evaluateCondition', () => {
  const holds = (cond: Condition, f: JourneyFacts = facts()) => evaluateCondition(cond, f);

  it('compares the engagement score with gte and lt bounds', () => {
    expect(holds({ engagementScore: { gte: 10 } }, withScore(10))).toBe(true);
    expect(holds({ engagementScore: { gte: 10 } }, withScore(9))).toBe(false);
    expect(holds({ engagementScore: { lt: 10 } }, withScore(9))).toBe(true);
    expect(holds({ engagementScore: { lt: 10 } }, withScore(10))).toBe(false);
    expect(holds({ engagementScore: { gte: 5, lt: 10 } }, withScore(4))).toBe(false);
  });

  it('checks engaged roles: all listed ones, or how many', () => {
    const engagement = summarizeEngagement(
      [
        { eventId: 'a', type: 'clicked', contactId: 'c1', role: 'champion', atMs: t0 },
        { eventId: 'b', type: 'replied', contactId: 'c2', role: 'decision_maker', atMs: t0 },
        { eventId: 'c', type: 'replied', contactId: 'c3', role: 'unknown', atMs: t0 },
      ],
      t0,
    );
    const f = facts({ engagement });
    expect(holds({ engagedRoles: { includes: ['champion', 'decision_maker'] } }, f)).toBe(true);
    expect(holds({ engagedRoles: { includes: ['champion', 'budget_holder'] } }, f)).toBe(false);
    expect(holds({ engagedRoles: { countAtLeast: 2 } }, f)).toBe(true);
    // "unknown" is not a buying-group role, so it does not make a third.
    expect(holds({ engagedRoles: { countAtLeast: 3 } }, f)).toBe(false);
    expect(holds({ engagedRoles: { includes: ['champion'], countAtLeast: 3 } }, f)).toBe(false);
  });

  it('checks the tier, and an account without a tier is in none', () => {
    expect(holds({ tier: { in: [1, 2] } }, facts({ tier: 2 }))).toBe(true);
    expect(holds({ tier: { in: [1] } }, facts({ tier: 2 }))).toBe(false);
    expect(holds({ tier: { in: [1, 2, 3] } }, facts({ tier: null }))).toBe(false);
  });

  it('measures time in the current stage', () => {
    const entered = facts({ stageEnteredAtMs: t0 - 3 * day });
    expect(holds({ timeInStage: { gte: '3d' } }, entered)).toBe(true);
    expect(holds({ timeInStage: { gte: '4d' } }, entered)).toBe(false);
  });

  it('finds a seen event by type, and by tag when one is given', () => {
    const f = facts({ eventsSeen: [{ type: 'clicked', tag: 'Pricing' }, { type: 'opened' }] });
    expect(holds({ eventSeen: { type: 'clicked' } }, f)).toBe(true);
    expect(holds({ eventSeen: { type: 'clicked', tag: 'pricing' } }, f)).toBe(true);
    expect(holds({ eventSeen: { type: 'clicked', tag: 'webinar' } }, f)).toBe(false);
    expect(holds({ eventSeen: { type: 'opened', tag: 'pricing' } }, f)).toBe(false);
    expect(holds({ eventSeen: { type: 'inquiry' } }, f)).toBe(false);
  });

  it('combines conditions with all, any and not', () => {
    const f = facts({ tier: 1 });
    const yes: Condition = { tier: { in: [1] } };
    const no: Condition = { tier: { in: [3] } };
    expect(holds({ all: [yes, yes] }, f)).toBe(true);
    expect(holds({ all: [yes, no] }, f)).toBe(false);
    expect(holds({ any: [no, yes] }, f)).toBe(true);
    expect(holds({ any: [no, no] }, f)).toBe(false);
    expect(holds({ not: no }, f)).toBe(true);
    expect(holds({ not: { any: [yes] } }, f)).toBe(false);
  });
});

describe('matchTrigger', () => {
  it('prefers the rule for the tag over the rule for any click, whatever the file order', () => {
    expect(matchTrigger(journey, { type: 'clicked', tag: 'pricing' })).toEqual({ kind: 'goto', stage: 'convert' });
    expect(matchTrigger(journey, { type: 'clicked', tag: 'PRICING' })).toEqual({ kind: 'goto', stage: 'convert' });
  });

  it('lets an untagged rule match events with any tag or none', () => {
    expect(matchTrigger(journey, { type: 'clicked', tag: 'webinar' })).toEqual({ kind: 'goto', stage: 'engage' });
    expect(matchTrigger(journey, { type: 'clicked' }, 'convert')).toEqual({ kind: 'goto', stage: 'engage' });
  });

  it('matches exits, and nothing for events without a rule', () => {
    expect(matchTrigger(journey, { type: 'unsubscribed' })).toEqual({ kind: 'exit', reason: 'contact_unsubscribed' });
    expect(matchTrigger(journey, { type: 'opened' })).toBeNull();
  });

  it('does not restart the stage the journey is already in', () => {
    expect(matchTrigger(journey, { type: 'inquiry' }, 'engage')).toEqual({ kind: 'goto', stage: 'convert' });
    expect(matchTrigger(journey, { type: 'inquiry' }, 'convert')).toBeNull();
  });
});

describe('matchGoal', () => {
  it('uses the declared reason, always exits retired or unsubscribed accounts, and exits on handoff only when declared', () => {
    expect(matchGoal(journey, 'account_retired')).toEqual({ kind: 'exit', reason: 'retired_by_sales' });
    expect(matchGoal(journey, 'all_contacts_unsubscribed')).toEqual({ kind: 'exit', reason: 'all_contacts_unsubscribed' });
    expect(matchGoal(journey, 'handoff_accepted')).toBeNull();
  });
});

describe('waitUntilMs', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const until = (u: NonNullable<WaitStep['until']>): WaitStep => ({ id: 'w', type: 'wait', until: u });

  it('adds a duration to now', () => {
    expect(waitUntilMs({ id: 'w', type: 'wait', duration: '3d' }, t0, 'Asia/Shanghai')).toBe(t0 + 3 * day);
  });

  it('waits for the next weekday and time in the account time zone (Asia/Shanghai)', () => {
    // Now is Monday 10:00 in Shanghai: Monday 09:00 has passed, so next Monday; Wednesday is this week.
    expect(iso(waitUntilMs(until({ weekday: 'mon', time: '09:00' }), t0, 'Asia/Shanghai'))).toBe('2026-01-12T01:00:00.000Z');
    expect(iso(waitUntilMs(until({ weekday: 'wed', time: '09:00' }), t0, 'Asia/Shanghai'))).toBe('2026-01-07T01:00:00.000Z');
    expect(iso(waitUntilMs(until({ time: '11:00' }), t0, 'Asia/Shanghai'))).toBe('2026-01-05T03:00:00.000Z');
    expect(iso(waitUntilMs(until({ time: '09:00' }), t0, 'Asia/Shanghai'))).toBe('2026-01-06T01:00:00.000Z');
  });

  it('moves on to the next occurrence when woken exactly at the time, so a loop never spins', () => {
    const mondayNine = Date.UTC(2026, 0, 5, 1);
    expect(iso(waitUntilMs(until({ weekday: 'mon', time: '09:00' }), mondayNine, 'Asia/Shanghai'))).toBe('2026-01-12T01:00:00.000Z');
  });

  it('keeps the local time across a DST change (America/New_York)', () => {
    const fridayNoon = Date.UTC(2026, 2, 6, 17); // Friday 6 March 2026, 12:00 EST
    // Clocks go forward on Sunday 8 March: Monday 09:00 is EDT, 13:00Z rather than 14:00Z.
    expect(iso(waitUntilMs(until({ weekday: 'mon', time: '09:00' }), fridayNoon, 'America/New_York'))).toBe('2026-03-09T13:00:00.000Z');
    expect(iso(waitUntilMs(until({ weekday: 'sun', time: '02:30' }), fridayNoon, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });
});
