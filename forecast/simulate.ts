// Just over 300 lines on purpose: the runner's effects are one object over one simulated clock.
// The forecast's driver: the journey's one runner (domain/journey/runner.ts), the same the workflow
// drives, with in-memory effects. Only the clock and the inbox differ: time jumps from one moment to
// the next, engagement comes from a list of events known in advance, and sends are decided by the
// contact policy here rather than by the send activity. Nothing here does I/O, so a forecast of
// thousands of accounts takes seconds.
import type { Condition, EmailStep, InviteStep, JourneyDefinition } from '../domain/journey/definition';
import type { EngagementEvent } from '../domain/engagement/score';
import type { ConsentState } from '../domain/accounts/vocabulary';
import { inviteOutcomeOf } from '../domain/programme-events/invite-outcome';
import { attendanceReported, decidedAtRsvp, inviteSchedule, momentsAfter, outcomeDestination, reminderStepPath, type EventTimes } from '../domain/programme-events/invite-schedule';
import type { InviteOutcome, RegistrationStatus } from '../domain/programme-events/vocabulary';
import { planAudience, describeAudience, invitationAudience } from '../domain/journey/audience';
import { stepAt } from '../domain/journey/engine';
import { isMqa } from '../domain/sales/mqa-rule';
import { handsOffToSales, interruptionText } from '../domain/journey/run-rules';
import { JourneyRunner, type JourneyEffects, type Slept, type StepEnd } from '../domain/journey/runner';
import { decideSend, decideTouch, resolvePolicy, type ContactPolicy } from '../domain/policy/contact-policy';
import { repTaskContact, repTaskDueMs, type RepTaskChannel } from '../domain/sales/rep-task';
import { seededEngagement, type EngagementSetting } from '../domain/forecast/engagement';
import { JourneyState } from '../domain/journey/journey-state';
import { assignVariant, experimentOf, templateOf, unitOf } from '../domain/measurement/variant-assignment';

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
  /** Recent sends to the account's contacts (any journey) and rep tasks (contactId null: about the account) that the caps count. */
  recentSends: { contactId: string | null; atMs: number }[];
  /** The zone rep tasks are due in: the owner's, else (the default) the account's. */
  taskTimeZone?: string;
  /**
   * Answers to the journey's events recorded before the start, oldest first. Later answers cannot
   * be known: the forecast assumes nobody answers an invitation it sends.
   */
  registrations?: { eventKey: string; contactId: string; status: RegistrationStatus }[];
};

export type ForecastEntryKind = 'sent' | 'held' | 'skipped' | 'not_planned' | 'not_sent' | 'stage' | 'handoff' | 'woke' | 'invite' | 'rep_task' | 'rep_task_skipped';

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
  /** A rep task's channel, and when it would be due. */
  channel?: RepTaskChannel;
  dueMs?: number;
  /** The A/B variant the seeded split gives the recipient (domain/measurement/variant-assignment.ts). */
  variant?: string;
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

const dayMs = 86_400_000;

export async function forecastAccount(def: JourneyDefinition, account: ForecastAccount, opts: ForecastOptions): Promise<AccountForecast> {
  const horizonMs = opts.startMs + opts.days * dayMs;
  const policy = resolvePolicy(opts.policy, def.policy);
  const handsOff = handsOffToSales(def);
  const state = new JourneyState(def, opts.startMs);
  for (const event of account.history) state.addEvent(event);
  const entries: ForecastEntry[] = [];
  const contactSends = new Map<string, number[]>();
  const accountSends: number[] = [];
  const touched = (contactId: string | null, atMs: number) => {
    if (contactId !== null) contactSends.set(contactId, [...(contactSends.get(contactId) ?? []), atMs]);
    accountSends.push(atMs);
  };
  for (const s of account.recentSends) touched(s.contactId, s.atMs);
  let now = opts.startMs;
  let nextEvent = 0;
  // The forecast cannot know what sales will do with a task, so it hands off once at most.
  let handedOff = false;

  const considerHandoff = (trigger: 'mqa' | 'step', always: boolean) => {
    if (handedOff) return;
    if (!always && !isMqa(def, opts.defaultMqa, state.facts(now, account.tier))) return;
    handedOff = true;
    entries.push({ atMs: now, kind: 'handoff', reason: trigger, detail: trigger === 'step' ? 'the handoff step hands the account to sales' : 'the MQA rule holds' });
  };

  /**
   * Lets time pass until `wakeAtMs`, hearing the events meanwhile as the workflow's signal handler
   * does. A trigger that asks for a move wakes the journey at that moment, as it does the workflow;
   * `awaited` (a wait_for step's event, an invite step's attendance) ends the sleep first, as there.
   * `halted`: the moment lies past the forecast's horizon.
   */
  const sleepUntil = (wakeAtMs: number, awaited?: () => boolean): Slept => {
    if (awaited?.()) return 'awaited';
    const until = Math.min(wakeAtMs, horizonMs);
    while (nextEvent < opts.events.length && opts.events[nextEvent]!.atMs <= until) {
      const event = opts.events[nextEvent++]!;
      now = Math.max(now, event.atMs);
      if (!runner.hear(event)) continue;
      if (handsOff) considerHandoff('mqa', false);
      if (awaited?.()) return 'awaited';
      if (state.pendingMove) return 'interrupted';
    }
    now = Math.max(now, until);
    return wakeAtMs > horizonMs ? 'halted' : 'elapsed';
  };

  type About = { template: string; stepPath: string; variant?: string };
  /** What an email is about, the same for every recipient or, for an A/B-tested step, each recipient's variant. */
  type AboutEach = About | ((contact: ForecastContact) => About);

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
  const sendToEach = (recipients: readonly ForecastContact[], aboutEach: AboutEach, afterSend?: (contact: ForecastContact) => void): StepEnd => {
    const aboutOf = (contact: ForecastContact) => (typeof aboutEach === 'function' ? aboutEach(contact) : aboutEach);
    for (const [index, contact] of recipients.entries()) {
      const about = aboutOf(contact);
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
          touched(contact.id, now);
          afterSend?.(contact);
          break;
        }
        entries.push({ atMs: now, kind: 'held', contactId: contact.id, ...about, reason: decision.reason, untilMs: decision.untilMs });
        const slept = sleepUntil(decision.untilMs);
        if (slept === 'halted') return slept;
        if (slept === 'interrupted') {
          const why = interruptionText(state);
          entries.push({ atMs: now, kind: 'not_sent', contactId: contact.id, ...about, reason: 'held_then_interrupted', detail: why });
          for (const rest of recipients.slice(index + 1)) {
            entries.push({ atMs: now, kind: 'not_sent', contactId: rest.id, ...aboutOf(rest), reason: 'step_interrupted', detail: why });
          }
          return slept;
        }
      }
    }
    return 'done';
  };

  /**
   * The invite step as workflows/invite-step.ts runs it. Who will register cannot be known: the
   * answers are those recorded before the start, and the contacts it invites are assumed not to
   * answer (no reminders to them, and the outcome no_response unless earlier answers say otherwise).
   */
  const runInvite = (step: InviteStep, stepPath: string): { outcome?: InviteOutcome } | 'interrupted' | 'halted' => {
    const invitation = { template: step.template, stepPath };
    const event = opts.inviteEvents?.get(step.event);
    if (!event) {
      entries.push({ atMs: now, kind: 'not_planned', contactId: null, ...invitation, reason: 'no_event', detail: `there is no event ${step.event} (harpoon programme-events create); nobody invited` });
      return {};
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
    const decide = () => {
      const outcome = inviteOutcomeOf([...answers.values()]);
      const known = [...answers.values()].some((a) => a !== 'invited');
      const assumption = known ? 'from the answers recorded before the forecast; later ones cannot be known' : 'assumed: a forecast cannot know who registers, so nobody answers';
      entries.push({ atMs: now, kind: 'invite', contactId: null, ...invitation, reason: outcome, detail: `${step.event} ${outcome} → ${outcomeDestination(step, outcome)} (${assumption})` });
      return { outcome };
    };
    for (const moment of momentsAfter(schedule, now)) {
      const slept = sleepUntil(moment.atMs);
      if (slept === 'halted' || slept === 'interrupted') return slept;
      if (moment.offset === undefined) {
        if (decidedAtRsvp(inviteOutcomeOf([...answers.values()]))) return decide();
        continue;
      }
      const reminder = { template: step.reminderTemplate ?? step.template, stepPath: reminderStepPath(stepPath, moment.offset) };
      const reminded = sendToEach(registrants(), reminder);
      if (reminded !== 'done') return reminded;
    }
    const slept = sleepUntil(schedule.lastCallMs, () => attendanceReported(state.events, step.event));
    if (slept === 'halted' || slept === 'interrupted') return slept;
    return decide();
  };

  let end: { status: ForecastEnd['status']; reason: string } | undefined;
  // A journey that loops without waiting (a file the validator has not seen, or one published
  // before it refused such loops) ends as the workflow ends it, by the runner's pace limit.
  const effects: JourneyEffects = {
    now: () => now,
    applies: () => true,
    startTurn: async () => {},
    beforeStep: async () => {},
    sleepUntil: async (wakeAtMs, { until }) => sleepUntil(wakeAtMs, until),
    // The forecast reports emails and ends, not visits.
    enteredStep: async () => {},
    sendToAudience: async (step, stepPath) => {
      const about = { template: step.template, stepPath };
      // The split the send activity makes, from the same seed; a winner decided later cannot be known here.
      const experiment = experimentOf(def.key, 0, step);
      const aboutEach: AboutEach = experiment
        ? (contact) => {
            const variant = assignVariant(experiment, unitOf(experiment.split, { contactId: contact.id, accountId: account.id }));
            return { template: templateOf(experiment, variant), stepPath, variant: variant.key };
          }
        : about;
      return sendToEach(planRecipients(step, about), aboutEach);
    },
    notPlanned: async (step, stepPath, why) => {
      entries.push({ atMs: now, kind: 'not_planned', contactId: null, template: step.template, stepPath, reason: 'account_condition', detail: why });
    },
    handOff: async (step) => {
      considerHandoff('step', step.always === true);
      return 'done';
    },
    woke: async (stepPath, outcome, event, text) => {
      entries.push({ atMs: now, kind: 'woke', contactId: event?.contactId ?? null, stepPath, reason: outcome, detail: text });
    },
    invite: async (step, stepPath) => runInvite(step, stepPath),
    createRepTask: async (step, stepPath) => {
      const about = { template: step.title, stepPath, channel: step.channel };
      const contact = step.about ? repTaskContact(account.contacts, step.about.roles) : null;
      if (step.about && !contact) {
        entries.push({ atMs: now, kind: 'rep_task_skipped', contactId: null, ...about, reason: 'nobody_in_audience', detail: `nobody in the account has the role ${step.about.roles.join(' or ')}` });
        return undefined;
      }
      const decision = decideTouch(
        { consent: contact ? (contact.consent as ConsentState) : null, contactSendsMs: contact ? (contactSends.get(contact.id) ?? []) : [], accountSendsMs: accountSends, nowMs: now },
        policy,
      );
      if (decision.decision === 'skip') {
        entries.push({ atMs: now, kind: 'rep_task_skipped', contactId: contact?.id ?? null, ...about, reason: decision.reason, detail: decision.detail });
        return undefined;
      }
      entries.push({ atMs: now, kind: 'rep_task', contactId: contact?.id ?? null, ...about, dueMs: repTaskDueMs(now, step.due, account.taskTimeZone ?? account.timezone) });
      touched(contact?.id ?? null, now);
      return { taskId: stepPath };
    },
    // When a rep acts cannot be known: a task the journey waits for is assumed to run to its timeout.
    expireRepTask: async () => 'expired',
    enteredStage: async (from, to, why) => {
      entries.push({ atMs: now, kind: 'stage', reason: why, detail: `${from} → ${to} (${why})` });
    },
    ended: async (_status, reason) => {
      end = { status: 'completed', reason };
    },
  };
  const runner = new JourneyRunner(def, state, account, effects);

  const ran = await runner.run();
  if (ran.kind === 'halted' && end === undefined) end = { status: 'running', reason: `still in step ${state.currentStep?.id} after ${opts.days} days` };
  return {
    accountId: account.id,
    domain: account.domain,
    timezone: account.timezone,
    entries,
    steps: runner.steps,
    end: { status: end!.status, stage: state.position.stage, step: end!.status === 'running' ? (stepAt(def, state.position)?.id ?? null) : null, reason: end!.reason, atMs: now },
  };
}

export type JourneyForecastOptions = Omit<ForecastOptions, 'events'> & { engagement: EngagementSetting };

/** Every account's forecast, each with its own seeded engagement. */
export async function forecastAccounts(def: JourneyDefinition, accounts: readonly ForecastAccount[], opts: JourneyForecastOptions): Promise<AccountForecast[]> {
  const forecasts: AccountForecast[] = [];
  for (const account of accounts) {
    forecasts.push(await forecastAccount(def, account, { ...opts, events: seededEngagement(opts.engagement, account.contacts, opts.startMs, opts.days) }));
  }
  return forecasts;
}
