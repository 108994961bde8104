// The pure lifecycle rules: re-entry decisions, the failure policy, wait_for matching and exits, the
// publish preview, and what the journey file accepts and refuses for them.
import { describe, expect, it } from 'vitest';
import { summarizeEngagement } from '../../domain/engagement/score';
import { journeyDefinitionSchema, type JourneyDefinition } from '../../domain/journey/definition';
import { advance, awaitedEventMatches, type JourneyFacts } from '../../domain/journey/engine';
import { maximumAttempts, onStepFailure } from '../../domain/journey/failure-policy';
import { previewPublish } from '../../domain/journey/publish-plan';
import { decideReentry } from '../../domain/journey/reentry';
import { validateJourney } from '../../domain/journey/validate';

const dayMs = 86_400_000;
const ended = { status: 'completed', endedAt: new Date('2026-11-01T00:00:00Z'), exitReason: 'journey_complete' };
const now = Date.parse('2026-11-10T00:00:00Z');

describe('re-entry', () => {
  it('once refuses any second entry, naming the previous run', () => {
    expect(decideReentry({ policy: 'once' }, ended, [], now)).toEqual({
      admitted: false,
      reason: 're-entry policy once: its previous run ended 2026-11-01T00:00:00.000Z (journey_complete)',
    });
  });

  it('after_exit admits once the cooldown has passed; without a policy, at once (as journeys always did)', () => {
    expect(decideReentry({ policy: 'after_exit', cooldown: '14d' }, ended, [], now)).toMatchObject({
      admitted: false,
      reason: expect.stringMatching(/^re-entry cooldown 14d runs until 2026-11-15T00:00:00.000Z/),
    });
    expect(decideReentry({ policy: 'after_exit', cooldown: '14d' }, ended, [], now + 5 * dayMs)).toEqual({ admitted: true });
    expect(decideReentry(undefined, ended, [], now)).toEqual({ admitted: true });
  });

  it('on_requalify admits after a tier or pool status change since the previous run ended, not before', () => {
    const before = { field: 'tier', at: new Date('2026-10-01T00:00:00Z') };
    const after = { field: 'poolStatus', at: new Date('2026-11-05T00:00:00Z') };
    expect(decideReentry({ policy: 'on_requalify' }, ended, [before], now).admitted).toBe(false);
    expect(decideReentry({ policy: 'on_requalify' }, ended, [before, after], now)).toEqual({ admitted: true });
  });
});

describe('failure policy', () => {
  it('limits attempts only when the step says so; skip_on_failure alone means 3 retries', () => {
    expect(maximumAttempts({})).toBeUndefined();
    expect(maximumAttempts({ retries: 0 })).toBe(1);
    expect(maximumAttempts({ skip_on_failure: true })).toBe(4);
    expect(onStepFailure('intro', { retries: 2 })).toEqual({ kind: 'stop', reason: 'step_failed:intro' });
    expect(onStepFailure('intro', { retries: 2, skip_on_failure: true })).toEqual({ kind: 'skip' });
  });
});

const journey = (stages: unknown[], extra: Record<string, unknown> = {}): JourneyDefinition =>
  journeyDefinitionSchema.parse({ key: 'rules', name: 'Rules', stages, ...extra });
const facts: JourneyFacts = { nowMs: now, tier: 3, stageEnteredAtMs: now, engagement: summarizeEngagement([], now), eventsSeen: [] };

describe('wait_for', () => {
  const def = journey([
    { key: 'engage', steps: [{ id: 'hear', type: 'wait_for', event: { type: 'clicked', by: 'contact' }, timeout: '7d', onEvent: { stage: 'convert' } }, { id: 'nudge', type: 'wait', duration: '1d' }] },
    { key: 'convert', steps: [{ id: 'close', type: 'exit', reason: 'done' }] },
  ]);

  it('matches type, tag, roles and who acted', () => {
    const awaited = { type: 'clicked' as const, tag: 'pricing', roles: ['champion' as const] };
    expect(awaitedEventMatches(awaited, { type: 'clicked', tag: 'Pricing', contactId: 'c1', role: 'champion' })).toBe(true);
    expect(awaitedEventMatches(awaited, { type: 'clicked', tag: 'pricing', contactId: 'c1', role: 'user' })).toBe(false);
    expect(awaitedEventMatches({ type: 'visited', by: 'account' }, { type: 'visited', contactId: 'c1' })).toBe(false);
    expect(awaitedEventMatches({ type: 'visited', by: 'account' }, { type: 'visited' })).toBe(true);
    expect(awaitedEventMatches({ type: 'visited', by: 'contact' }, { type: 'visited' })).toBe(false);
  });

  it('leaves by the exit of what woke it; an exit left out continues with the next step', () => {
    expect(advance(def, { stage: 'engage', stepIndex: 0 }, facts, 'event')).toEqual({ kind: 'step', position: { stage: 'convert', stepIndex: 0 } });
    expect(advance(def, { stage: 'engage', stepIndex: 0 }, facts, 'timeout')).toEqual({ kind: 'step', position: { stage: 'engage', stepIndex: 1 } });
  });

  it('is validated: a timeout is required, and roles cannot wait for account-level events', () => {
    const result = validateJourney(
      { key: 'bad-wait', name: 'Bad', stages: [{ key: 'engage', steps: [{ id: 'w', type: 'wait_for', event: { type: 'clicked', roles: ['champion'], by: 'account' } }] }] },
      () => ({ exists: true, errors: [] }),
    );
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages.some((m) => m.startsWith('stages[0].steps[0].timeout'))).toBe(true);
    expect(messages).toContain('stages[0].steps[0].event: roles name people, but by: account waits for events with no contact: drop one of them');
  });
});

describe('wait_for exits in the validator', () => {
  it('reports an exit that names no stage or step, with its path', () => {
    const result = validateJourney(
      { key: 'bad-exit', name: 'Bad', stages: [{ key: 'engage', steps: [{ id: 'w', type: 'wait_for', event: { type: 'replied' }, timeout: '3d', onEvent: { stage: 'nowhere' } }] }] },
      () => ({ exists: true, errors: [] }),
    );
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toContain('stages[0].steps[0].onEvent.stage');
  });
});

describe('journey file fields', () => {
  it('accepts reentry, autoEnrol, an email condition and a failure policy; refuses a cooldown outside after_exit', () => {
    const def = journey(
      [{ key: 'engage', steps: [{ id: 'cfo', type: 'email', template: 'intro', audience: { roles: ['budget_holder'] }, if: { not: { engagementScore: { gte: 5 } } }, retries: 2, skip_on_failure: true }] }],
      { reentry: { policy: 'after_exit', cooldown: '30d' }, autoEnrol: true },
    );
    expect(def).toMatchObject({ reentry: { policy: 'after_exit', cooldown: '30d' }, autoEnrol: true });
    const bad = journeyDefinitionSchema.safeParse({ key: 'bad-reentry', name: 'Bad', reentry: { policy: 'once', cooldown: '1d' }, stages: def.stages });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reentry.cooldown', 'cooldown applies to policy after_exit only']]);
  });
});

describe('publish preview', () => {
  it('says for each choice how many running accounts it affects and where they land', () => {
    const next = journey([
      { key: 'engage', steps: [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } }, { id: 'listen', type: 'wait', duration: '3d' }] },
    ]);
    const runs = [
      { workflowId: 'a', domain: 'a.example', journeyVersion: 1, stage: 'engage', step: 'listen' },
      { workflowId: 'b', domain: 'b.example', journeyVersion: 2, stage: 'engage', step: 'gone' },
      { workflowId: 'c', domain: 'c.example', journeyVersion: 2, stage: 'engage', step: null },
    ];
    expect(previewPublish(next, 3, runs)).toEqual({
      version: 3,
      running: 3,
      keep: { byVersion: { v1: 1, v2: 2 } },
      migrate: {
        moves: [{ from: 'engage/listen', to: 'engage/listen', accounts: ['a.example'] }],
        stay: [{ from: 'engage/gone', to: 'no step gone in version 3: the account stays on version 2', accounts: ['b.example'] }],
        undecided: [{ from: 'engage/?', to: 'decided by the journey at its next safe point (its live step is unknown)', accounts: ['c.example'] }],
      },
      restart: { to: 'engage/intro', accounts: 3 },
    });
  });
});
