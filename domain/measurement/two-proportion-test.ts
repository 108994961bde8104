// The two-proportion z-test: do two conversion rates differ by more than chance would make them?
// Pooled standard error, two-sided p-value from the standard normal distribution.

export type Proportion = { converted: number; units: number };

export type TwoProportionTest = { z: number; pValue: number };

/**
 * z = (p1 − p2) / √(p(1 − p)(1/n1 + 1/n2)) with the pooled p = (x1 + x2) / (n1 + n2), and
 * p-value = P(|Z| ≥ |z|) = erfc(|z| / √2). Two rates of 0 % or of 100 % have no spread: z 0, p 1.
 */
export function twoProportionTest(a: Proportion, b: Proportion): TwoProportionTest {
  const pooled = (a.converted + b.converted) / (a.units + b.units);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.units + 1 / b.units));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (a.converted / a.units - b.converted / b.units) / se;
  return { z, pValue: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) };
}

/** The complementary error function, Chebyshev fit (Numerical Recipes' erfcc): relative error below 1.2e-7. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
