// The invite step, carried out inside the account's journey: invitations to the step's audience
// (with the event's calendar entry and register/decline links), reminders to whoever is registered
// at each reminder's moment, then the account's outcome (domain/programme-events/invite-outcome.ts) for the
// engine to follow. Answers arrive through the database (the links, the attendance import), and as
// engagement signals; the step reads the database at each moment, so it never acts on a stale view.
// Deterministic: time from the workflow clock, every read and send in an activity, IDs only.
import type { InviteStep, EmailStep } from '../domain/journey/definition';
import type { Experiment } from '../domain/measurement/variant-assignment';
import { invitationAudience } from '../domain/journey/audience';
import { attendanceReported, decidedAtRsvp, inviteSchedule, momentsAfter, outcomeDestination, reminderStepPath } from '../domain/programme-events/invite-schedule';
import type { InviteOutcome } from '../domain/programme-events/vocabulary';
import type { StepPlace } from '../activities/audience';
import { patched } from '@temporalio/workflow';
import { acts } from './activity-proxies';
import type { JourneyState } from '../domain/journey/journey-state';

export type SleepUntil = (
  wakeAt: number,
  opts: { rollOver: boolean; until?: () => boolean; wake?: () => boolean },
) => Promise<'elapsed' | 'skipped' | 'interrupted' | 'awaited' | 'woken'>;
export type SendToEach = (
  template: string,
  contactIds: string[],
  place: StepPlace,
  extra?: { invite?: { eventKey: string }; afterSend?: (contactId: string, sendKey: string) => Promise<void>; failurePolicy?: EmailStep; experiment?: Experiment },
) => Promise<'done' | 'interrupted'>;

export type InviteHooks = {
  state: JourneyState;
  run: { workflowId: string; journeyKey: string; accountId: string };
  /** Where the step's sends are keyed: stage, step, entry and visit (unique per run of the step). */
  stepPath: string;
  sendToEach: SendToEach;
  sleepUntil: SleepUntil;
};

const iso = (ms: number) => new Date(ms).toISOString();

export async function runInvite(step: InviteStep, { state, run, stepPath, sendToEach, sleepUntil }: InviteHooks): Promise<'interrupted' | { outcome?: InviteOutcome }> {
  const eventKey = step.event;
  let event = await acts.loadInviteEvent({ eventKey });
  if (!event) {
    state.note(Date.now(), 'email', `invite ${step.id}: there is no event ${eventKey} (harpoon programme-events create); nobody invited`);
    return {};
  }
  // Each wake reads the event's time again: a postponed event's reminders, answers' close and wait
  // for attendance follow it. A move is also signalled (programmeEventMovedSignal), which wakes the
  // step at once: an event moved earlier than its next planned moment is not seen too late. Runs
  // begun before this replay the plan they made once.
  const follows = patched('invite-follows-event-time');
  const ids = { eventKey, accountId: run.accountId };
  const invite = { eventKey };
  let schedule = inviteSchedule(step, event);
  const rsvpAt = schedule.rsvpAtMs;

  if (Date.now() < rsvpAt) {
    const place = { workflowId: run.workflowId, journeyKey: run.journeyKey, stepPath, atMs: Date.now() };
    // The audience is chosen as for an email step; the send path records every skip and hold.
    const contactIds = await acts.resolveAudience({ accountId: run.accountId, step: invitationAudience(step), engagement: state.engagement(Date.now()), place });
    state.note(Date.now(), 'email', `invite ${step.id}: inviting ${contactIds.length} contact(s) to ${eventKey}; answers until ${iso(rsvpAt)}`);
    const afterSend = (contactId: string, sendKey: string) => acts.recordInvited({ ...ids, contactId, workflowId: run.workflowId, journeyKey: run.journeyKey, sendKey, atMs: Date.now() });
    if ((await sendToEach(step.template, contactIds, place, { invite, afterSend })) === 'interrupted') return 'interrupted';
  } else {
    state.note(Date.now(), 'email', `invite ${step.id}: answers for ${eventKey} closed at ${iso(rsvpAt)}; nobody invited`);
  }

  /** The event's time as it is now; true when it moved, and the plan is made again from this moment. */
  const moved = async (): Promise<boolean> => {
    if (!follows) return false;
    const now = await acts.loadInviteEvent({ eventKey });
    if (!now || (now.startsAtMs === event!.startsAtMs && now.endsAtMs === event!.endsAtMs)) return false;
    event = now;
    schedule = inviteSchedule(step, now);
    state.note(Date.now(), 'email', `invite ${step.id}: ${eventKey} moved to ${iso(now.startsAtMs)}; its reminders, answers' close and wait for attendance follow`);
    return true;
  };

  // Reminders and the RSVP deadline in time order (a reminder whose moment had passed before the
  // invitation went out, or before a move, is not sent late), then the event and its attendance:
  // the import signals event_attended / event_no_show; without it, after attendanceWait the step
  // decides on what is known (registered).
  const reported = () => attendanceReported(state.events, eventKey);
  const planFrom = (fromMs: number) => [...momentsAfter(schedule, fromMs), { atMs: schedule.lastCallMs, offset: undefined, lastCall: true }];
  let plan = planFrom(Date.now());
  const moves = () => state.programmeEventMoves[eventKey] ?? 0;
  for (;;) {
    const wake = plan[0]!;
    const lastCall = 'lastCall' in wake;
    const heard = moves();
    const slept = await sleepUntil(wake.atMs, { rollOver: false, ...(lastCall ? { until: reported } : {}), ...(follows ? { wake: () => moves() !== heard } : {}) });
    if (slept === 'interrupted') return 'interrupted';
    if (!(lastCall && reported()) && (await moved())) {
      plan = planFrom(Date.now());
      continue;
    }
    // Woken by news of a move that left the time as it was: the same moment still stands.
    if (slept === 'woken') continue;
    plan = plan.slice(1);
    if (lastCall) break;
    if (wake.offset === undefined) {
      const { outcome } = await acts.inviteOutcome(ids);
      // Nobody is coming: no reason to wait for the event itself.
      if (decidedAtRsvp(outcome)) return decided(state, step, outcome);
      continue;
    }
    const registrants = await acts.eventRegistrants(ids);
    if (registrants.length === 0) continue;
    const place = { workflowId: run.workflowId, journeyKey: run.journeyKey, stepPath: reminderStepPath(stepPath, wake.offset), atMs: Date.now() };
    if ((await sendToEach(step.reminderTemplate ?? step.template, registrants, place, { invite })) === 'interrupted') return 'interrupted';
  }
  const { outcome } = await acts.inviteOutcome(ids);
  return decided(state, step, outcome);
}

function decided(state: JourneyState, step: InviteStep, outcome: InviteOutcome): { outcome: InviteOutcome } {
  state.note(Date.now(), 'event', `invite ${step.id}: ${step.event} ${outcome} → ${outcomeDestination(step, outcome)}`);
  return { outcome };
}
