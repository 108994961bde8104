// The wait_for step's decisions, as the journey's runner (domain/journey/runner.ts) makes them for
// both its drivers: until when it waits, which arriving event wakes it, and how the account's
// timeline says why it woke.
import type { EngagementEvent } from '../engagement/score';
import type { WaitForStep } from './definition';
import { parseDuration } from '../time/duration';
import { awaitedEventMatches, type WaitForOutcome } from './engine';

/** The step's timeout from the moment it starts waiting. */
export function waitForDeadline(step: WaitForStep, nowMs: number): number {
  return nowMs + (parseDuration(step.timeout) ?? 0);
}

/** The first of the events that arrived while the step waits that it waits for, if any. */
export function awaitedArrival(step: WaitForStep, arrived: readonly EngagementEvent[]): EngagementEvent | undefined {
  return arrived.find((e) => awaitedEventMatches(step.event, e));
}

/** What the step waits for, in words: "clicked tagged pricing by a decision_maker". */
export function describeAwaited(step: WaitForStep): string {
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

/** Why the step woke and where the journey goes, as the timeline's `lifecycle_woke` says it. */
export function wokeText(step: WaitForStep, event: EngagementEvent | undefined, skipped = false): string {
  const outcome: WaitForOutcome = event ? 'event' : 'timeout';
  const exit = outcome === 'event' ? step.onEvent : step.onTimeout;
  const then = exit === undefined ? 'next step' : 'stage' in exit ? `stage ${exit.stage}` : `step ${exit.step}`;
  return event
    ? `${step.id}: woke for ${describeEvent(event)}, going to the ${then}`
    : `${step.id}: no ${describeAwaited(step)} within ${step.timeout}${skipped ? ' (wait skipped by an operator)' : ''}, going to the ${then}`;
}
