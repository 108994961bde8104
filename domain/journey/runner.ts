// The run of one account's journey, written once: the step loop, what each step kind does, where
// triggers, goals and sales outcomes take the journey. Both drivers run it: the Temporal workflow
// (workflows/account-journey.ts) with effects over activities and timers, and the forecast
// (forecast/simulate.ts) with a jumping clock and engagement known in advance. Pure and
// deterministic: time comes from the effects, every side effect goes through them.
import type { EngagementEvent } from '../engagement/score';
import type { InviteOutcome } from '../programme-events/vocabulary';
import type { EmailStep, GoalKind, HandoffStep, InviteStep, JourneyDefinition, RepTaskStep, Step, WaitForStep } from './definition';
import type { RepTaskStatus } from '../sales/rep-task';
import { parseDuration } from '../time/duration';
import { advance, evaluateCondition, matchGoal, matchTrigger, positionOf, stepAt, waitUntilMs, type JourneyFacts, type Position, type TriggerOutcome, type WaitForOutcome } from './engine';
import { unreachable } from './exhaustive';
import type { JourneyState } from './journey-state';
import { accountConditionWhy, moveFor, stepPathOf, transitionWhy, triggerWhy } from './run-rules';
import { salesReaction, type SalesOutcome } from './sales-reaction';
import { awaitedArrival, describeAwaited, waitForDeadline, wokeText } from './wait-for';
import { paceAfterStep, runawayReason, runsAway } from './step-pace';

/** How a step ended: carried out, cut short by a stop or a move, or the driver can go no further (the forecast's horizon). */
export type StepEnd = 'done' | 'interrupted' | 'halted';

/** How a sleep ended: its moment came, an operator skipped it, something needs the journey, what it waited for came, or the driver stopped. */
/** `woken`: only for a sleep given a `wake` (an invite step's), which the runner's own steps never give. */
export type Slept = 'elapsed' | 'skipped' | 'interrupted' | 'awaited' | 'halted' | 'woken';

/** Changes of the run that journeys begun before them do not take (the workflow's patches). */
export type RunChange = 'email-account-condition' | 'sales-handoff' | 'wait-for-step' | 'won-stage-by-purchase-pattern' | 'stop-busy-loop';

/** The account as the run reads it; the tier may change under a running journey (a review). */
export type RunAccount = { tier: number | null; timezone: string };

export type JourneyEffects = {
  now(): number;
  /** Whether a change applies to this journey; the forecast runs today's code, always. */
  applies(change: RunChange): boolean;
  /** At the top of each turn: the work signals asked for (goal checks, the MQA rule). `halted` ends the run where it is. */
  startTurn(): Promise<'halted' | void>;
  /** Before a step: a version change, a pause or a roll-over may take the turn (`again`). */
  beforeStep(): Promise<'again' | void>;
  /** Sleeps until a moment; `until` ends the sleep early once it holds. `rollOver`: the run may continue as new meanwhile. */
  sleepUntil(wakeAtMs: number, opts: { rollOver: boolean; until?: () => boolean }): Promise<Slept>;
  /** Records entering a step (each execution of it, named by its step path); a wait resumed with its deadline is not entered again. */
  enteredStep(step: Step, stepPath: string): Promise<void>;
  /** Sends an email step's template to its audience. */
  sendToAudience(step: EmailStep, stepPath: string): Promise<StepEnd>;
  /** Records that an email step planned nobody because the account does not meet its condition. */
  notPlanned(step: EmailStep, stepPath: string, why: string): Promise<void>;
  /** Hands the account to sales (a handoff step). */
  handOff(step: HandoffStep): Promise<StepEnd>;
  /** Records what woke a wait_for step. */
  woke(stepPath: string, outcome: WaitForOutcome, event: EngagementEvent | undefined, text: string): Promise<void>;
  /** Carries out an invite step: invitations, reminders, then the account's outcome. */
  invite(step: InviteStep, stepPath: string): Promise<{ outcome?: InviteOutcome } | 'interrupted' | 'halted'>;
  /** Creates a rep_task step's task, or records why not (caps, consent, nobody to ask about); the task's ID when created. */
  createRepTask(step: RepTaskStep, stepPath: string): Promise<{ taskId: string } | undefined>;
  /** A rep task's wait ran out: it expires unless the rep closed it meanwhile; how it ended. */
  expireRepTask(taskId: string): Promise<RepTaskStatus>;
  /** Records entering another stage. */
  enteredStage(from: string, to: string, why: string): Promise<void>;
  /** Records the end of the journey; `goal` names the goal that ended it. */
  ended(status: 'completed' | 'stopped', reason: string, goal?: GoalKind): Promise<void>;
  /** Tells the operators of a fault in the journey itself (the worker's log), beyond its timeline. */
  warn?(message: string): void;
};

export type RunEnd = { kind: 'ended' } | { kind: 'halted' };

export class JourneyRunner {
  /** Steps carried out by this run (the forecast's benchmark counts them). */
  steps = 0;
  /** The account's answer to the invite step just carried out, for advance() to follow. */
  private inviteOutcome: InviteOutcome | undefined;
  /** The ids of the latest steps run, to name the loop of a journey that runs away. */
  private recentSteps: string[] = [];

  constructor(
    /** The definition in force: a version change replaces it. */
    public def: JourneyDefinition,
    readonly state: JourneyState,
    public account: RunAccount,
    private readonly effects: JourneyEffects,
    /** Which entry of the account into the journey this is (absent for the first). */
    private readonly entry?: number,
  ) {}

  facts(): JourneyFacts {
    return this.state.facts(this.effects.now(), this.account.tier);
  }

  /** Names this execution of a step; each call is a new visit, so a step reached again sends again. */
  stepPath(stepId: string): string {
    return stepPathOf(this.state.position.stage, stepId, this.state.nextVisit(stepId), this.entry);
  }

  /** Queues the move an outcome asks for; the run takes it at its next turn. */
  follow(outcome: TriggerOutcome, why: string, goal?: GoalKind): void {
    this.state.pendingMove = moveFor(outcome, why, goal) ?? this.state.pendingMove;
  }

  /** Hears an engagement event once and follows the trigger it matches; false for a redelivery. */
  hear(event: EngagementEvent): boolean {
    if (!this.state.addEvent(event, true)) return false;
    this.follow(matchTrigger(this.def, event, this.state.position.stage), triggerWhy(event));
    return true;
  }

  reachGoal(kind: GoalKind): void {
    this.follow(matchGoal(this.def, kind), goalWhy(kind), kind);
  }

  /** Where a sales outcome takes the journey (domain/journey/sales-reaction.ts). */
  reactToSales(outcome: SalesOutcome, defaultCooldownMs: number | undefined): void {
    const reaction = salesReaction(this.def, this.state.position.stage, outcome, () => this.effects.applies('won-stage-by-purchase-pattern'));
    if (reaction.taskClosed) this.state.salesTaskId = undefined;
    if (reaction.cooldown) this.state.handoffBlockedUntilMs = this.effects.now() + (parseDuration(this.def.sales?.cooldown ?? '') ?? defaultCooldownMs ?? 0);
    if (reaction.move) this.follow(reaction.move.outcome, reaction.move.why, reaction.move.goal);
  }

  /** Runs the journey until it ends, or until the driver can go no further. */
  async run(): Promise<RunEnd> {
    const { state, effects } = this;
    while (!state.ended) {
      if ((await effects.startTurn()) === 'halted') return { kind: 'halted' };
      if (state.stopReason !== undefined) {
        await this.finish('stopped', state.stopReason);
        break;
      }
      const move = state.pendingMove;
      if (move) {
        state.pendingMove = undefined;
        if (move.kind === 'exit') {
          await this.finish('completed', move.reason, move.goal);
          break;
        }
        const target = positionOf(this.def, { stage: move.stage });
        if (target) await this.moveTo(target, move.why);
        else await this.finish('completed', `unknown_target:${move.stage}`);
        continue;
      }
      if ((await effects.beforeStep()) === 'again') continue;

      const step = stepAt(this.def, state.position);
      if (!step) {
        await this.finish('completed', 'journey_complete');
        break;
      }
      state.currentStep = { id: step.id, type: step.type };
      this.steps++;
      if (await this.ranAway(step.id)) break;
      // A wait whose deadline was carried over (a roll-over, a version change that kept it) goes on
      // with the same visit; the step was entered before.
      const resumed = state.waitUntilMs !== undefined;
      const stepPath = this.stepPath(step.id);
      if (!resumed) await effects.enteredStep(step, stepPath);
      const performed = await this.perform(step, stepPath);
      if (performed === 'halted') return { kind: 'halted' };
      if (performed === 'interrupted') continue;

      const woke = typeof performed === 'object' ? performed.woke : undefined;
      const transition = advance(this.def, state.position, { ...this.facts(), inviteOutcome: this.inviteOutcome }, woke);
      this.inviteOutcome = undefined;
      if (transition.kind === 'completed') await this.finish('completed', 'journey_complete');
      else if (transition.kind === 'exit') await this.finish('completed', transition.reason);
      else {
        const why = transitionWhy(step, transition.position.stage !== state.position.stage);
        if (step.type === 'branch') state.note(effects.now(), 'branch', `${step.id} → ${transition.position.stage}/${stepAt(this.def, transition.position)?.id}`);
        await this.moveTo(transition.position, why);
      }
    }
    return { kind: 'ended' };
  }

  /**
   * Counts the step against the pace limit (step-pace.ts) and stops a journey that loops without
   * waiting, saying so on its timeline, in its end reason and in the log. A history recorded
   * before the limit replays as it ran: the patch is asked only when the limit is passed.
   */
  private async ranAway(stepId: string): Promise<boolean> {
    const { state, effects } = this;
    state.stepPace = paceAfterStep(state.stepPace, effects.now());
    this.recentSteps = [...this.recentSteps.slice(-49), stepId];
    if (!runsAway(state.stepPace) || !effects.applies('stop-busy-loop')) return false;
    const ran = new Set(this.recentSteps);
    const reason = runawayReason([...new Set(this.def.stages.flatMap((s) => s.steps.map((x) => x.id)))].filter((id) => ran.has(id)));
    effects.warn?.(`journey stopped: ${reason}`);
    await this.finish('stopped', reason);
    return true;
  }

  /** What each kind of step does; branch, goto and exit are decided by advance(). */
  private async perform(step: Step, stepPath: string): Promise<StepEnd | { woke: WaitForOutcome }> {
    switch (step.type) {
      case 'wait':
        return this.waitStep(step);
      case 'email':
        return this.emailStep(step, stepPath);
      case 'handoff':
        return this.effects.applies('sales-handoff') ? this.effects.handOff(step) : 'done';
      case 'wait_for':
        return this.effects.applies('wait-for-step') ? this.waitForStep(step, stepPath) : 'done';
      case 'invite': {
        const answered = await this.effects.invite(step, stepPath);
        if (typeof answered === 'string') return answered;
        this.inviteOutcome = answered.outcome;
        return 'done';
      }
      case 'rep_task':
        return this.repTaskStep(step, stepPath);
      case 'branch':
      case 'goto':
      case 'exit':
        return 'done';
      default:
        return unreachable(step);
    }
  }

  /** Creates the task; with `wait`, waits until the rep closes it or the timeout expires it. */
  private async repTaskStep(step: RepTaskStep, stepPath: string): Promise<StepEnd> {
    const { state, effects } = this;
    // A wait resumed after a version change goes on waiting for the task it created.
    const resumedTaskId = state.waitUntilMs !== undefined ? state.waitingRepTaskId : undefined;
    const taskId = resumedTaskId ?? (await effects.createRepTask(step, stepPath))?.taskId;
    if (taskId === undefined || step.wait === undefined) return 'done';
    const wakeAt = state.waitUntilMs ?? effects.now() + (parseDuration(step.wait.timeout) ?? 0);
    state.waitUntilMs = undefined;
    state.waitingRepTaskId = taskId;
    state.note(effects.now(), 'task', `waiting for rep task ${taskId} until ${new Date(wakeAt).toISOString()}`);
    const closed = () => state.repTaskEnds[taskId] !== undefined;
    const slept = await effects.sleepUntil(wakeAt, { rollOver: false, until: closed });
    if (slept === 'interrupted' || slept === 'halted') return slept;
    state.waitingRepTaskId = undefined;
    if (!closed()) state.repTaskEnds[taskId] = await effects.expireRepTask(taskId);
    state.note(effects.now(), 'task', `rep task ${taskId} ${state.repTaskEnds[taskId]}`);
    return 'done';
  }

  private async waitStep(step: Extract<Step, { type: 'wait' }>): Promise<StepEnd> {
    const { state, effects } = this;
    // A deadline carried over a roll-over or a version change is kept.
    const wakeAt = state.waitUntilMs ?? waitUntilMs(step, effects.now(), this.account.timezone);
    state.waitUntilMs = undefined;
    state.note(effects.now(), 'wait', `waiting until ${new Date(wakeAt).toISOString()}`);
    return sleptTo(await effects.sleepUntil(wakeAt, { rollOver: true }));
  }

  private async emailStep(step: EmailStep, stepPath: string): Promise<StepEnd> {
    if (step.if !== undefined && this.effects.applies('email-account-condition') && !evaluateCondition(step.if, this.facts())) {
      this.state.note(this.effects.now(), 'email', `${step.template}: not planned, ${accountConditionWhy}`);
      await this.effects.notPlanned(step, stepPath, accountConditionWhy);
      return 'done';
    }
    return this.effects.sendToAudience(step, stepPath);
  }

  /** Waits for an event or the timeout; only events that arrive while the step waits count. */
  private async waitForStep(step: WaitForStep, stepPath: string): Promise<StepEnd | { woke: WaitForOutcome }> {
    const { state, effects } = this;
    const mark = state.eventsReceived;
    const wakeAt = state.waitUntilMs ?? waitForDeadline(step, effects.now());
    state.waitUntilMs = undefined;
    state.note(effects.now(), 'wait', `waiting for ${describeAwaited(step)} until ${new Date(wakeAt).toISOString()}`);
    const arrived = () => awaitedArrival(step, state.eventsSince(mark));
    const slept = await effects.sleepUntil(wakeAt, { rollOver: false, until: () => arrived() !== undefined });
    if (slept === 'interrupted' || slept === 'halted') return slept;
    const event = arrived();
    const woke: WaitForOutcome = event ? 'event' : 'timeout';
    const text = wokeText(step, event, slept === 'skipped');
    state.note(effects.now(), 'wait', text);
    await effects.woke(stepPath, woke, event, text);
    return { woke };
  }

  /** Moves to a position; entering another stage is recorded. Looping within a stage is not re-entering it. */
  private async moveTo(position: Position, why: string): Promise<void> {
    const { state, effects } = this;
    const from = state.position.stage;
    state.position = position;
    // No step of the new position has begun yet (a paused journey waits before it): none is shown,
    // rather than the step left behind, which may be another stage's.
    state.currentStep = null;
    if (position.stage === from) return;
    state.stageEnteredAtMs = effects.now();
    state.note(effects.now(), 'stage', `${from} → ${position.stage} (${why})`);
    await effects.enteredStage(from, position.stage, why);
  }

  private async finish(status: 'completed' | 'stopped', reason: string, goal?: GoalKind): Promise<void> {
    const { state, effects } = this;
    state.status = status;
    state.exitReason = reason;
    state.currentStep = null;
    state.note(effects.now(), 'journey', `${status}: ${reason}`);
    await effects.ended(status, reason, goal);
  }
}

/** A wait step ends with its moment, a skip or what it waited for; a stop, a move or the driver's end cut it short. */
function sleptTo(slept: Slept): StepEnd {
  return slept === 'interrupted' || slept === 'halted' ? slept : 'done';
}

/** Why the journey moves when a goal is reached, as its stage change records it. */
function goalWhy(kind: GoalKind): string {
  switch (kind) {
    case 'account_retired':
    case 'all_contacts_unsubscribed':
      return 'goal';
    case 'handoff_accepted':
      return 'sales accepted';
    default:
      return unreachable(kind);
  }
}
