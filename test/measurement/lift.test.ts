// The lift arithmetic against hand computations (z = 1.96 where the hand computation says so).
import { describe, expect, it } from 'vitest';
import { meanLift, newcombe, rateLift, smallGroupsWarning, wilson } from '../../domain/measurement/lift';

describe('the Wilson interval', () => {
  it('matches the hand computation for 3 events in 10', () => {
    // z² = 3.8416; centre = (3 + 3.8416/2) / (10 + 3.8416) = 4.9208 / 13.8416 = 0.355508
    // half = 1.96 / 13.8416 × √(3·7/10 + 3.8416/4) = 0.141602 × √3.0604 = 0.141602 × 1.749400 = 0.247719
    // → 0.355508 − 0.247719 = 0.107789 to 0.355508 + 0.247719 = 0.603227
    const i = wilson(3, 10, 1.96)!;
    expect(i.low).toBeCloseTo(0.107789, 5);
    expect(i.high).toBeCloseTo(0.603227, 5);
  });

  it('stays inside 0–1 at no events and at every account, and is null for no accounts', () => {
    // 0 in 10: centre = 1.9208 / 13.8416 = 0.138770, half = 0.141602 × √0.9604 = 0.141602 × 0.98 = 0.138770 → 0 to 0.277540
    const none = wilson(0, 10, 1.96)!;
    expect(none.low).toBeCloseTo(0, 9);
    expect(none.high).toBeCloseTo(0.27754, 5);
    const all = wilson(10, 10, 1.96)!;
    expect(all.high).toBeCloseTo(1, 9);
    expect(wilson(0, 0)).toBeNull();
  });
});

describe("Newcombe's interval for a difference", () => {
  it('matches the hand computation for 3 in 10 against 1 in 10', () => {
    // Wilson 3/10: 0.107789 to 0.603227 (above). Wilson 1/10: centre = 2.9208 / 13.8416 = 0.211016,
    // half = 0.141602 × √(1·9/10 + 0.9604) = 0.141602 × 1.363965 = 0.193142 → 0.017874 to 0.404158.
    // d = 0.3 − 0.1 = 0.2
    // low  = 0.2 − √((0.3 − 0.107789)² + (0.404158 − 0.1)²) = 0.2 − √(0.036945 + 0.092512) = 0.2 − 0.359802 = −0.159802
    // high = 0.2 + √((0.603227 − 0.3)² + (0.1 − 0.017874)²) = 0.2 + √(0.091947 + 0.006745) = 0.2 + 0.314153 = 0.514153
    const i = newcombe(3, 10, 1, 10, 1.96)!;
    expect(i.low).toBeCloseTo(-0.159802, 4);
    expect(i.high).toBeCloseTo(0.514153, 4);
  });

  it('is null when a group has no accounts', () => {
    expect(newcombe(3, 10, 0, 0)).toBeNull();
  });
});

describe('a rate in both groups', () => {
  it('gives the rates, the absolute and relative lift, and says when too few events are expected', () => {
    const lift = rateLift({ events: 3, accounts: 10 }, { events: 1, accounts: 10 });
    expect(lift.treated).toEqual({ events: 3, accounts: 10, rate: 0.3, interval: { low: 0.1078, high: 0.6032 } });
    expect(lift.heldOut.rate).toBe(0.1);
    expect(lift.difference).toBe(0.2);
    expect(lift.relative).toBe(2); // (0.3 − 0.1) / 0.1
    // The hand computation above, at the exact z = 1.959964 the report uses: the upper end falls just
    // under 0.51415, so 4 places give 0.5141.
    expect(lift.interval).toEqual({ low: -0.1598, high: 0.5141 });
    // Pooled rate 4 / 20 = 0.2; the smaller group (10) expects 10 × 0.2 = 2 events, fewer than 5.
    expect(lift.tooFew).toBe('fewer than 5 events expected in the smaller group (2 at the pooled rate)');
  });

  it('has no relative lift over a held-out rate of 0, and reads when enough events are expected', () => {
    // Pooled (20 + 0) / (40 + 40) = 0.25; 40 × 0.25 = 10 expected: enough.
    const lift = rateLift({ events: 20, accounts: 40 }, { events: 0, accounts: 40 });
    expect([lift.difference, lift.relative, lift.tooFew]).toEqual([0.5, null, null]);
  });
});

describe('pipeline per account', () => {
  it('gives the means with their intervals and the difference with Welch’s standard error', () => {
    // Treated 0, 0, 100, 300: mean 100, variance ((−100)² + (−100)² + 0² + 200²) / 3 = 20,000;
    //   half = 1.96 × √(20,000 / 4) = 1.96 × 70.7107 = 138.59 → −38.59 to 238.59
    // Held out 0, 0, 0, 40: mean 10, variance (3 × 10² + 30²) / 3 = 400
    // Difference 90, half = 1.96 × √(20,000/4 + 400/4) = 1.96 × 71.4143 = 139.97 → −49.97 to 229.97; relative 90 / 10 = 9
    const lift = meanLift([0, 0, 100, 300], [0, 0, 0, 40]);
    expect(lift.treated).toEqual({ accounts: 4, mean: 100, interval: { low: -38.59, high: 238.59 } });
    expect(lift.heldOut.mean).toBe(10);
    expect([lift.difference, lift.interval, lift.relative]).toEqual([90, { low: -49.97, high: 229.97 }, 9]);
  });

  it('has no interval for a group of one', () => {
    expect(meanLift([5], [1, 2]).interval).toBeNull();
  });
});

it('warns in plain words when either group has fewer than 30 accounts', () => {
  expect(smallGroupsWarning(120, 29)).toMatch(/^too few accounts to conclude anything: 120 treated and 29 held out, and each group needs at least 30/);
  expect(smallGroupsWarning(30, 30)).toBeNull();
});
