// Incrementality: what a journey changed, from comparing its treated accounts with the accounts it
// held out (domain/measurement/holdout.ts). Pure arithmetic on counts, tested against hand
// computations (test/measurement/lift.test.ts):
//   - a rate with its Wilson score interval (95 %), which stays inside 0–1 and behaves at 0 or n
//     events, where the textbook "p ± 1.96·√(p(1−p)/n)" does not;
//   - the absolute lift (treated − held out) with Newcombe's hybrid score interval (his method 10),
//     built from the two Wilson intervals; the relative lift as (treated − held out) / held out;
//   - pipeline per account: a mean with a normal-approximation interval, and the difference of two
//     means with Welch's standard error.
// A figure that cannot be computed (no accounts, no held-out events to compare against) is null.

/** 1.96: the two-sided 95 % point of the normal distribution. */
export const z95 = 1.959964;

/** Fewer accounts than this in either group: too few to conclude anything. */
export const minGroupAccounts = 30;
/** Fewer events than this expected in either group (at the two groups' pooled rate): too few for that rate. */
export const minExpectedEvents = 5;

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const money = (n: number) => Math.round(n * 100) / 100;

export type Interval = { low: number; high: number };

/** Wilson's score interval for x events in n: centre (x + z²/2)/(n + z²), half-width z/(n + z²)·√(x(n−x)/n + z²/4). */
export function wilson(x: number, n: number, z = z95): Interval | null {
  if (n === 0) return null;
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((x * (n - x)) / n + z2 / 4);
  return { low: centre - half, high: centre + half };
}

/** Newcombe's interval for p1 − p2: d − √((p1−l1)² + (u2−p2)²) to d + √((u1−p1)² + (p2−l2)²). */
export function newcombe(x1: number, n1: number, x2: number, n2: number, z = z95): Interval | null {
  const w1 = wilson(x1, n1, z);
  const w2 = wilson(x2, n2, z);
  if (!w1 || !w2) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return { low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2), high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2) };
}

/** Mean and sample variance (n − 1); the variance is null for fewer than two values. */
function meanAndVariance(values: readonly number[]) {
  const n = values.length;
  const mean = n === 0 ? null : values.reduce((s, v) => s + v, 0) / n;
  const variance = n < 2 || mean === null ? null : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

const rounded = (i: Interval | null, places: (n: number) => number) => (i ? { low: places(i.low), high: places(i.high) } : null);

export type GroupRate = { events: number; accounts: number; rate: number | null; interval: Interval | null };

export type RateLift = {
  treated: GroupRate;
  heldOut: GroupRate;
  /** Treated rate − held-out rate. */
  difference: number | null;
  interval: Interval | null;
  /** (treated − held out) / held out; null when the held-out rate is 0. */
  relative: number | null;
  /** Why this rate says nothing yet; null when it can be read. */
  tooFew: string | null;
};

const groupRate = (events: number, accounts: number): GroupRate => ({
  events,
  accounts,
  rate: accounts === 0 ? null : round4(events / accounts),
  interval: rounded(wilson(events, accounts), round4),
});

/** One rate in both groups and the lift between them. */
export function rateLift(treated: { events: number; accounts: number }, heldOut: { events: number; accounts: number }): RateLift {
  const [t, h] = [treated, heldOut];
  const pooled = t.accounts + h.accounts === 0 ? 0 : (t.events + h.events) / (t.accounts + h.accounts);
  const expected = Math.min(t.accounts, h.accounts) * pooled;
  const both = t.accounts > 0 && h.accounts > 0;
  const p1 = both ? t.events / t.accounts : 0;
  const p2 = both ? h.events / h.accounts : 0;
  return {
    treated: groupRate(t.events, t.accounts),
    heldOut: groupRate(h.events, h.accounts),
    difference: both ? round4(p1 - p2) : null,
    interval: rounded(newcombe(t.events, t.accounts, h.events, h.accounts), round4),
    relative: both && p2 > 0 ? round4((p1 - p2) / p2) : null,
    tooFew: expected < minExpectedEvents ? `fewer than ${minExpectedEvents} events expected in the smaller group (${round4(expected)} at the pooled rate)` : null,
  };
}

export type GroupMean = { accounts: number; mean: number | null; interval: Interval | null };
export type MeanLift = { treated: GroupMean; heldOut: GroupMean; difference: number | null; interval: Interval | null; relative: number | null };

const groupMean = (values: readonly number[]): GroupMean => {
  const { n, mean, variance } = meanAndVariance(values);
  const half = variance === null ? null : z95 * Math.sqrt(variance / n);
  return { accounts: n, mean: mean === null ? null : money(mean), interval: mean === null || half === null ? null : { low: money(mean - half), high: money(mean + half) } };
};

/** A per-account amount (pipeline) in both groups: means, their difference and its interval (Welch's standard error). */
export function meanLift(treated: readonly number[], heldOut: readonly number[]): MeanLift {
  const a = meanAndVariance(treated);
  const b = meanAndVariance(heldOut);
  const difference = a.mean === null || b.mean === null ? null : a.mean - b.mean;
  const half = a.variance === null || b.variance === null ? null : z95 * Math.sqrt(a.variance / a.n + b.variance / b.n);
  return {
    treated: groupMean(treated),
    heldOut: groupMean(heldOut),
    difference: difference === null ? null : money(difference),
    interval: difference === null || half === null ? null : { low: money(difference - half), high: money(difference + half) },
    relative: difference === null || !b.mean ? null : round4(difference / b.mean),
  };
}

/** The plain warning when the groups are too small to conclude anything; null when they are not. */
export function smallGroupsWarning(treatedAccounts: number, heldOutAccounts: number): string | null {
  if (treatedAccounts >= minGroupAccounts && heldOutAccounts >= minGroupAccounts) return null;
  return `too few accounts to conclude anything: ${treatedAccounts} treated and ${heldOutAccounts} held out, and each group needs at least ${minGroupAccounts}; read these figures as anecdotes, not as the journey's effect`;
}
