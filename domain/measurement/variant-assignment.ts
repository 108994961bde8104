// Which variant of an A/B-tested email step a contact or an account gets: a stable hash of the
// step's seed and the unit's id picks a point in [0, 1), and the variants' weights cut that interval
// into buckets. The same unit always lands in the same bucket, so the send activity (at send time)
// and the forecast (in memory) agree without sharing any state, and a retried send keeps its variant.
// Free of zod and I/O: the workflow imports experimentOf.
import type { EmailStep } from '../journey/definition';
import type { SplitUnit, Variant, WinnerRule } from './experiment-schema';

/** An email step's A/B test as the send activity receives it with each send. */
export type Experiment = {
  journeyKey: string;
  journeyVersion: number;
  stepId: string;
  /** The step's own template: a variant without a template of its own sends this one. */
  baseTemplate: string;
  split: SplitUnit;
  seed: string;
  variants: Variant[];
  winner: WinnerRule;
};

/** The step's test, or undefined for an ordinary email step. */
export function experimentOf(journeyKey: string, journeyVersion: number, step: EmailStep): Experiment | undefined {
  if (!step.variants || !step.winner) return undefined;
  return {
    journeyKey,
    journeyVersion,
    stepId: step.id,
    baseTemplate: step.template,
    split: step.split ?? 'contact',
    seed: step.seed ?? defaultSeed(journeyKey, step.id),
    variants: step.variants,
    winner: step.winner,
  };
}

export const defaultSeed = (journeyKey: string, stepId: string) => `${journeyKey}/${stepId}`;

/** The id the split is made on: the contact's, or the account's when everyone there gets the same variant. */
export const unitOf = (split: SplitUnit, ids: { contactId: string; accountId: string }) => (split === 'account' ? ids.accountId : ids.contactId);

/**
 * A point in [0, 1) from the seed and the unit: FNV-1a over the text, then MurmurHash3's final mix
 * so that ids differing in one character spread over the whole interval.
 */
export function unitPoint(seed: string, unitId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}\u0000${unitId}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

const weightOf = (v: Variant) => v.weight ?? 1;

/** Each variant's share of the split, in the order the journey lists them. */
export function variantShares(variants: readonly Variant[]): { key: string; share: number }[] {
  const total = variants.reduce((sum, v) => sum + weightOf(v), 0);
  return variants.map((v) => ({ key: v.key, share: weightOf(v) / total }));
}

/** The variant whose bucket holds the unit's point: buckets follow the journey's order, each as wide as its share. */
export function assignVariant(experiment: Pick<Experiment, 'seed' | 'variants'>, unitId: string): Variant {
  const point = unitPoint(experiment.seed, unitId);
  let upper = 0;
  const shares = variantShares(experiment.variants);
  for (const [i, { share }] of shares.entries()) {
    upper += share;
    if (point < upper) return experiment.variants[i]!;
  }
  // Rounding can leave the sum of the shares a hair below 1.
  return experiment.variants.at(-1)!;
}

/** The template a variant sends. */
export const templateOf = (experiment: Pick<Experiment, 'baseTemplate'>, variant: Variant) => variant.template ?? experiment.baseTemplate;

/** Why a unit got its variant from the split, in words for the timeline. */
export function splitWhy(experiment: Pick<Experiment, 'split' | 'seed' | 'variants'>): string {
  const shares = variantShares(experiment.variants)
    .map((s) => `${s.key} ${Math.round(s.share * 1000) / 10}%`)
    .join(', ');
  return `seeded split by ${experiment.split} (seed ${experiment.seed}; ${shares})`;
}
