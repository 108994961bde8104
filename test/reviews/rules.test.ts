// The review rules of tiers 2 and 3 and the checks on a person's decision: pure, so the workflows,
// the CLI and these tests read the same answers.
import { forCli } from '../../domain/fields/field-ref';
import { describe, expect, it } from 'vitest';
import { defaultReviewRules, loadReviewRules } from '../../config/reviews';
import { ConfigError } from '../../config/errors';
import { decideByRules, reviewIntervalMs, type ReviewEvidenceFacts } from '../../domain/reviews/rules';
import { checkReviewDecision } from '../../domain/reviews/vocabulary';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dayMs = 86_400_000;
const facts = (over: Partial<ReviewEvidenceFacts> & { score?: number; roles?: string[] } = {}): ReviewEvidenceFacts => {
  const { score = 0, roles = [], ...rest } = over;
  return {
    nowMs: 200 * dayMs,
    tier: 3,
    stageEnteredAtMs: 0,
    engagement: { score, byContact: {}, byRole: {}, engagedRoles: roles as never, engagedContacts: [] },
    eventsSeen: [],
    valueScore: 50,
    coverage: 0.5,
    ...rest,
  };
};

describe('review rules', () => {
  it('takes the first rule of the tier that holds, and continues when none does', () => {
    expect(decideByRules(defaultReviewRules, facts({ tier: 3, score: 40, roles: ['champion', 'decision_maker'] }))).toEqual({ decision: 'change_tier', rule: 'tier3-rising', tier: 2 });
    expect(decideByRules(defaultReviewRules, facts({ tier: 3, valueScore: 20 }))).toEqual({ decision: 'retire', rule: 'tier3-dormant' });
    // Valuable accounts are not retired for silence alone.
    expect(decideByRules(defaultReviewRules, facts({ tier: 3, valueScore: 60 }))).toEqual({ decision: 'continue', rule: 'no rule matched' });
    expect(decideByRules(defaultReviewRules, facts({ tier: 2, score: 35 }))).toEqual({ decision: 'accelerate', rule: 'tier2-warm' });
    expect(decideByRules(defaultReviewRules, facts({ tier: 2 }))).toEqual({ decision: 'change_tier', rule: 'tier2-silent', tier: 3 });
    expect(decideByRules(defaultReviewRules, facts({ tier: 1 }))).toEqual({ decision: 'continue', rule: 'no rule matched' });
  });

  it('reviews each tier on its cadence, an untiered account like tier 3', () => {
    expect([1, 2, 3, null].map((t) => reviewIntervalMs([14, 30, 60], t) / dayMs)).toEqual([14, 30, 60, 60]);
  });

  it('refuses a rules file with a path to each problem', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'review-rules-')), 'rules.yaml');
    writeFileSync(file, '- name: vip\n  tiers: [1]\n  decide: continue\n- name: promote\n  tiers: [3]\n  decide: change_tier\n- name: odd\n  tiers: [3]\n  decide: stop\n');
    const err = (() => {
      try {
        loadReviewRules(file);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toEqual([
      `${file}: 0.tiers.0: rules decide tiers 2 and 3 (tier 1 is reviewed by a person)`,
      `${file}: 1.tier: change_tier needs the tier to move to (tier: 1, 2 or 3), and only change_tier takes one`,
      `${file}: 2.decide: expected one of continue, accelerate, change_tier, pause, retire`,
    ]);
  });
});

describe("a person's decision", () => {
  const waiting = { status: 'waiting' as const, mode: 'human' as const, tier: 1 };
  it('needs a known decision, a reason, and for change_tier another tier', () => {
    expect(checkReviewDecision(waiting, { decision: 'pause', reason: 'budget freeze' })).toBeNull();
    expect(forCli(checkReviewDecision(waiting, { decision: 'pause' })!)).toMatch(/needs --reason/);
    expect(forCli(checkReviewDecision(waiting, { decision: 'pause', reason: 'x', tier: 2 })!)).toBe('--tier goes with change_tier only, not with pause');
    expect(forCli(checkReviewDecision(waiting, { decision: 'change_tier', reason: 'x', tier: 4 })!)).toBe('change_tier needs --tier 1, 2 or 3');
  });
  it('is refused on a rule review and on a decided one', () => {
    expect(checkReviewDecision({ ...waiting, mode: 'rule' }, { decision: 'pause', reason: 'x' })).toBe('this review is decided by the rules of its tier, not by a person');
    expect(checkReviewDecision({ ...waiting, status: 'decided', decision: 'continue' }, { decision: 'pause', reason: 'x' })).toMatch(/^this review is already decided \(continue\)/);
  });
});
