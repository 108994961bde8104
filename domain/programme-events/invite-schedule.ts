// When an invite step acts, as both of its drivers read it (workflows/invite-step.ts and the
// forecast, forecast/simulate.ts): answers close at the RSVP deadline, reminders go at their
// offsets before the start, and the step waits at most attendanceWait after the end for attendance.
import type { InviteStep } from '../journey/definition';
import { parseBeforeStart, parseDuration } from '../time/duration';
import type { SeenEvent } from '../journey/engine';
import type { InviteOutcome } from './vocabulary';

export type EventTimes = { startsAtMs: number; endsAtMs: number };

/** A reminder (its offset, e.g. "-7d") or, without one, the RSVP deadline. */
export type InviteMoment = { atMs: number; offset: string | undefined };

export type InviteSchedule = {
  rsvpAtMs: number;
  /** Reminders and the RSVP deadline, in time order. */
  moments: InviteMoment[];
  /** The end plus attendanceWait: the step decides on what is known by then. */
  lastCallMs: number;
};

export function inviteSchedule(step: InviteStep, event: EventTimes): InviteSchedule {
  const rsvpAtMs = event.startsAtMs - (parseBeforeStart(step.rsvpBy ?? '') ?? 0);
  const moments = [
    ...step.reminders.map((offset) => ({ atMs: event.startsAtMs - (parseBeforeStart(offset) ?? 0), offset })),
    { atMs: rsvpAtMs, offset: undefined },
  ].sort((a, b) => a.atMs - b.atMs);
  return { rsvpAtMs, moments, lastCallMs: event.endsAtMs + (parseDuration(step.attendanceWait) ?? 0) };
}

/** The moments still ahead once the invitations went out: a reminder whose moment had passed is not sent late. */
export function momentsAfter(schedule: InviteSchedule, invitedAtMs: number): InviteMoment[] {
  return schedule.moments.filter((m) => m.offset === undefined || m.atMs > invitedAtMs);
}

/** At the RSVP deadline, an account nobody is coming from needs no wait for the event itself. */
export function decidedAtRsvp(outcome: InviteOutcome): boolean {
  return outcome === 'declined' || outcome === 'no_response';
}

/** The attendance import's answer for the event reached the journey (it signals event_attended / event_no_show). */
export function attendanceReported(events: readonly SeenEvent[], eventKey: string): boolean {
  return events.some((e) => (e.type === 'event_attended' || e.type === 'event_no_show') && e.tag === eventKey);
}

/** The step path of a reminder's sends, apart from the invitation's. */
export function reminderStepPath(stepPath: string, offset: string): string {
  return `${stepPath}/reminder${offset}`;
}

/** Where an outcome takes the journey, in words. */
export function outcomeDestination(step: InviteStep, outcome: InviteOutcome): string {
  const target = step.on[outcome];
  return target ? ('stage' in target ? `stage ${target.stage}` : `step ${target.step}`) : 'the next step';
}
