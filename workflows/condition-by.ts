// `condition(fn, timeout)` that never cancels its timer: true once `fn` holds, false once `atMs` has
// come. The SDK's version cancels its timer when `fn` wins, and Temporal's time-skipping test server
// strands a run whose workflow task cancels a timer that fired while that task was with the worker:
// it refuses the task ("invalid history builder state for action", sdk-java #3088) and its clock
// stays locked (README, "Why the test clock once stopped"). A timer left to fire costs a real
// server one empty workflow task; a wait woken again and again before the same moment (a journey's
// wait hearing engagement) shares one timer for that moment.
import { condition, patched, sleep } from '@temporalio/workflow';

/** Timers still to fire in this run, by the moment they fire. */
const pending = new Map<number, { fired: boolean }>();

function timerAt(atMs: number): { fired: boolean } {
  let timer = pending.get(atMs);
  if (!timer) {
    const made = { fired: false };
    pending.set(atMs, made);
    void sleep(atMs - Date.now()).then(
      () => {
        made.fired = true;
        pending.delete(atMs);
      },
      // Cancelled only with the whole workflow, whose waits end with it: nothing is left waiting.
      () => pending.delete(atMs),
    );
    timer = made;
  }
  return timer;
}

export async function conditionBy(fn: () => boolean, atMs: number): Promise<boolean> {
  if (!patched('timers-left-to-fire')) return condition(fn, Math.max(0, atMs - Date.now()));
  if (fn()) return true;
  if (atMs <= Date.now()) return false;
  const timer = timerAt(atMs);
  await condition(() => fn() || timer.fired);
  return fn();
}
