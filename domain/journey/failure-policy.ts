// What a step does when its activity fails for good. A step with `retries` gives its activity that
// many attempts after the first; then the step has failed: with `skip_on_failure` the journey
// records it and carries on, otherwise the journey stops with reason step_failed:<step id>.
// `skip_on_failure` alone means 3 retries; steps with neither retry until they succeed, as journeys
// always did.
//
// What "failed" means per step kind:
//   - email: the send activity raised on every allowed attempt for a recipient (the database or the
//     mail relay was unreachable across them, the worker died); a `failed`, `skipped` or `bounced`
//     result is an outcome already on the timeline, not a step failure. Skipping gives up that
//     recipient only; the others are still tried.
//   - handoff: the handoff request could not be made.
//   - wait, wait_for, branch, goto, exit: nothing can fail (they run no activity of their own).

import type { EmailStep } from './definition';

const defaultRetries = 3;

/** The failure-policy fields of a step (the same on email and handoff steps). */
export type FailurePolicy = Pick<EmailStep, 'retries' | 'skip_on_failure'>;

export type FailureOutcome = { kind: 'skip' } | { kind: 'stop'; reason: string };

/** Attempts in all, for the activity's retry options; undefined: retry until it succeeds. */
export function maximumAttempts(policy: FailurePolicy): number | undefined {
  const retries = policy.retries ?? (policy.skip_on_failure ? defaultRetries : undefined);
  return retries === undefined ? undefined : retries + 1;
}

export function onStepFailure(stepId: string, policy: FailurePolicy): FailureOutcome {
  return policy.skip_on_failure ? { kind: 'skip' } : { kind: 'stop', reason: `step_failed:${stepId}` };
}
