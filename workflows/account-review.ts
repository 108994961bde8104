// One account review from opening to its decision's effects. Tiers 2 and 3: the rules decided when
// the review opened (activities/reviews.ts) and this applies it. Tier 1: a person decides through
// the validated `reviewDecision` Update; with no decision by the deadline the configured default
// applies and the timeline says so. Then the account-level effects (tier, pool) are recorded in one
// activity, the reviewed journey hears the decision, and a retirement stops the account's journeys.
import { allHandlersFinished, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { conditionBy } from './condition-by';
import { acts } from './activity-proxies';
import { checkReviewDecision, describeDecision, type ReviewDecision, type ReviewStatus as Status } from '../domain/reviews/vocabulary';
import { AccountId, ReviewStatus } from '../temporal/search-attributes';
import { stopSignal } from './journey-api';
import { tellJourney } from './tell-journey';
import { reviewDecidedSignal, reviewDecisionUpdate, reviewQuery, type AccountReviewInput, type ReviewView } from './review-api';

type Decided = { decision: ReviewDecision; tier?: number; reason: string; by: string; rule?: string };

export async function accountReview(input: AccountReviewInput): Promise<ReviewView> {
  const { reviewId } = input;
  const facts = await acts.loadReviewFacts(reviewId);
  let status: Status = facts.status;
  let decided: Decided | undefined;
  let applied = false;

  const view = (): ReviewView => ({
    reviewId,
    accountId: facts.accountId,
    mode: facts.mode,
    status,
    deadlineAtMs: facts.deadlineAtMs,
    decision: decided?.decision ?? null,
    decidedBy: decided?.by ?? null,
  });

  setHandler(reviewQuery, view);
  setHandler(
    reviewDecisionUpdate,
    async (request) => {
      // Set before the first await, so a second decision's validator already sees this one.
      status = 'decided';
      const decision = request.decision as ReviewDecision;
      decided = { decision, reason: request.reason!.trim(), by: request.byRepId ? `rep:${request.byRepId}` : 'a reviewer', ...(request.tier !== undefined ? { tier: request.tier } : {}) };
      await condition(() => applied);
      return { reviewId, decision, effect: describeDecision(decision, request.tier) };
    },
    {
      validator: (request) => {
        const problem = checkReviewDecision({ status, mode: facts.mode, tier: facts.tier, decision: decided?.decision }, request);
        if (problem) throw new Error(problem);
      },
    },
  );

  upsertSearchAttributes([
    { key: AccountId, value: facts.accountId },
    { key: ReviewStatus, value: status },
  ]);

  if (facts.mode === 'rule') {
    const rule = facts.ruleDecision ?? { decision: 'continue' as const, rule: 'no rule matched' };
    decided = { ...rule, by: 'rule', reason: `rule ${rule.rule}` };
  } else if (!(await conditionBy(() => decided !== undefined, facts.deadlineAtMs ?? Date.now()))) {
    decided = {
      decision: facts.defaultDecision,
      by: 'default',
      rule: 'deadline default',
      reason: `nobody decided by the deadline ${new Date(facts.deadlineAtMs ?? Date.now()).toISOString()}: the configured default (${facts.defaultDecision}) applies`,
    };
  }
  const d = decided!;
  status = 'decided';
  const { journeysToStop } = await acts.applyReviewDecision({ reviewId, ...d, nowMs: Date.now() });
  applied = true;
  upsertSearchAttributes([{ key: ReviewStatus, value: status }]);

  // A journey that missed the decision for any reason but its end fails this review, where admins see it.
  const decision = `the decision of review ${reviewId} (applied and recorded)`;
  await tellJourney(facts.journeyWorkflowId, decision, reviewDecidedSignal, {
    version: 1,
    reviewId,
    decision: d.decision,
    reason: d.reason,
    ...(d.tier !== undefined ? { tier: d.tier } : {}),
  });
  for (const workflowId of journeysToStop) await tellJourney(workflowId, decision, stopSignal, { reason: `account retired by review ${reviewId}` });

  await condition(allHandlersFinished);
  return view();
}
