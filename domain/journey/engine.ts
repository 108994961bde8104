// The journey's state machine, pure: where the journey starts, which step comes next, where a branch
// or trigger sends it, when a wait ends. The workflow is a thin loop that carries out the step at
// the current position and asks this module where to go; the tests drive it in milliseconds.
import type { EngagementSummary } from '../engagement/score';
import type { InviteOutcome } from '../programme-events/vocabulary';
import type { AwaitedEvent, Condition, EventPattern, GoalKind, JourneyDefinition, Target, WaitStep } from './definition';
import { parseDuration } from '../time/duration';
import { unreachable } from './exhaustive';
import { nextLocalTime, parseClockTime } from '../time/local-time';
import { normaliseTag, weekdays, type EventType } from './terms';

export type Position = { stage: string; stepIndex: number };

/** All the walk needs of a journey, so the validator can walk a file that is only partly valid. */
export type JourneyLayout = { stages: readonly { key: string; steps: readonly { id: string }[] }[] };
type StepOf<L extends JourneyLayout> = L['stages'][number]['steps'][number];

function firstStepFrom(layout: JourneyLayout, stageIndex: number): Position | null {
  for (let i = stageIndex; i < layout.stages.length; i++) {
    const stage = layout.stages[i]!;
    if (stage.steps.length > 0) return { stage: stage.key, stepIndex: 0 };
  }
  return null;
}

function stageIndexOf(layout: JourneyLayout, key: string): number {
  return layout.stages.findIndex((s) => s.key === key);
}

export function startPosition(def: JourneyLayout): Position {
  // A journey without steps (never valid) is simply complete from the start.
  return firstStepFrom(def, 0) ?? { stage: def.stages[0]?.key ?? '', stepIndex: 0 };
}

/** The step at a position; undefined once the journey has run past its last step (completed). */
export function stepAt<L extends JourneyLayout>(def: L, pos: Position): StepOf<L> | undefined {
  return def.stages[stageIndexOf(def, pos.stage)]?.steps[pos.stepIndex];
}

/** The next step in the stage, else the first step of the next stage, else null (the end). */
export function nextPosition(def: JourneyLayout, pos: Position): Position | null {
  const index = stageIndexOf(def, pos.stage);
  const stage = def.stages[index];
  if (!stage) return null;
  if (pos.stepIndex + 1 < stage.steps.length) return { stage: stage.key, stepIndex: pos.stepIndex + 1 };
  return firstStepFrom(def, index + 1);
}

/** Where a target points, or null when no such stage or step exists. */
export function positionOf(def: JourneyLayout, target: Target): Position | null {
  if ('stage' in target) {
    const index = stageIndexOf(def, target.stage);
    return index < 0 ? null : firstStepFrom(def, index);
  }
  for (const stage of def.stages) {
    const stepIndex = stage.steps.findIndex((s) => s.id === target.step);
    if (stepIndex >= 0) return { stage: stage.key, stepIndex };
  }
  return null;
}

export type SeenEvent = { type: EventType; tag?: string };

export type JourneyFacts = {
  nowMs: number;
  tier: number | null;
  stageEnteredAtMs: number;
  engagement: EngagementSummary;
  /** Events of the account since the journey started. */
  eventsSeen: SeenEvent[];
  /** The account's answer to the invite step just carried out. */
  inviteOutcome?: InviteOutcome;
};

export function eventMatches(pattern: EventPattern, event: SeenEvent): boolean {
  if (pattern.type !== event.type) return false;
  return pattern.tag === undefined || (event.tag !== undefined && normaliseTag(event.tag) === normaliseTag(pattern.tag));
}

/** Whether an arriving event is the one a wait_for step waits for. */
export function awaitedEventMatches(awaited: AwaitedEvent, event: SeenEvent & { contactId?: string; role?: string }): boolean {
  if (!eventMatches(awaited, event)) return false;
  const by = awaited.by ?? 'any';
  if (by === 'contact' && event.contactId === undefined) return false;
  if (by === 'account' && event.contactId !== undefined) return false;
  return awaited.roles === undefined || (event.role !== undefined && awaited.roles.some((r) => r === event.role));
}

export function evaluateCondition(cond: Condition, facts: JourneyFacts): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, facts));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, facts));
  if ('not' in cond) return !evaluateCondition(cond.not, facts);
  if ('engagementScore' in cond) {
    const { gte, lt } = cond.engagementScore;
    const score = facts.engagement.score;
    return (gte === undefined || score >= gte) && (lt === undefined || score < lt);
  }
  if ('engagedRoles' in cond) {
    const { includes = [], countAtLeast = 0 } = cond.engagedRoles;
    const engaged = facts.engagement.engagedRoles;
    return includes.every((r) => engaged.includes(r)) && engaged.length >= countAtLeast;
  }
  if ('tier' in cond) return facts.tier !== null && cond.tier.in.some((t) => t === facts.tier);
  if ('timeInStage' in cond) {
    const ms = parseDuration(cond.timeInStage.gte);
    return ms !== null && facts.nowMs - facts.stageEnteredAtMs >= ms;
  }
  if ('eventSeen' in cond) {
    const pattern = cond.eventSeen;
    return facts.eventsSeen.some((e) => eventMatches(pattern, e));
  }
  return unreachable(cond);
}

export type TriggerOutcome = { kind: 'goto'; stage: string } | { kind: 'exit'; reason: string } | null;

/**
 * What an arriving event does. A rule for the event's tag wins over a rule for any event of the
 * type, whatever their order in the file; among equals the first wins. A goto to the stage the
 * journey is already in does nothing, so a second pricing click does not restart `convert`.
 */
export function matchTrigger(def: JourneyDefinition, event: SeenEvent, currentStage?: string): TriggerOutcome {
  const matching = def.triggers.filter((t) => eventMatches(t.on, event));
  const rule = matching.find((t) => t.on.tag !== undefined) ?? matching[0];
  if (!rule) return null;
  if ('exit' in rule.then) return { kind: 'exit', reason: rule.then.exit };
  return rule.then.goto === currentStage ? null : { kind: 'goto', stage: rule.then.goto };
}

/** Retired accounts and fully unsubscribed buying groups always leave; declaring the goal names the reason. */
const alwaysExitOn: ReadonlySet<GoalKind> = new Set(['account_retired', 'all_contacts_unsubscribed']);

/** Whether reaching a goal ends the journey, and with which reason. */
export function matchGoal(def: JourneyDefinition, when: GoalKind): TriggerOutcome {
  const goal = def.goals.find((g) => g.when === when);
  if (goal) return { kind: 'exit', reason: goal.exit };
  return alwaysExitOn.has(when) ? { kind: 'exit', reason: when } : null;
}

/** When a wait step ends: after its duration, or at the next weekday/time in the account's time zone. */
export function waitUntilMs(step: WaitStep, nowMs: number, timeZone: string): number {
  if (step.until) {
    const { weekday } = step.until;
    const onDay = weekday === undefined ? undefined : (day: number) => weekdays[day] === weekday;
    return nextLocalTime(nowMs, timeZone, parseClockTime(step.until.time), onDay);
  }
  // The schema guarantees a valid duration; were it missing, moving on beats stalling forever.
  return nowMs + (parseDuration(step.duration ?? '') ?? 0);
}

export type Transition = { kind: 'step'; position: Position } | { kind: 'exit'; reason: string } | { kind: 'completed' };

/** How a wait_for step ended: the event came, or the timeout passed first. */
export type WaitForOutcome = 'event' | 'timeout';

function continueAfter(def: JourneyDefinition, pos: Position): Transition {
  const next = nextPosition(def, pos);
  return next ? { kind: 'step', position: next } : { kind: 'completed' };
}

function jump(def: JourneyDefinition, target: Target): Transition {
  const position = positionOf(def, target);
  // Validation rules out unknown targets; a stored definition that still has one exits, never crashes.
  if (!position) return { kind: 'exit', reason: `unknown_target:${'stage' in target ? target.stage : target.step}` };
  return { kind: 'step', position };
}

/**
 * Where the journey goes once the step at `pos` has been carried out (the wait has ended, the email
 * has been handed to the send activity). Branches are decided here, on the facts of this moment; a
 * wait_for step leaves by the exit of what woke it (`woke`).
 */
export function advance(def: JourneyDefinition, pos: Position, facts: JourneyFacts, woke?: WaitForOutcome): Transition {
  const step = stepAt(def, pos);
  if (!step) return { kind: 'completed' };
  switch (step.type) {
    case 'wait_for': {
      const target = woke === 'event' ? step.onEvent : step.onTimeout;
      return target ? jump(def, target) : continueAfter(def, pos);
    }
    case 'wait':
    case 'email':
    case 'handoff':
    case 'rep_task':
      return continueAfter(def, pos);
    case 'branch': {
      const target = evaluateCondition(step.if, facts) ? step.then : step.else;
      return target ? jump(def, target) : continueAfter(def, pos);
    }
    case 'goto':
      return jump(def, { stage: step.stage });
    case 'invite': {
      const target = facts.inviteOutcome === undefined ? undefined : step.on[facts.inviteOutcome];
      return target ? jump(def, target) : continueAfter(def, pos);
    }
    case 'exit':
      return { kind: 'exit', reason: step.reason };
    default:
      return unreachable(step);
  }
}
