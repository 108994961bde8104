// Defence in depth against a journey that loops without waiting. The validator refuses loops that
// can go round in less than an hour (validate.ts, minLoopTurnMs), but a journey published before it
// did may still hold one: a rep_task or an invite that goes on at once, or a wait of a second,
// before a goto back. Such a journey would call activities and write timeline rows without end, so
// the runner counts the steps it runs in each hour of the journey's clock and stops it past a limit.
// Pure, and carried over continue-as-new, so a loop cannot outrun the count by rolling over.

/**
 * At most this many steps within an hour. A journey that passes the validator runs each step of a
 * loop at most once an hour (or once an outside event each), and no journey file holds anywhere near this many steps; a loop with a
 * one-second wait reaches it within six minutes, one without a wait within seconds.
 */
export const paceLimit = { steps: 1000, withinMs: 3_600_000 } as const;

/** Steps run since `sinceMs`, the first step of the current hour's window. */
export type StepPace = { sinceMs: number; steps: number };

/** The pace after one more step at `nowMs`: a new window opens once the last one is an hour old. */
export function paceAfterStep(pace: StepPace | undefined, nowMs: number): StepPace {
  if (pace === undefined || nowMs - pace.sinceMs >= paceLimit.withinMs) return { sinceMs: nowMs, steps: 1 };
  return { sinceMs: pace.sinceMs, steps: pace.steps + 1 };
}

/** Whether the journey ran more steps within the hour than any journey that waits can. */
export const runsAway = (pace: StepPace): boolean => pace.steps > paceLimit.steps;

/** The reason a runaway journey ends with, on its end touch and in its status: what happened and what to do. */
export function runawayReason(stepIds: readonly string[]): string {
  return (
    `busy_loop: ran more than ${paceLimit.steps} steps within an hour without waiting (steps ${stepIds.join(', ')}); ` +
    'give the loop a wait of an hour or more (journeys validate names it), publish the fix and launch the account again'
  );
}
