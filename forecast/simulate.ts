// The forecast's driver: the journey run of workflows/account-journey.ts, step for step, in memory.
// It keeps the workflow's state (JourneyState) and asks the same pure modules everything the
// workflow asks them (engine, audience planning, contact policy, run rules); only the clock and
// the inbox differ: time jumps from one moment to the next, and engagement comes from a list of
// events known in advance. Nothing here does I/O, so a forecast of thousands of accounts takes seconds.
import type { Condition, EmailStep, JourneyDefinition, Step } from '../domain/journey/definition';
import type { EngagementEvent } from '../domain/engagement/score';
import type { ConsentState } from '../domain/accounts/vocabulary';
import { planAudience, describeAudience } from '../domain/journey/audience';
import { advance, evaluateCondition, matchTrigger, positionOf, stepAt, waitUntilMs, type Position } from '../domain/journey/engine';
import { handsOffToSales, interruptionText, moveFor, stepPathOf, transitionWhy, triggerWhy } from '../domain/journey/run-rules';
import { decideSend, resolvePolicy, type ContactPolicy } from '../domain/policy/contact-policy';
import { seededEngagement, type EngagementSetting } from '../domain/forecast/engagement';
import { JourneyState } from '../workflows/journey-state';

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
};

export type ForecastEntryKind = 'sent' | 'held' | 'skipped' | 'not_planned' | 'not_sent' | 'stage' | 'handoff';

/** One line of an account's forecast, shaped like the timeline touch the journey would record. */
export type ForecastEntry = {
  atMs: number;
  kind: ForecastEntryKind;
  contactId?: string | null;
  template?: string;
  stepPath?: string;
  /** A machine-readable reason: `quiet_hours`, `cap:contact`, `already_engaged`, `step_interrupted`... */
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
};

type Slept = 'elapsed' | 'interrupted' | 'horizon';

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
   * does. A trigger that asks for a move wakes the journey at that moment, as it does the workflow.
   */
  const sleepUntil = (wakeAtMs: number): Slept => {
    const until = Math.min(wakeAtMs, horizonMs);
    while (nextEvent < opts.events.length && opts.events[nextEvent]!.atMs <= until) {
      const event = opts.events[nextEvent++]!;
      now = Math.max(now, event.atMs);
      if (!state.addEvent(event)) continue;
      state.pendingMove = moveFor(matchTrigger(def, event, state.position.stage), triggerWhy(event)) ?? state.pendingMove;
      if (handsOff) considerHandoff('mqa', false);
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

  const runEmail = (step: EmailStep): Slept | 'done' => {
    const stepPath = stepPathOf(state.position.stage, step.id, state.nextVisit(step.id));
    const about = { template: step.template, stepPath };
    const plan = planAudience(step, account.contacts, state.engagement(now));
    for (const c of plan.alreadyEngaged) {
      entries.push({ atMs: now, kind: 'not_planned', contactId: c.id, ...about, reason: 'already_engaged', detail: 'this step is only for contacts who have not engaged yet' });
    }
    if (plan.recipients.length === 0) {
      const detail = `nobody in the account is ${describeAudience(step)}${plan.alreadyEngaged.length ? ' and not engaged yet' : ''}`;
      entries.push({ atMs: now, kind: 'not_planned', contactId: null, ...about, reason: 'nobody_in_audience', detail });
    }
    for (const [index, contact] of plan.recipients.entries()) {
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
          break;
        }
        entries.push({ atMs: now, kind: 'held', contactId: contact.id, ...about, reason: decision.reason, untilMs: decision.untilMs });
        const slept = sleepUntil(decision.untilMs);
        if (slept === 'horizon') return slept;
        if (slept === 'interrupted') {
          const why = interruptionText(state);
          entries.push({ atMs: now, kind: 'not_sent', contactId: contact.id, ...about, reason: 'held_then_interrupted', detail: why });
          for (const rest of plan.recipients.slice(index + 1)) {
            entries.push({ atMs: now, kind: 'not_sent', contactId: rest.id, ...about, reason: 'step_interrupted', detail: why });
          }
          return slept;
        }
      }
    }
    return 'done';
  };

  const perform = (step: Step): Slept | 'done' => {
    if (step.type === 'wait') return sleepUntil(waitUntilMs(step, now, account.timezone));
    if (step.type === 'email') return runEmail(step);
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

    const transition = advance(def, state.position, state.facts(now, account.tier));
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
