// The wait_for step inside the journey workflow: wait for an event (type, tag, roles, by whom) or a
// timeout, whichever comes first, and say on the account's timeline which one woke the journey.
// Only events that arrive while the step waits count: an old click does not end a new wait.
import type { WaitForStep } from '../domain/journey/definition';
import { parseDuration } from '../domain/journey/duration';
import { awaitedEventMatches, type WaitForOutcome } from '../domain/journey/engine';
import type { EngagementEvent } from '../domain/engagement/score';
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

function describeAwaited(step: WaitForStep): string {
  const e = step.event;
  const tag = e.tag === undefined ? '' : ` tagged ${e.tag}`;
  const roles = e.roles === undefined ? '' : ` by a ${e.roles.join(' or ')}`;
  const by = e.by === 'account' ? ' at account level' : e.by === 'contact' && e.roles === undefined ? ' by a contact' : '';
  return `${e.type}${tag}${roles}${by}`;
}

function describeEvent(event: EngagementEvent): string {
  const tag = event.tag === undefined ? '' : ` (${event.tag})`;
  const who = event.contactId === undefined ? ' at account level' : ` by contact ${event.contactId}${event.role ? ` (${event.role})` : ''}`;
  return `${event.type}${tag}${who}`;
}

export async function runWaitFor(step: WaitForStep, ctx: WaitForContext): Promise<WaitForOutcome | 'interrupted'> {
  const { state } = ctx;
  const mark = state.eventsReceived;
  // A deadline carried over a version change (same step id) or a roll-over is kept.
  const wakeAt = state.waitUntilMs ?? Date.now() + (parseDuration(step.timeout) ?? 0);
  state.waitUntilMs = undefined;
  const awaited = describeAwaited(step);
  state.note(Date.now(), 'wait', `waiting for ${awaited} until ${new Date(wakeAt).toISOString()}`);
  const arrived = () => state.eventsSince(mark).find((e) => awaitedEventMatches(step.event, e));
  const woke = await ctx.sleep(wakeAt, () => arrived() !== undefined);
  if (woke === 'interrupted') return 'interrupted';
  const event = arrived();
  const outcome: WaitForOutcome = event ? 'event' : 'timeout';
  const exit = outcome === 'event' ? step.onEvent : step.onTimeout;
  const then = exit === undefined ? 'next step' : 'stage' in exit ? `stage ${exit.stage}` : `step ${exit.step}`;
  const text = event
    ? `${step.id}: woke for ${describeEvent(event)}, going to the ${then}`
    : `${step.id}: no ${awaited} within ${step.timeout}${woke === 'skipped' ? ' (wait skipped by an operator)' : ''}, going to the ${then}`;
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
