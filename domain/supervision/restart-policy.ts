// When a child of `npm start` (the Temporal dev server, the SMTP sink) dies: restart it after a
// growing pause, or give up when it keeps dying, so a broken setup stops with a message instead of
// restarting for ever. Pure: the supervisor (app/supervisor.ts) brings the clock and the history.

export type RestartPolicy = {
  /** Restarts allowed within `windowMs`; one more failure in that window gives up. 0: never restart. */
  maxRestarts: number;
  windowMs: number;
  /** The pause before the 1st, 2nd, ... restart in the window; the last one repeats. */
  backoffMs: readonly number[];
};

export const defaultBackoffMs = [500, 1_000, 2_000, 5_000, 10_000] as const;

export type RestartDecision =
  | { action: 'restart'; attempt: number; delayMs: number }
  | { action: 'give-up'; failures: number; windowMs: number };

/**
 * `failuresAtMs`: when the child died, the failure being decided included (a restart that fails to
 * start counts as a failure too). Failures older than the window are forgotten.
 */
export function decideRestart(policy: RestartPolicy, failuresAtMs: readonly number[], nowMs: number): RestartDecision {
  const recent = failuresAtMs.filter((at) => nowMs - at < policy.windowMs && at <= nowMs).length;
  const attempt = Math.max(recent, 1);
  if (attempt > policy.maxRestarts) return { action: 'give-up', failures: attempt, windowMs: policy.windowMs };
  const schedule = policy.backoffMs.length > 0 ? policy.backoffMs : [0];
  return { action: 'restart', attempt, delayMs: schedule[Math.min(attempt, schedule.length) - 1]! };
}

/** "5 minutes", "90 seconds": a window as a person says it. */
export function sayWindow(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  if (s % 60 === 0) return `${s / 60} minute${s === 60 ? '' : 's'}`;
  return `${s} second${s === 1 ? '' : 's'}`;
}
