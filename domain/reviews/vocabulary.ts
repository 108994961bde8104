// The words of an account review: what a review can decide, how a review stands, and the checks a
// human decision must pass. Workflow-safe (no zod): the review workflow's Update validator uses
// checkReviewDecision, so a refusal reads the same in the CLI and in the tests.
import { field } from '../fields/field-ref';

export const reviewDecisions = ['continue', 'accelerate', 'change_tier', 'pause', 'retire'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

/** `rule`: tiers 2 and 3, decided by the configured rules; `human`: tier 1, a review task for a person. */
export type ReviewMode = 'rule' | 'human';
export type ReviewStatus = 'waiting' | 'decided';

/**
 * A decision as it arrives: `tier` only for change_tier; `byRepId`, the deciding person as a sales
 * rep's ID (IDs and codes only in Temporal, never a name or an address).
 */
export type DecisionRequest = { decision: string; reason?: string; tier?: number; byRepId?: string };

/** What the validator knows of the review it guards. */
export type ReviewFacts = { status: ReviewStatus; mode: ReviewMode; tier: number | null; decision?: string };

export const isDecision = (text: string): text is ReviewDecision => (reviewDecisions as readonly string[]).includes(text);

/** Why this decision cannot be taken on this review (one line, naming what to fix), or null. */
export function checkReviewDecision(review: ReviewFacts, request: DecisionRequest): string | null {
  if (review.status === 'decided') return `this review is already decided (${review.decision ?? 'decided'}): wait for the next one, or steer the journey with "harpoon journeys"`;
  if (review.mode !== 'human') return 'this review is decided by the rules of its tier, not by a person';
  if (!isDecision(request.decision)) return `"${request.decision}" is not a decision: expected one of ${reviewDecisions.join(', ')}`;
  if (!request.reason?.trim()) return `a decision needs ${field('reason')}: say why, for the account's timeline`;
  if (request.decision === 'change_tier') {
    if (request.tier === undefined || ![1, 2, 3].includes(request.tier)) return `change_tier needs ${field('tier')} 1, 2 or 3`;
    if (request.tier === review.tier) return `the account is already tier ${request.tier}: give another ${field('tier')}, or decide continue`;
  } else if (request.tier !== undefined) {
    return `${field('tier')} goes with change_tier only, not with ${request.decision}`;
  }
  return null;
}

/** What each decision does, in the words the timeline and the README use. */
export function describeDecision(decision: ReviewDecision, tier?: number): string {
  switch (decision) {
    case 'continue':
      return 'the journey carries on as planned';
    case 'accelerate':
      return 'the current wait ends now and the journey moves on to its next step';
    case 'change_tier':
      return `the account moves to tier ${tier}`;
    case 'pause':
      return 'the journey is paused until someone resumes it';
    case 'retire':
      return "the account leaves the pool and its journeys stop";
  }
}
