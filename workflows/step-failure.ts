// The failure policy of a step (domain/journey/failure-policy.ts) inside the journey workflow: the
// step's activity runs with its limit on attempts, and a step that failed for good is recorded on
// the account's timeline before the journey skips it or stops.
import { ActivityFailure } from '@temporalio/workflow';
import { maximumAttempts, onStepFailure, type FailureOutcome, type FailurePolicy } from '../domain/journey/failure-policy';
import type { StepFailure } from '../activities/lifecycle-records';
import { acts, limitedActivities } from './activity-proxies';
import type { JourneyState } from '../domain/journey/journey-state';

export type LimitedActivities = ReturnType<typeof limitedActivities>;

/** The step's activities with its limit on attempts, or undefined for a step that retries until it succeeds. */
export function activitiesFor(policy: FailurePolicy): LimitedActivities | undefined {
  const attempts = maximumAttempts(policy);
  return attempts === undefined ? undefined : limitedActivities(attempts);
}

/**
 * Runs a step's activity under its failure policy. Only an activity that failed on every attempt
 * counts as the step failing; anything else (a bug in the workflow, a cancellation) propagates.
 */
export async function underFailurePolicy<T>(
  run: () => Promise<T>,
  ctx: { state: JourneyState; stepId: string; policy: FailurePolicy; record: Omit<StepFailure, 'error' | 'then' | 'stepId' | 'atMs'> },
): Promise<{ ok: true; value: T } | { ok: false; outcome: FailureOutcome }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const outcome = onStepFailure(ctx.stepId, ctx.policy);
    const error = err.cause?.message ?? err.message;
    const then = outcome.kind === 'skip' ? 'skipped (skip_on_failure), the journey carries on' : `the journey stops (${outcome.reason})`;
    ctx.state.note(Date.now(), 'journey', `step ${ctx.stepId} failed: ${error}; ${then}`);
    await acts.recordStepFailure({ ...ctx.record, stepId: ctx.stepId, error, then, atMs: Date.now() });
    return { ok: false, outcome };
  }
}
