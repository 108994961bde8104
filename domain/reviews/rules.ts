// Tiers 2 and 3 are reviewed by rules: the first rule of the account's tier whose conditions hold
// decides, and the review records its name. A rule's `when` is a condition in the language of
// branches; `valueScore` and `coverage` add what only a review recomputes (the account's value
// score and its buying-group coverage). Pure and workflow-safe.
import type { Condition } from '../journey/definition';
import { evaluateCondition, type JourneyFacts } from '../journey/engine';
import type { ReviewDecision } from './vocabulary';

export type Range = { gte?: number; lt?: number };

export type ReviewRule = {
  name: string;
  tiers: number[];
  when?: Condition;
  /** The recomputed value score, 0-100 (an account without one matches no range). */
  valueScore?: Range;
  /** Share of key buying-group roles with a reachable contact, 0-1. */
  coverage?: Range;
  decide: ReviewDecision;
  /** For change_tier: the tier the account moves to. */
  tier?: 1 | 2 | 3;
};

export type ReviewEvidenceFacts = JourneyFacts & { valueScore: number | null; coverage: number };

export type RuleDecision = { decision: ReviewDecision; rule: string; tier?: 1 | 2 | 3 };

const inRange = (value: number | null, range: Range | undefined) =>
  range === undefined || (value !== null && (range.gte === undefined || value >= range.gte) && (range.lt === undefined || value < range.lt));

/** The decision of the first matching rule; `continue` (rule "no rule matched") when none does. */
export function decideByRules(rules: readonly ReviewRule[], facts: ReviewEvidenceFacts): RuleDecision {
  for (const rule of rules) {
    if (facts.tier === null || !rule.tiers.includes(facts.tier)) continue;
    if (rule.decide === 'change_tier' && (rule.tier === undefined || rule.tier === facts.tier)) continue;
    if (!inRange(facts.valueScore, rule.valueScore) || !inRange(facts.coverage, rule.coverage)) continue;
    if (rule.when && !evaluateCondition(rule.when, facts)) continue;
    return rule.decide === 'change_tier' ? { decision: rule.decide, rule: rule.name, tier: rule.tier } : { decision: rule.decide, rule: rule.name };
  }
  return { decision: 'continue', rule: 'no rule matched' };
}

/** How long between two reviews of an account of this tier (an untiered account is reviewed like tier 3). */
export function reviewIntervalMs(cadenceDays: readonly number[], tier: number | null): number {
  const days = cadenceDays[(tier ?? 3) - 1] ?? cadenceDays.at(-1) ?? 60;
  return days * 86_400_000;
}
