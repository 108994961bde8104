import { describe, expect, it } from 'vitest';
import { loadScoringModel } from '../../config/scoring';
import { planPool, type PoolMember } from '../../domain/accounts/pool';
import type { ScoringModel } from '../../domain/accounts/scoring-model';

const base = loadScoringModel();
const model: ScoringModel = { ...base, pool: { promoteAt: 50, retireBelow: 30, minConfidence: 0.5, capacity: { '1': 2, '2': 2, '3': 2 } } };

let n = 0;
function member(score: number | null, more: Partial<PoolMember> = {}): PoolMember {
  n++;
  const recommendedTier = score === null ? null : score >= 75 ? 1 : score >= 60 ? 2 : score >= 40 ? 3 : null;
  return {
    id: `a${n}`, domain: `a${n}.example`, industry: null, poolStatus: 'candidate', poolReason: null,
    tierOverride: null, tierReason: null, score, scoreConfidence: score === null ? null : 1, recommendedTier, ...more,
  };
}

describe('the pool rules', () => {
  it('promotes candidates at or above the threshold and leaves the rest waiting, with the reason', () => {
    const [high, low] = [member(55), member(45)];
    const plan = planPool([high, low], [], model);
    expect(plan.get(high.id)).toMatchObject({ poolStatus: 'target', tier: 3, poolReason: 'its score of 55 meets the promotion threshold of 50' });
    expect(plan.get(low.id)).toMatchObject({ poolStatus: 'candidate', tier: 3, poolReason: 'its score of 45 is below the promotion threshold of 50' });
  });

  it('keeps the lowest scorers waiting when a tier is over capacity', () => {
    const tierOne = [member(80), member(95), member(77, { poolStatus: 'target' }), member(90)];
    const plan = planPool(tierOne, [], model);
    const targets = tierOne.filter((m) => plan.get(m.id)!.poolStatus === 'target').map((m) => m.score);
    expect(targets.sort()).toEqual([90, 95]);
    expect(plan.get(tierOne[2]!.id)).toMatchObject({ poolStatus: 'candidate', tier: 1 });
    expect(plan.get(tierOne[2]!.id)!.poolReason).toMatch(/waits for room: .* the tier-1 budget of 2 targets is taken/);
  });

  it('gives hand-placed accounts the first claim on a tier\'s capacity, and keeps their tier whatever the score', () => {
    const placed = member(52, { tierOverride: 1, tierReason: 'alice fixed it at tier 1: flagship logo' });
    const others = [member(90), member(85)];
    const plan = planPool([placed, ...others], [], model);
    expect(plan.get(placed.id)).toMatchObject({ poolStatus: 'target', tier: 1, tierReason: 'alice fixed it at tier 1: flagship logo' });
    expect(others.filter((m) => plan.get(m.id)!.poolStatus === 'target')).toHaveLength(1);
  });

  it('excludes negative-list accounts whatever their score, and keeps retired accounts out', () => {
    const rival = member(99, { domain: 'eu.rival.com', poolStatus: 'target' });
    const retired = member(99, { poolStatus: 'retired', poolReason: 'bob retired it: bought a competitor' });
    const plan = planPool([rival, retired], [{ kind: 'suffix', value: 'rival.com', reason: 'competitor' }], model);
    expect(plan.get(rival.id)).toMatchObject({ poolStatus: 'excluded', poolReason: 'it is on the negative list: they are a competitor (rule suffix:rival.com)' });
    expect(plan.get(retired.id)).toMatchObject({ poolStatus: 'retired', poolReason: 'bob retired it: bought a competitor' });
  });

  it('retires targets that fall below the retirement threshold but keeps those in between (no flapping)', () => {
    const fallen = member(25, { poolStatus: 'target', recommendedTier: 3 });
    const slipping = member(45, { poolStatus: 'target' });
    const plan = planPool([fallen, slipping], [], model);
    expect(plan.get(fallen.id)).toMatchObject({ poolStatus: 'retired', poolReason: 'its score of 25 fell below 30, where targets are retired' });
    expect(plan.get(slipping.id)).toMatchObject({ poolStatus: 'target' });
  });

  it('does not promote on a score that rests on too little known data, or on no score at all', () => {
    const thin = member(90, { scoreConfidence: 0.35 });
    const unscored = member(null);
    const plan = planPool([thin, unscored], [], model);
    expect(plan.get(thin.id)).toMatchObject({
      poolStatus: 'candidate',
      poolReason: 'its score rests on only 35% of the model, and at least 50% must be known before it can become a target',
    });
    expect(plan.get(unscored.id)).toMatchObject({ poolStatus: 'candidate', tier: null, poolReason: 'it has not been scored yet' });
  });
});
