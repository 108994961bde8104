// Account reviews: how often each tier is reviewed, how long a person has to decide a tier-1 review
// and what applies when nobody does, and the rules that decide tiers 2 and 3. The default rules
// are below; REVIEW_RULES_FILE (JSON or YAML, a list of rules) replaces them whole and is validated
// here as the configuration is read, each problem named by its path in the file.
import { z } from 'zod';
import { conditionSchema } from '../domain/journey/definition';
import type { ReviewRule } from '../domain/reviews/rules';
import { reviewDecisions, type ReviewDecision } from '../domain/reviews/vocabulary';
import { checkedData, readDataFile, type FileRead } from './data-file';
import { optionalString } from './env-values';
import { ConfigError } from './errors';

export type ReviewConfig = {
  /** Days between reviews for tiers 1, 2 and 3. */
  cadenceDays: number[];
  /** How long a tier-1 review waits for a person's decision. */
  deadlineMs: number;
  /** What applies to a tier-1 review nobody decided by its deadline. */
  defaultDecision: Exclude<ReviewDecision, 'change_tier'>;
  rules: ReviewRule[];
};

/**
 * Tier 2: a warm account stops waiting (accelerate); one silent for two months in its stage drops
 * to tier 3. Tier 3: a buying group that engages with two key roles rises to tier 2; an account of
 * little value that nobody in it answered for half a year is retired, making room in the pool.
 */
export const defaultReviewRules: ReviewRule[] = [
  { name: 'tier2-warm', tiers: [2], when: { engagementScore: { gte: 30 } }, decide: 'accelerate' },
  { name: 'tier2-silent', tiers: [2], when: { all: [{ engagementScore: { lt: 1 } }, { timeInStage: { gte: '60d' } }] }, decide: 'change_tier', tier: 3 },
  { name: 'tier3-rising', tiers: [3], when: { all: [{ engagementScore: { gte: 30 } }, { engagedRoles: { countAtLeast: 2 } }] }, decide: 'change_tier', tier: 2 },
  { name: 'tier3-dormant', tiers: [3], valueScore: { lt: 30 }, when: { all: [{ engagementScore: { lt: 1 } }, { timeInStage: { gte: '180d' } }] }, decide: 'retire' },
];

export const defaultReviewConfig: ReviewConfig = {
  cadenceDays: [14, 30, 60],
  deadlineMs: 5 * 86_400_000,
  defaultDecision: 'continue',
  rules: defaultReviewRules,
};

const range = z.strictObject({ gte: z.number().optional(), lt: z.number().optional() });
const tierValue = z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'expected tier 1, 2 or 3' });

export const reviewRuleSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'expected a name, recorded with each decision the rule makes'),
    tiers: z.array(z.union([z.literal(2), z.literal(3)], { error: 'rules decide tiers 2 and 3 (tier 1 is reviewed by a person)' })).min(1),
    when: conditionSchema.optional(),
    valueScore: range.optional(),
    coverage: range.optional(),
    decide: z.enum(reviewDecisions, { error: `expected one of ${reviewDecisions.join(', ')}` }),
    tier: tierValue.optional(),
  })
  .refine((r) => (r.decide === 'change_tier') === (r.tier !== undefined), {
    error: 'change_tier needs the tier to move to (tier: 1, 2 or 3), and only change_tier takes one',
    path: ['tier'],
  });

function readReviewRules(file: string): FileRead<ReviewRule[]> {
  const data = readDataFile(file);
  return data.problems ? data : (checkedData(data.value, z.array(reviewRuleSchema)) as FileRead<ReviewRule[]>);
}

/** The rules in `file`, validated; a bad file is one ConfigError naming every problem. */
export function loadReviewRules(file: string): ReviewRule[] {
  const read = readReviewRules(file);
  if (read.problems) throw new ConfigError(read.problems.map((p) => `${file}: ${p}`));
  return read.value;
}

/** REVIEW_RULES_FILE: the rules it holds; unset, undefined (the defaults apply). */
export const reviewRulesFile = optionalString.transform((file, ctx) => {
  if (file === undefined) return undefined;
  const read = readReviewRules(file);
  for (const message of read.problems ?? []) ctx.addIssue({ code: 'custom', message });
  return read.value ?? z.NEVER;
});
