// The journey's review cadence, running alongside its steps: at each due time it opens the
// account's review and starts the review's workflow (`review/<account-id>/<n>`, abandoned on close
// so it outlives this run), and it carries out what a decision means for this journey. The due
// time lives in the journey's state, so the cadence survives continue-as-new.
//
// What each decision does here: `continue` nothing; `accelerate` ends the wait the journey is in,
// so its next step runs now (a journey not waiting carries on at its pace); `change_tier` gives the
// journey the new tier for its branches and the AccountTier search attribute; `pause` pauses it
// until someone resumes it; `retire` arrives as `stop` too (the review stops every journey).
import { ParentClosePolicy, patched, setHandler, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { ChildWorkflowFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { conditionBy } from './condition-by';
import { acts } from './activity-proxies';
import { AccountTier, ReviewStatus } from '../temporal/search-attributes';
import type { JourneyState } from '../domain/journey/journey-state';
import { reviewDecidedSignal, type AccountReviewInput } from './review-api';

const dayMs = 86_400_000;

export type ReviewedJourney = {
  state: JourneyState;
  accountId: string;
  journeyKey: string;
  /** Whether the journey is asleep in a wait step (an accelerate can end it). */
  waiting: () => boolean;
  tierChanged: (tier: number) => void;
};

export async function runReviewLoop(j: ReviewedJourney): Promise<void> {
  const { state } = j;
  const { workflowId } = workflowInfo();
  // Review work in flight is counted inline (JourneyState.reviewWork): a helper wrapping the
  // promise would add a microtask and could reorder this loop's commands against the steps' in
  // recorded histories.
  /** Set by a change of tier: the next review is counted from that decision. */
  let countFromMs: number | undefined;

  setHandler(reviewDecidedSignal, (d) => {
    if (state.ended) return;
    state.note(Date.now(), 'journey', `review ${d.reviewId}: ${d.decision}${d.tier !== undefined ? ` to tier ${d.tier}` : ''} (${d.reason})`);
    upsertSearchAttributes([{ key: ReviewStatus, value: 'decided' }]);
    if (d.decision === 'accelerate' && j.waiting()) state.skipWaitRequested = true;
    if (d.decision === 'pause') state.paused = true;
    if (d.decision === 'change_tier' && d.tier !== undefined) {
      // The next review follows the new tier's cadence, counted from this decision.
      state.nextReviewAtMs = undefined;
      countFromMs = Date.now();
      state.reviewing = true;
      j.tierChanged(d.tier);
      upsertSearchAttributes([{ key: AccountTier, value: String(d.tier) }]);
    }
  });

  for (;;) {
    if (state.nextReviewAtMs === undefined) {
      // No review comes sooner than a day after the start (the shortest cadence), so the first look
      // at the cadence waits that long: a journey still begins in one activity.
      const firstLook = state.startedAtMs + dayMs;
      if (countFromMs === undefined && firstLook > Date.now()) await conditionBy(() => state.ended, firstLook);
      if (state.ended) return;
      state.reviewWork++;
      try {
        state.nextReviewAtMs = await acts.nextReviewAt({ accountId: j.accountId, fromMs: countFromMs ?? state.startedAtMs });
      } finally {
        state.reviewWork--;
      }
      countFromMs = undefined;
      state.reviewing = false;
    }
    const due = state.nextReviewAtMs;
    if (due > Date.now() && (await conditionBy(() => state.nextReviewAtMs !== due, due))) continue;
    if (state.ended) return;
    state.reviewing = true;
    const now = Date.now();
    const engagement = state.engagement(now);
    const facts = state.facts(now, null);
    state.reviewWork++;
    let answer: Awaited<ReturnType<typeof acts.openReview>>;
    try {
      answer = await acts.openReview({
        accountId: j.accountId,
        journeyWorkflowId: workflowId,
        journeyKey: j.journeyKey,
        nowMs: now,
        engagement,
        stageEnteredAtMs: facts.stageEnteredAtMs,
        eventsSeen: facts.eventsSeen,
      });
    } finally {
      state.reviewWork--;
    }
    if (answer.kind === 'skipped') {
      state.note(Date.now(), 'journey', `review skipped: ${answer.why}`);
    } else if (answer.mine) {
      const review = { workflowId: answer.reviewId, args: [{ version: 1, reviewId: answer.reviewId } satisfies AccountReviewInput] };
      state.reviewWork++;
      try {
        if (answer.mode === 'human' && patched('human-review-started-apart')) {
          // A person's review may take days and outlives runs, so it is not their child
          // (activities/workflow-starts.ts says why).
          await acts.startWorkflowApart({ workflowType: 'accountReview', taskQueue: workflowInfo().taskQueue, ...review });
        } else {
          const child = await startChild('accountReview', { ...review, parentClosePolicy: ParentClosePolicy.ABANDON });
          // A rule review ends at once; the journey holds its roll-over until then, so the review
          // reports to the run that started it.
          if (answer.mode === 'rule') await child.result();
        }
      } catch (err) {
        if (err instanceof ChildWorkflowFailure) {
          // The review failed after applying and recording its decision (a journey could not be
          // told): it stays failed in the Web UI for an admin; this journey goes on to its next review.
          state.note(Date.now(), 'journey', `review ${answer.reviewId} failed: ${err.cause?.message ?? err.message}`);
        } else if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
          // A run that rolled over had already started it; anything else is raised.
          throw err;
        }
      } finally {
        state.reviewWork--;
      }
      if (answer.mode === 'human') {
        state.note(Date.now(), 'journey', `review ${answer.reviewId} waits for a person`);
        // `ReviewStatus = "waiting"` in the Web UI lists the journeys waiting on a review.
        upsertSearchAttributes([{ key: ReviewStatus, value: 'waiting' }]);
      }
    }
    // Another journey of the account holds its open review; this one waits for the next turn.
    state.reviewWork++;
    try {
      state.nextReviewAtMs = await acts.nextReviewAt({ accountId: j.accountId, fromMs: now });
    } finally {
      state.reviewWork--;
    }
    state.reviewing = false;
  }
}
