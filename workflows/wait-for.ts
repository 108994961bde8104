// The wait_for step inside the journey workflow: wait for an event (type, tag, roles, by whom) or a
// timeout, whichever comes first, and say on the account's timeline which one woke the journey.
// Only events that arrive while the step waits count: an old click does not end a new wait.
// What it waits for and how it says so are domain/journey/wait-for.ts, shared with the forecast.
import type { WaitForStep } from '../domain/journey/definition';
import type { WaitForOutcome } from '../domain/journey/engine';
import { awaitedArrival, describeAwaited, waitForDeadline, wokeText } from '../domain/journey/wait-for';
import { acts } from './activity-proxies';
import type { JourneyState } from './journey-state';

/** Sleeps until `wakeAt` unless `until` holds first ('awaited') or something interrupts the journey. */
export type SleepUntil = (wakeAt: number, until: () => boolean) => Promise<'elapsed' | 'skipped' | 'interrupted' | 'awaited'>;

export type WaitForContext = {
  state: JourneyState;
  run: { workflowId: string; journeyKey: string; accountId: string };
  stepPath: string;
  sleep: SleepUntil;
};

export async function runWaitFor(step: WaitForStep, ctx: WaitForContext): Promise<WaitForOutcome | 'interrupted'> {
  const { state } = ctx;
  const mark = state.eventsReceived;
  // A deadline carried over a version change (same step id) or a roll-over is kept.
  const wakeAt = state.waitUntilMs ?? waitForDeadline(step, Date.now());
  state.waitUntilMs = undefined;
  state.note(Date.now(), 'wait', `waiting for ${describeAwaited(step)} until ${new Date(wakeAt).toISOString()}`);
  const arrived = () => awaitedArrival(step, state.eventsSince(mark));
  const woke = await ctx.sleep(wakeAt, () => arrived() !== undefined);
  if (woke === 'interrupted') return 'interrupted';
  const event = arrived();
  const outcome: WaitForOutcome = event ? 'event' : 'timeout';
  const text = wokeText(step, event, woke === 'skipped');
  state.note(Date.now(), 'wait', text);
  await acts.recordLifecycleNote({
    ...ctx.run,
    stepPath: ctx.stepPath,
    atMs: Date.now(),
    type: 'lifecycle_woke',
    contactId: event?.contactId,
    detail: { woke: outcome, eventId: event?.eventId, text },
  });
  return outcome;
}
