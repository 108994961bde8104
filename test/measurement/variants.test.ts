// The A/B test's pure parts: the seeded split, the figures per variant and the winner rule, each
// figure worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { assignVariant, experimentOf, unitPoint, variantShares } from '../../domain/measurement/variant-assignment';
import { erfc, twoProportionTest } from '../../domain/measurement/two-proportion-test';
import { decideWinner, variantFigures, type UnitFacts, type VariantFigures } from '../../domain/measurement/winner-rule';
import type { EmailStep } from '../../domain/journey/definition';

const ab = [{ key: 'a', subject: 'A' }, { key: 'b', subject: 'B' }];
const ids = (n: number) => Array.from({ length: n }, (_, i) => `contact-${i}`);
const count = (keys: string[]) => keys.reduce<Record<string, number>>((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {});

describe('seeded assignment', () => {
  it('gives a unit the same variant every time, and another seed another split', () => {
    const experiment = { seed: 'tier1/intro', variants: ab };
    const first = ids(200).map((id) => assignVariant(experiment, id).key);
    expect(ids(200).map((id) => assignVariant(experiment, id).key)).toEqual(first);
    const reseeded = ids(200).map((id) => assignVariant({ ...experiment, seed: 'again' }, id).key);
    // Independent splits agree on about half the units; the same split would agree on all 200.
    const same = reseeded.filter((k, i) => k === first[i]).length;
    expect(same).toBeGreaterThan(70);
    expect(same).toBeLessThan(130);
  });

  it('spreads units by the weights: 1 : 3 is 25 % and 75 %', () => {
    const variants = [{ key: 'a', subject: 'A' }, { key: 'b', subject: 'B', weight: 3 }];
    // Shares: 1 / (1 + 3) = 0.25 and 3 / 4 = 0.75.
    expect(variantShares(variants)).toEqual([{ key: 'a', share: 0.25 }, { key: 'b', share: 0.75 }]);
    const got = count(ids(4000).map((id) => assignVariant({ seed: 's', variants }, id).key));
    // 4000 × 0.25 = 1000 expected; the standard deviation is √(4000 × 0.25 × 0.75) ≈ 27, so ±100 is over 3.5 of them.
    expect(got.a).toBeGreaterThan(900);
    expect(got.a).toBeLessThan(1100);
    // Points spread evenly over [0, 1): a quarter of them below 0.25, whatever the ids look like.
    const below = ids(4000).filter((id) => unitPoint('s', id) < 0.25).length;
    expect(below).toBe(got.a);
  });

  it('reads a step: default split by contact, seed from the journey and the step', () => {
    const step = { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] }, variants: ab, winner: { metric: 'clicks', within: '7d', minSample: 50, confidence: 0.95 } } as EmailStep;
    expect(experimentOf('tier1', 3, step)).toMatchObject({ journeyKey: 'tier1', journeyVersion: 3, stepId: 'intro', split: 'contact', seed: 'tier1/intro', baseTemplate: 'intro' });
    expect(experimentOf('tier1', 3, { ...step, variants: undefined })).toBeUndefined();
  });
});

describe('two-proportion z-test', () => {
  it('computes z and the two-sided p-value', () => {
    // b 12 of 60 (0.20) against a 3 of 60 (0.05): pooled p = 15 / 120 = 0.125;
    // se = √(0.125 × 0.875 × (1/60 + 1/60)) = √(0.109375 × 0.033333) = √0.0036458 = 0.060381;
    // z = (0.20 − 0.05) / 0.060381 = 2.484; p = 2 × (1 − Φ(2.484)) = 2 × (1 − 0.99351) = 0.0130.
    const t = twoProportionTest({ converted: 12, units: 60 }, { converted: 3, units: 60 });
    expect(t.z).toBeCloseTo(2.484, 3);
    expect(t.pValue).toBeCloseTo(0.013, 3);
    // No spread at all (both 0 %): nothing to tell apart.
    expect(twoProportionTest({ converted: 0, units: 10 }, { converted: 0, units: 10 })).toEqual({ z: 0, pValue: 1 });
    // The familiar 1.96: P(|Z| ≥ 1.96) = 0.05.
    expect(erfc(1.959964 / Math.SQRT2)).toBeCloseTo(0.05, 6);
  });
});

describe('figures per variant', () => {
  const day = 86_400_000;
  it('counts a unit once its window has passed, and a conversion only inside the window', () => {
    const now = 20 * day;
    const units: UnitFacts[] = [
      { variant: 'a', firstSentAtMs: 1 * day, conversionsAtMs: [2 * day] }, // converted on day 2, inside 1 + 7
      { variant: 'a', firstSentAtMs: 1 * day, conversionsAtMs: [9 * day] }, // day 9 is past 1 + 7 = 8: not converted
      { variant: 'a', firstSentAtMs: 15 * day, conversionsAtMs: [16 * day] }, // window ends day 22 > 20: not observed yet
      { variant: 'a', conversionsAtMs: [] }, // assigned, never sent (skipped by the policy)
      { variant: 'b', firstSentAtMs: 3 * day, conversionsAtMs: [0, 5 * day] }, // before the send does not count; day 5 does
    ];
    expect(variantFigures(ab, units, '7d', now)).toEqual([
      // a: 4 assigned, 3 sent, 2 observed, 1 converted: 1 / 2 = 0.5
      { key: 'a', assigned: 4, sent: 3, observed: 2, converted: 1, rate: 0.5 },
      { key: 'b', assigned: 1, sent: 1, observed: 1, converted: 1, rate: 1 },
    ]);
  });
});

const figures = (rows: [string, number, number][]): VariantFigures[] =>
  rows.map(([key, converted, observed]) => ({ key, assigned: observed, sent: observed, observed, converted, rate: converted / observed }));
const rule = { metric: 'clicks' as const, within: '7d', minSample: 50, confidence: 0.95 };

describe('the winner rule', () => {
  it('waits for the minimum sample of every variant', () => {
    expect(decideWinner(rule, figures([['a', 2, 31], ['b', 9, 60]]))).toEqual({ kind: 'waiting', explanation: 'needs 50 per variant with their 7d passed, has a 31, b 60' });
  });

  it('declares the better of two when p < 1 − confidence', () => {
    // The test above: 20.0 % vs 5.0 %, p = 0.013 < 0.05.
    expect(decideWinner(rule, figures([['a', 3, 60], ['b', 12, 60]]))).toEqual({
      kind: 'winner',
      winner: 'b',
      pValue: expect.closeTo(0.013, 3),
      explanation: 'b wins: 20.0% clicked vs 5.0% (n=60, 60), p=0.013 < 0.05',
    });
  });

  it('goes on splitting while the difference could be chance', () => {
    // b 9 of 50 (0.18) against a 6 of 50 (0.12): pooled 15 / 100 = 0.15; se = √(0.15 × 0.85 × 0.04) = 0.071414;
    // z = 0.06 / 0.071414 = 0.840; p = 2 × (1 − Φ(0.840)) = 2 × (1 − 0.79955) = 0.401 ≥ 0.05.
    expect(decideWinner({ ...rule, metric: 'replies' }, figures([['a', 6, 50], ['b', 9, 50]]))).toEqual({
      kind: 'waiting',
      explanation: 'no winner yet: b 18.0% replied vs 12.0% (n=50, 50), p=0.401 ≥ 0.05; the split goes on',
    });
  });

  it('with three variants, needs the best to beat each other one at 0.05 / 2', () => {
    // b 15 of 100 against a 5 of 100: pooled 0.10; se = √(0.1 × 0.9 × 0.02) = 0.042426; z = 0.10 / 0.042426 = 2.357; p = 0.0184.
    // b against c 6 of 100: pooled 0.105; se = √(0.105 × 0.895 × 0.02) = 0.043353; z = 0.09 / 0.043353 = 2.076; p = 0.0379.
    // Alone, 0.0379 < 0.05 would do; against two at once each must be < 0.025, and 0.0379 is not.
    const three = figures([['a', 5, 100], ['b', 15, 100], ['c', 6, 100]]);
    expect(decideWinner(rule, three)).toEqual({
      kind: 'waiting',
      explanation: 'no winner yet: b 15.0% clicked (n=100) vs c 6.0% (n=100) p=0.038, a 5.0% (n=100) p=0.018; each must be < 0.025 (0.05 over 2 comparisons); the split goes on',
    });
    // With c at 4 of 100: pooled 0.095; se = √(0.095 × 0.905 × 0.02) = 0.041466; z = 0.11 / 0.041466 = 2.653; p = 0.0080 < 0.025.
    const decided = decideWinner(rule, figures([['a', 5, 100], ['b', 15, 100], ['c', 4, 100]]));
    expect(decided).toMatchObject({ kind: 'winner', winner: 'b', pValue: expect.closeTo(0.0184, 4) });
    expect(decided.explanation).toBe('b wins: b 15.0% clicked (n=100) vs a 5.0% (n=100) p=0.018, c 4.0% (n=100) p=0.0080, each < 0.025 (0.05 over 2 comparisons)');
  });
});
