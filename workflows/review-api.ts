// The account review workflow's public surface. One workflow per review, ID `review/<account-id>/<n>`
// (the review's ID). A person decides a tier-1 review through the `reviewDecision` Update, whose
// validator refuses an invalid decision with one line; payloads carry IDs and codes, never names
// or addresses (`by` is what the reviewer gave the CLI as their name, kept on the timeline).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DecisionRequest, ReviewDecision, ReviewMode, ReviewStatus } from '../domain/reviews/vocabulary';

export type AccountReviewInput = { version: 1; reviewId: string };

export type ReviewDecisionRequest = DecisionRequest & { version: 1 };
export type ReviewDecisionResult = { reviewId: string; decision: ReviewDecision; effect: string };
export const reviewDecisionUpdate = defineUpdate<ReviewDecisionResult, [ReviewDecisionRequest]>('reviewDecision');

export type ReviewView = {
  reviewId: string;
  accountId: string;
  mode: ReviewMode;
  status: ReviewStatus;
  deadlineAtMs: number | null;
  decision: ReviewDecision | null;
  decidedBy: string | null;
};
export const reviewQuery = defineQuery<ReviewView>('review');

/** What the reviewed journey hears of a decision (retire stops every journey of the account with `stop`). */
export type ReviewDecidedSignal = { version: 1; reviewId: string; decision: ReviewDecision; tier?: number; reason: string };
export const reviewDecidedSignal = defineSignal<[ReviewDecidedSignal]>('reviewDecided');
