// How the journey workflow waits: it sleeps until a moment but wakes for whatever needs it meanwhile
// (a stop, a move, a goal to check, a pause to record, a version change), does the work signals
// asked for, and rolls over into a new run (continue-as-new) when its history grows long.
import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import type { GoalKind } from '../domain/journey/definition';
import type { JourneyState } from '../domain/journey/journey-state';
import { acts } from './activity-proxies';
import { conditionBy } from './condition-by';
import type { SleepUntil } from './invite-step';
import type { AccountJourneyInput } from './journey-api';
import type { accountJourney } from './account-journey';

const defaultHistoryLimit = 10_000;

export type WaitContext = {
  input: AccountJourneyInput;
  state: JourneyState;
  /** The version in force, which the next run keeps. */
  journeyVersion: () => number;
  /** Checks the MQA rule (engagement changed in a journey that hands off). */
  considerHandoff: () => Promise<void>;
  reachGoal: (kind: GoalKind) => void;
};

export type JourneyWaits = {
  sleepUntil: SleepUntil;
  /** Goal checks and status mirroring that a signal asked for; may queue an exit. */
  housekeeping: () => Promise<void>;
  rollOverDue: () => boolean;
  rollOver: (waitUntil?: number) => Promise<never>;
  /** Whether this run may close (see below). */
  closable: (reviewWorkCounts: boolean) => boolean;
  /** When the journey's current sleep ends; null when it is not asleep. */
  nextWakeAtMs: () => number | null;
};

export function journeyWaits({ input, state, journeyVersion, considerHandoff, reachGoal }: WaitContext): JourneyWaits {
  const { workflowId } = workflowInfo();
  let recordedPaused = state.paused;
  let nextWakeAtMs: number | null = null;

  const rollOverDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? defaultHistoryLimit);
  };
  /**
   * Whether this run may close: no handler running, and no review work in flight, whose result (an
   * activity's, a rule review's completion) would otherwise arrive for a closed run. The time-skipping
   * test server keeps such work's time lock for good (README, "Why the test clock once stopped").
   */
  const closable = (reviewWorkCounts: boolean) => allHandlersFinished() && (!reviewWorkCounts || state.reviewWork === 0);
  const rollOver = async (waitUntil?: number): Promise<never> => {
    const reviewWorkCounts = patched('review-work-settled');
    await condition(() => closable(reviewWorkCounts) && !state.reviewing);
    return continueAsNew<typeof accountJourney>({ ...input, journeyVersion: journeyVersion(), carried: state.carry(waitUntil) });
  };

  const housekeeping = async () => {
    if (state.handoffCheckDue) {
      state.handoffCheckDue = false;
      // A paused journey hands the account to nobody (a handoff reaches out to it as an email
      // does); resuming asks again. The check is dropped, not kept due, so a paused wait sleeps.
      const held = state.paused && patched('no-handoff-while-paused');
      if (patched('sales-handoff') && !held) await considerHandoff();
    }
    if (state.goalCheckDue) {
      state.goalCheckDue = false;
      const goals = await acts.checkGoals({ accountId: input.accountId });
      if (goals.accountRetired) reachGoal('account_retired');
      else if (goals.allContactsUnsubscribed) reachGoal('all_contacts_unsubscribed');
    }
    if (state.paused !== recordedPaused) {
      recordedPaused = state.paused;
      await acts.recordJourneyProgress({ workflowId, status: state.paused ? 'paused' : 'running', atMs: Date.now() });
    }
  };

  /**
   * `until` ends the sleep early once it holds (a wait_for step's event, an invite step's attendance
   * import). Waits (`rollOver`, or `until`) are safe points for a version change. `wake` ends it as
   * `woken`, for its caller to look again (an invite step's event moved); it makes no safe point.
   */
  const sleepUntil: SleepUntil = async (wakeAt, opts) => {
    const safePoint = opts.rollOver || opts.until !== undefined;
    for (;;) {
      if (opts.until?.()) return 'awaited';
      const remaining = wakeAt - Date.now();
      if (remaining <= 0 || opts.until?.()) return 'elapsed';
      nextWakeAtMs = wakeAt;
      const woke = await conditionBy(
        () =>
          state.interrupted ||
          state.paused !== recordedPaused ||
          (opts.rollOver && rollOverDue()) ||
          (opts.until?.() ?? false) ||
          (opts.wake?.() ?? false) ||
          (safePoint && state.versionChange !== undefined),
        wakeAt,
      );
      nextWakeAtMs = null;
      if (!woke) return 'elapsed';
      if (opts.until?.()) return 'awaited';
      if (opts.wake?.()) return 'woken';
      if (safePoint && state.versionChange !== undefined) {
        // The wait resumes with the same deadline if the new version has the same step.
        state.waitUntilMs = wakeAt;
        return 'interrupted';
      }
      if (state.skipWaitRequested) {
        state.skipWaitRequested = false;
        state.note(Date.now(), 'wait', 'wait skipped by an operator');
        return 'skipped';
      }
      await housekeeping();
      if (state.stopReason !== undefined || state.pendingMove) return 'interrupted';
      if (opts.rollOver && rollOverDue()) await rollOver(wakeAt);
    }
  };

  return { sleepUntil, housekeeping, rollOverDue, rollOver, closable, nextWakeAtMs: () => nextWakeAtMs };
}
