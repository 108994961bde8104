import { describe, expect, it } from 'vitest';
import { loadScoringModel } from '../../config/scoring';
import { assessAccount } from '../../domain/accounts/score';
import type { ScoringModel } from '../../domain/accounts/scoring-model';

const model = loadScoringModel();

describe('value assessment', () => {
  it('scores an account with every input known, and recommends the tier its thresholds give', () => {
    const a = assessAccount(
      {
        industry: 'Medical Devices',
        revenue_band: '1B+',
        purchase_pattern: 'continuous',
        attributes: { category_spend_usd: '6,000,000', winnable_share_pct: '55%', margin_pct: 42, credit_rating: 'aaa', growth_pct: 25, reference_value: 'High' },
      },
      model,
    );
    expect(a.confidence).toBe(1);
    expect(a.score).toBe(100);
    expect(a.recommendedTier).toBe(1);
    expect(a.factors.every((f) => f.known)).toBe(true);
  });

  it('marks missing inputs unknown instead of counting them as zero, and says how much of the score is known', () => {
    const a = assessAccount({ attributes: { category_spend_usd: 6_000_000, credit_rating: 'AAA' } }, model);
    // Only spend (weight 25) and credit (weight 10) are known, both at 100 points.
    expect(a.score).toBe(100);
    expect(a.confidence).toBe(0.35);
    const growth = a.factors.find((f) => f.factor === 'growth');
    expect(growth).toMatchObject({ known: false, unknownBecause: 'no attr.growth_pct' });
    expect(a.futureValue).toBeNull();
  });

  it('falls back to the next input and says which one it used', () => {
    const a = assessAccount({ revenue_band: '250M-1B' }, model);
    expect(a.factors.find((f) => f.factor === 'category_spend')).toMatchObject({
      known: true,
      field: 'revenue_band',
      points: 75,
      basis: 'estimated from annual revenue',
    });
  });

  it('treats a value the model has no points for as unknown, with the reason', () => {
    const a = assessAccount({ industry: 'Space Tourism', purchase_pattern: 'unknown' }, model);
    expect(a.factors.find((f) => f.factor === 'margin')).toMatchObject({
      known: false,
      unknownBecause: 'no attr.margin_pct; the model gives no points for industry "Space Tourism"',
    });
    expect(a.factors.find((f) => f.factor === 'relationship_potential')).toMatchObject({ known: false });
    expect(a).toMatchObject({ score: null, confidence: 0, recommendedTier: null });
  });

  it('recommends no tier below the tier-3 threshold', () => {
    const low: ScoringModel = { ...model, tierThresholds: { '1': 90, '2': 80, '3': 70 } };
    const a = assessAccount({ revenue_band: '50M-250M' }, low);
    expect(a.score).toBe(55);
    expect(a.recommendedTier).toBeNull();
  });
});
