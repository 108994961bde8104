// The forecast's driver: the journey run of workflows/account-journey.ts, step for step, in memory.
// It keeps the workflow's state (JourneyState) and asks the same pure modules everything the
// workflow asks them (engine, audience planning, contact policy, run rules, the wait_for and invite
// schedules); only the clock and the inbox differ: time jumps from one moment to the next, and
// engagement comes from a list of events known in advance. Nothing here does I/O, so a forecast of
// thousands of accounts takes seconds.
import type { Condition, EmailStep, InviteStep, JourneyDefinition, Step, WaitForStep } from '../domain/journey/definition';
import type { EngagementEvent } from '../domain/engagement/score';
import type { ConsentState } from '../domain/accounts/vocabulary';
import { inviteOutcomeOf } from '../domain/events/invite-outcome';
import { attendanceReported, decidedAtRsvp, inviteSchedule, momentsAfter, outcomeDestination, reminderStepPath, type EventTimes } from '../domain/events/invite-schedule';
import type { InviteOutcome, RegistrationStatus } from '../domain/events/vocabulary';
import { planAudience, describeAudience, invitationAudience } from '../domain/journey/audience';
import { advance, evaluateCondition, matchTrigger, positionOf, stepAt, waitUntilMs, type Position, type WaitForOutcome } from '../domain/journey/engine';
import { accountConditionWhy, handsOffToSales, interruptionText, moveFor, stepPathOf, transitionWhy, triggerWhy } from '../domain/journey/run-rules';
import { awaitedArrival, waitForDeadline, wokeText } from '../domain/journey/wait-for';
import { decideSend, resolvePolicy, type ContactPolicy } from '../domain/policy/contact-policy';
import { seededEngagement, type EngagementSetting } from '../domain/forecast/engagement';
import { JourneyState } from '../domain/journey/journey-state';

export type ForecastContact = { id: string; email: string; role: string; seniority: string | null; consent: string; timezone: string | null };

export type ForecastAccount = {
  id: string;
  domain: string;
  tier: number | null;
  timezone: string;
  /** In the order the send activity's audience query returns them (oldest first). */
  contacts: ForecastContact[];
  /** Engagement before the start, as the journey loads it when it begins. */
  history: EngagementEvent[];
  /** Recent sends to the account's contacts (any journey) that the caps count. */
  recentSends: { contactId: string; atMs: number }[];
  /**
   * Answers to the journey's events recorded before the start, oldest first. Later answers cannot
   * be known: the forecast assumes nobody answers an invitation it sends.
   */
  registrations?: { eventKey: string; contactId: string; status: RegistrationStatus }[];
};

export type ForecastEntryKind = 'sent' | 'held' | 'skipped' | 'not_planned' | 'not_sent' | 'stage' | 'handoff' | 'woke' | 'invite';

/** One line of an account's forecast, shaped like the timeline touch the journey would record. */
export type ForecastEntry = {
  atMs: number;
  kind: ForecastEntryKind;
  contactId?: string | null;
  template?: string;
  stepPath?: string;
  /** A machine-readable reason: `quiet_hours`, `cap:contact`, `already_engaged`, `step_interrupted`, a wait_for's `event`/`timeout`, an invite's outcome... */
  reason?: string;
  /** The same in words. */
  detail?: string;
  /** Until when an email is held. */
  untilMs?: number;
};

export type ForecastEnd = {
  /** `running`: still in the journey when the forecast stops. */
  status: 'completed' | 'running';
  stage: string;
  step: string | null;
  reason: string;
  atMs: number;
};

export type AccountForecast = {
  accountId: string;
  domain: string;
  timezone: string;
  entries: ForecastEntry[];
  end: ForecastEnd;
  /** Steps carried out, for the benchmark's baseline (one engine step each). */
  steps: number;
};

export type ForecastOptions = {
  startMs: number;
  days: number;
  /** The configured contact policy; the journey's own overrides are laid over it here, as the send activity does. */
  policy: ContactPolicy;
  /** The MQA rule of journeys whose `sales` section names none (config/sales.ts). */
  defaultMqa: Condition;
  /** The account's engagement from the start on, oldest first. */
  events: readonly EngagementEvent[];
  /** The times of the events the journey's invite steps name, by key; one missing is not created yet. */
  inviteEvents?: ReadonlyMap<string, EventTimes>;
};

type Slept = 'elapsed' | 'interrupted' | 'horizon' | 'awaited';

const dayMs = 86_400_000;
const maxTurnsWithoutTime = 10_000;

export function forecastAccount(def: JourneyDefinition, account: ForecastAccount, opts: ForecastOptions): AccountForecast {
  const horizonMs = opts.startMs + opts.days * dayMs;
  const policy = resolvePolicy(opts.policy, def.policy);
  const handsOff = handsOffToSales(def);
  const state = new JourneyState(def, opts.startMs);
  for (const event of account.history) state.addEvent(event);
  const entries: ForecastEntry[] = [];
  const contactSends = new Map<string, number[]>();
  const accountSends: number[] = [];
  for (const s of account.recentSends) {
    contactSends.set(s.contactId, [...(contactSends.get(s.contactId) ?? []), s.atMs]);
    accountSends.push(s.atMs);
  }
  let now = opts.startMs;
  let nextEvent = 0;
  // The forecast cannot know what sales will do with a task, so it hands off once at most.
  let handedOff = false;

  const considerHandoff = (trigger: 'mqa' | 'step', always: boolean) => {
    if (handedOff) return;
    if (!always && !evaluateCondition(def.sales?.mqa ?? opts.defaultMqa, state.facts(now, account.tier))) return;
    handedOff = true;
    entries.push({ atMs: now, kind: 'handoff', reason: trigger, detail: trigger === 'step' ? 'the handoff step hands the account to sales' : 'the MQA rule holds' });
  };

  /**
   * Lets time pass until `wakeAtMs`, hearing the events meanwhile as the workflow's signal handler
   * does. A trigger that asks for a move wakes the journey at that moment, as it does the workflow;
   * `awaited` (a wait_for step's event, an invite step's attendance) ends the sleep first, as there.
   */
  const sleepUntil = (wakeAtMs: number, awaited?: () => boolean): Slept => {
    if (awaited?.()) return 'awaited';
    const until = Math.min(wakeAtMs, horizonMs);
    while (nextEvent < opts.events.length && opts.events[nextEvent]!.atMs <= until) {
      const event = opts.events[nextEvent++]!;
      now = Math.max(now, event.atMs);
      if (!state.addEvent(event)) continue;
      state.pendingMove = moveFor(matchTrigger(def, event, state.position.stage), triggerWhy(event)) ?? state.pendingMove;
      if (handsOff) considerHandoff('mqa', false);
      if (awaited?.()) return 'awaited';
      if (state.pendingMove) return 'interrupted';
    }
    now = Math.max(now, until);
    return wakeAtMs > horizonMs ? 'horizon' : 'elapsed';
  };

  const moveTo = (position: Position, why: string) => {
    const from = state.position.stage;
    state.position = position;
    if (position.stage === from) return;
    state.stageEnteredAtMs = now;
    entries.push({ atMs: now, kind: 'stage', reason: why, detail: `${from} → ${position.stage} (${why})` });
  };

  type About = { template: string; stepPath: string };

  /** Who an email step reaches, and the people it leaves out on purpose, as the audience activity records them. */
  const planRecipients = (step: EmailStep, about: About) => {
    const plan = planAudience(step, account.contacts, state.engagement(now));
    for (const c of plan.alreadyEngaged) {
      entries.push({ atMs: now, kind: 'not_planned', contactId: c.id, ...about, reason: 'already_engaged', detail: 'this step is only for contacts who have not engaged yet' });
    }
    if (plan.recipients.length === 0) {
      const detail = `nobody in the account is ${describeAudience(step)}${plan.alreadyEngaged.length ? ' and not engaged yet' : ''}`;
      entries.push({ atMs: now, kind: 'not_planned', contactId: null, ...about, reason: 'nobody_in_audience', detail });
    }
    return plan.recipients;
  };

  /** Each recipient in turn under the contact policy, holding for quiet hours; a move abandons the rest. */
  const sendToEach = (recipients: readonly ForecastContact[], about: About, afterSend?: (contact: ForecastContact) => void): Slept | 'done' => {
    for (const [index, contact] of recipients.entries()) {
      for (;;) {
        const decision = decideSend(
          {
            consent: contact.consent as ConsentState,
            contactSendsMs: contactSends.get(contact.id) ?? [],
            accountSendsMs: accountSends,
            nowMs: now,
            timeZone: contact.timezone ?? account.timezone,
          },
          policy,
        );
        if (decision.decision === 'skip') {
          entries.push({ atMs: now, kind: 'skipped', contactId: contact.id, ...about, reason: decision.reason, detail: decision.detail });
          break;
        }
        if (decision.decision === 'send') {
          entries.push({ atMs: now, kind: 'sent', contactId: contact.id, ...about });
          contactSends.set(contact.id, [...(contactSends.get(contact.id) ?? []), now]);
          accountSends.push(now);
          afterSend?.(contact);
          break;
        }
        entries.push({ atMs: now, kind: 'held', contactId: contact.id, ...about, reason: decision.reason, untilMs: decision.untilMs });
        const slept = sleepUntil(decision.untilMs);
        if (slept === 'horizon') return slept;
        if (slept === 'interrupted') {
          const why = interruptionText(state);
          entries.push({ atMs: now, kind: 'not_sent', contactId: contact.id, ...about, reason: 'held_then_interrupted', detail: why });
          for (const rest of recipients.slice(index + 1)) {
            entries.push({ atMs: now, kind: 'not_sent', contactId: rest.id, ...about, reason: 'step_interrupted', detail: why });
          }
          return slept;
        }
      }
    }
    return 'done';
  };

  const runEmail = (step: EmailStep): Slept | 'done' => {
    const about = { template: step.template, stepPath: stepPathOf(state.position.stage, step.id, state.nextVisit(step.id)) };
    if (step.if !== undefined && !evaluateCondition(step.if, state.facts(now, account.tier))) {
      entries.push({ atMs: now, kind: 'not_planned', contactId: null, ...about, reason: 'account_condition', detail: accountConditionWhy });
      return 'done';
    }
    return sendToEach(planRecipients(step, about), about);
  };

  /** How the last wait_for step ended, for advance() to take its exit. */
  let woke: WaitForOutcome | undefined;

  const runWaitFor = (step: WaitForStep): Slept | 'done' => {
    const stepPath = stepPathOf(state.position.stage, step.id, state.nextVisit(step.id));
    const mark = state.eventsReceived;
    const arrived = () => awaitedArrival(step, state.eventsSince(mark));
    const slept = sleepUntil(waitForDeadline(step, now), () => arrived() !== undefined);
    if (slept === 'horizon' || slept === 'interrupted') return slept;
    const event = arrived();
    woke = event ? 'event' : 'timeout';
    entries.push({ atMs: now, kind: 'woke', contactId: event?.contactId ?? null, stepPath, reason: woke, detail: wokeText(step, event) });
    return 'done';
  };

  /** The account's answer to the invite step just carried out, for advance() to follow. */
  let inviteOutcome: InviteOutcome | undefined;

  /**
   * The invite step as workflows/invite-step.ts runs it. Who will register cannot be known: the
   * answers are those recorded before the start, and the contacts it invites are assumed not to
   * answer (no reminders to them, and the outcome no_response unless earlier answers say otherwise).
   */
  const runInvite = (step: InviteStep): Slept | 'done' => {
    const stepPath = stepPathOf(state.position.stage, step.id, state.nextVisit(step.id));
    const invitation = { template: step.template, stepPath };
    const event = opts.inviteEvents?.get(step.event);
    if (!event) {
      entries.push({ atMs: now, kind: 'not_planned', contactId: null, ...invitation, reason: 'no_event', detail: `there is no event ${step.event} (harpoon events create); nobody invited` });
      return 'done';
    }
    const answers = new Map<string, RegistrationStatus>();
    for (const r of account.registrations ?? []) if (r.eventKey === step.event) answers.set(r.contactId, r.status);
    const schedule = inviteSchedule(step, event);
    if (now < schedule.rsvpAtMs) {
      const invited = sendToEach(planRecipients(invitationAudience(step), invitation), invitation, (c) => {
        if (!answers.has(c.id)) answers.set(c.id, 'invited');
      });
      if (invited !== 'done') return invited;
    } else {
      entries.push({ atMs: now, kind: 'not_planned', contactId: null, ...invitation, reason: 'rsvp_closed', detail: `answers for ${step.event} closed at ${new Date(schedule.rsvpAtMs).toISOString()}; nobody invited` });
    }
    // In the order they answered (the map keeps the recorded answers' order), as the registrants activity lists them.
    const registrants = () =>
      [...answers].flatMap(([id, status]) => (status === 'registered' ? account.contacts.filter((c) => c.id === id) : []));
    const decide = (): 'done' => {
      inviteOutcome = inviteOutcomeOf([...answers.values()]);
      const known = [...answers.values()].some((a) => a !== 'invited');
      const assumption = known ? 'from the answers recorded before the forecast; later ones cannot be known' : 'assumed: a forecast cannot know who registers, so nobody answers';
      entries.push({ atMs: now, kind: 'invite', contactId: null, ...invitation, reason: inviteOutcome, detail: `${step.event} ${inviteOutcome} → ${outcomeDestination(step, inviteOutcome)} (${assumption})` });
      return 'done';
    };
    for (const moment of momentsAfter(schedule, now)) {
      const slept = sleepUntil(moment.atMs);
      if (slept === 'horizon' || slept === 'interrupted') return slept;
      if (moment.offset === undefined) {
        if (decidedAtRsvp(inviteOutcomeOf([...answers.values()]))) return decide();
        continue;
      }
      const reminder = { template: step.reminderTemplate ?? step.template, stepPath: reminderStepPath(stepPath, moment.offset) };
      const reminded = sendToEach(registrants(), reminder);
      if (reminded !== 'done') return reminded;
    }
    const slept = sleepUntil(schedule.lastCallMs, () => attendanceReported(state.events, step.event));
    if (slept === 'horizon' || slept === 'interrupted') return slept;
    return decide();
  };

  const perform = (step: Step): Slept | 'done' => {
    woke = undefined;
    if (step.type === 'wait') return sleepUntil(waitUntilMs(step, now, account.timezone));
    if (step.type === 'email') return runEmail(step);
    if (step.type === 'wait_for') return runWaitFor(step);
    if (step.type === 'invite') return runInvite(step);
    if (step.type === 'handoff') considerHandoff('step', step.always === true);
    return 'done'; // branch, goto and exit are decided by advance()
  };

  const ended = (status: ForecastEnd['status'], reason: string): AccountForecast => ({
    accountId: account.id,
    domain: account.domain,
    timezone: account.timezone,
    entries,
    steps,
    end: { status, stage: state.position.stage, step: status === 'running' ? (stepAt(def, state.position)?.id ?? null) : null, reason, atMs: now },
  });

  // A journey that loops without ever waiting would spin forever; the validator forbids it, and a
  // forecast of a file it has not seen yet stops rather than hangs.
  let steps = 0;
  let turnsWithoutTime = 0;
  let lastTurnMs = now;
  for (;;) {
    turnsWithoutTime = now === lastTurnMs ? turnsWithoutTime + 1 : 0;
    lastTurnMs = now;
    if (turnsWithoutTime > maxTurnsWithoutTime) return ended('running', 'loops through its steps without waiting');
    const move = state.pendingMove;
    if (move) {
      state.pendingMove = undefined;
      if (move.kind === 'exit') return ended('completed', move.reason);
      const target = positionOf(def, { stage: move.stage });
      if (!target) return ended('completed', `unknown_target:${move.stage}`);
      moveTo(target, move.why);
      continue;
    }
    const step = stepAt(def, state.position);
    if (!step) return ended('completed', 'journey_complete');
    steps++;
    const done = perform(step);
    if (done === 'horizon') return ended('running', `still in step ${step.id} after ${opts.days} days`);
    if (done === 'interrupted') continue;

    const transition = advance(def, state.position, { ...state.facts(now, account.tier), inviteOutcome }, woke);
    inviteOutcome = undefined;
    if (transition.kind === 'completed') return ended('completed', 'journey_complete');
    if (transition.kind === 'exit') return ended('completed', transition.reason);
    moveTo(transition.position, transitionWhy(step, transition.position.stage !== state.position.stage));
  }
}

export type JourneyForecastOptions = Omit<ForecastOptions, 'events'> & { engagement: EngagementSetting };

/** Every account's forecast, each with its own seeded engagement. */
export function forecastAccounts(def: JourneyDefinition, accounts: readonly ForecastAccount[], opts: JourneyForecastOptions): AccountForecast[] {
  return accounts.map((account) =>
    forecastAccount(def, account, { ...opts, events: seededEngagement(opts.engagement, account.contacts, opts.startMs, opts.days) }),
  );
}
