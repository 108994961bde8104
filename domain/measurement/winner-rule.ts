// An A/B test's figures and its winner rule. Each unit (a contact, or an account with split:
// account) counts once its window after its first email has passed: a unit still inside it may yet
// convert, and counting it as not converted would bias the rates toward the variant sent last.
//
// Two variants: the two-proportion z-test of the better against the other. Three or four: the one
// with the best rate is tested against each of the others, and wins only if it beats every one at
// the significance level divided by the number of comparisons (Bonferroni): k − 1 tests at 0.05
// each would declare a false winner far more often than 5 % of the time.
import type { ExperimentMetric, Variant, WinnerRule } from './experiment-schema';
import { parseDuration } from '../time/duration';
import { twoProportionTest } from './two-proportion-test';

/** What is known of one unit of the test. */
export type UnitFacts = {
  variant: string;
  /** When the unit's first email of the step was sent; undefined while none was. */
  firstSentAtMs?: number;
  /** When the unit did what the metric counts (any number of times, any order). */
  conversionsAtMs: number[];
};

export type VariantFigures = {
  key: string;
  /** Units the split gave this variant. */
  assigned: number;
  /** Of those, units with an email sent. */
  sent: number;
  /** Of those, units whose window has passed: the sample. */
  observed: number;
  /** Of the sample, units that converted within the window. */
  converted: number;
  /** converted / observed; null with nothing observed. */
  rate: number | null;
};

export type WinnerDecision =
  | { kind: 'winner'; winner: string; pValue: number; explanation: string }
  | { kind: 'waiting'; explanation: string };

/** Each variant's figures at `nowMs`, in the journey's order. */
export function variantFigures(variants: readonly Pick<Variant, 'key'>[], units: readonly UnitFacts[], within: string, nowMs: number): VariantFigures[] {
  const windowMs = parseDuration(within) ?? 0;
  return variants.map(({ key }) => {
    const mine = units.filter((u) => u.variant === key);
    const sent = mine.filter((u) => u.firstSentAtMs !== undefined);
    const observed = sent.filter((u) => u.firstSentAtMs! + windowMs <= nowMs);
    const converted = observed.filter((u) => u.conversionsAtMs.some((at) => at >= u.firstSentAtMs! && at <= u.firstSentAtMs! + windowMs));
    return {
      key,
      assigned: mine.length,
      sent: sent.length,
      observed: observed.length,
      converted: converted.length,
      rate: observed.length === 0 ? null : converted.length / observed.length,
    };
  });
}

const metricVerb: Record<ExperimentMetric, string> = { clicks: 'clicked', replies: 'replied', mqa: 'became MQA' };

const percent = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);
/** Small p-values in two significant digits, so 0.0004 does not read as 0.000. */
const pText = (p: number) => (p >= 0.01 ? p.toFixed(3) : p.toPrecision(2));
const alphaText = (alpha: number) => String(Math.round(alpha * 10_000) / 10_000);

/** The rule applied to the figures: a winner with the test that decided it, or what the test still needs. */
export function decideWinner(rule: Pick<WinnerRule, 'metric' | 'minSample' | 'confidence' | 'within'>, figures: readonly VariantFigures[]): WinnerDecision {
  const short = figures.filter((f) => f.observed < rule.minSample);
  if (short.length > 0) {
    const has = figures.map((f) => `${f.key} ${f.observed}`).join(', ');
    return { kind: 'waiting', explanation: `needs ${rule.minSample} per variant with their ${rule.within} passed, has ${has}` };
  }
  const verb = metricVerb[rule.metric];
  const ranked = [...figures].sort((x, y) => y.rate! - x.rate!);
  const best = ranked[0]!;
  const others = ranked.slice(1);
  const alpha = 1 - rule.confidence;
  const alphaEach = alpha / others.length;
  const tests = others.map((o) => ({ o, p: twoProportionTest({ converted: best.converted, units: best.observed }, { converted: o.converted, units: o.observed }).pValue }));
  const beatsAll = tests.every((t) => t.p < alphaEach && best.rate! > t.o.rate!);
  if (others.length === 1) {
    const [{ o, p }] = tests as [(typeof tests)[number]];
    const figuresText = `${percent(best.rate)} ${verb} vs ${percent(o.rate)} (n=${best.observed}, ${o.observed}), p=${pText(p)}`;
    return beatsAll
      ? { kind: 'winner', winner: best.key, pValue: p, explanation: `${best.key} wins: ${figuresText} < ${alphaText(alpha)}` }
      : { kind: 'waiting', explanation: `no winner yet: ${best.key} ${figuresText} ≥ ${alphaText(alpha)}; the split goes on` };
  }
  const each = tests.map(({ o, p }) => `${o.key} ${percent(o.rate)} (n=${o.observed}) p=${pText(p)}`).join(', ');
  const level = `${alphaText(alphaEach)} (${alphaText(alpha)} over ${others.length} comparisons)`;
  const lead = `${best.key} ${percent(best.rate)} ${verb} (n=${best.observed}) vs ${each}`;
  return beatsAll
    ? { kind: 'winner', winner: best.key, pValue: Math.max(...tests.map((t) => t.p)), explanation: `${best.key} wins: ${lead}, each < ${level}` }
    : { kind: 'waiting', explanation: `no winner yet: ${lead}; each must be < ${level}; the split goes on` };
}
