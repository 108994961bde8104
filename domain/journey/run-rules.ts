// The small decisions of a journey run: the runner (domain/journey/runner.ts) makes most of them,
// and the send paths of both its drivers (workflows/journey-sends.ts, forecast/simulate.ts) the
// rest, so the two cannot drift apart: the same step path names the same email, the same words
// explain a move.
import type { GoalKind, JourneyDefinition, Step } from './definition';
import type { SeenEvent, TriggerOutcome } from './engine';
import { unreachable } from './exhaustive';

/**
 * Names one execution of a step (`engage/intro#1`; `engage/intro#2.1` in an account's second entry
 * into the journey); its sends' idempotency keys contain it, so a re-entry sends again.
 */
export function stepPathOf(stage: string, stepId: string, visit: number, entry = 1): string {
  return `${stage}/${stepId}#${entry > 1 ? `${entry}.` : ''}${visit}`;
}

/** Why the journey moved on from a step, as the stage change records it. */
export function transitionWhy(step: Pick<Step, 'id' | 'type'>, changesStage: boolean): string {
  const kind = step.type;
  switch (kind) {
    case 'branch':
    case 'goto':
      return `${kind} ${step.id}`;
    case 'invite':
    case 'wait_for':
      // Their outcome's exit may lead into another stage: the step is the reason, as a branch's is.
      return changesStage ? `${kind} ${step.id}` : 'next step';
    case 'wait':
    case 'email':
    case 'handoff':
    case 'rep_task':
    case 'exit':
      return 'next step';
    default:
      return unreachable(kind);
  }
}

/** Why an email step plans nobody when the account does not meet its condition (`if`). */
export const accountConditionWhy = "the account does not meet the step's condition (if)";

/**
 * A move a trigger, goal or sales outcome asked for, taken by the run at its next turn. An exit
 * keeps the goal that asked for it, since the journey file may give a goal any exit reason.
 */
export type PendingMove = { kind: 'goto'; stage: string; why: string } | { kind: 'exit'; reason: string; goal?: GoalKind };

/** The move an outcome asks for (none for no outcome). */
export function moveFor(outcome: TriggerOutcome, why: string, goal?: GoalKind): PendingMove | undefined {
  if (outcome?.kind === 'goto') return { kind: 'goto', stage: outcome.stage, why };
  if (outcome?.kind === 'exit') return { kind: 'exit', reason: outcome.reason, ...(goal ? { goal } : {}) };
  return undefined;
}

export type Interruption = { stopReason?: string; pendingMove?: PendingMove };

/** What interrupted a step, in words, for the timeline of the emails it did not send. */
export function interruptionText({ stopReason, pendingMove: move }: Interruption): string {
  if (stopReason !== undefined) return `journey stopped: ${stopReason}`;
  if (move?.kind === 'goto') return `moved to ${move.stage} by ${move.why}`;
  if (move?.kind === 'exit') return `journey exited: ${move.reason}`;
  return 'interrupted';
}

/** A send result that may end the journey: nobody left to reach (a bounce), or the account left the pool. */
export function sendCallsForGoalCheck(result: { status: string; reason?: string }): boolean {
  return result.status === 'bounced' || (result.status === 'skipped' && (result.reason ?? '').startsWith('account:'));
}

/**
 * Journeys that hand off to sales (a `sales` section or a handoff step) check the MQA rule whenever
 * engagement changes; others never do, so journeys from before sales handoffs run as they did.
 */
export function handsOffToSales(def: Pick<JourneyDefinition, 'sales' | 'stages'>): boolean {
  return def.sales !== undefined || def.stages.some((s) => s.steps.some((st) => st.type === 'handoff'));
}

/** An event's trigger, in words: "trigger: clicked (pricing)". */
export function triggerWhy(event: SeenEvent): string {
  return `trigger: ${event.type}${event.tag === undefined ? '' : ` (${event.tag})`}`;
}
