// Where a sales outcome takes the journey: the journey file decides (its `sales` section), and a won
// account goes to the stage of its lifecycle after the sale (`expand`, `deliver`), or the stage for
// its purchase pattern (`expand-periodic`) when the journey has one.
import type { Lifecycle } from '../sales/after-won';
import type { GoalKind, JourneyDefinition } from './definition';
import { matchGoal, type TriggerOutcome } from './engine';
import { unreachable } from './exhaustive';

/** What the handing-off journey hears of its task. */
export type SalesOutcome = {
  outcome: 'accepted' | 'rejected' | 'opportunity' | 'won' | 'lost';
  reason?: string;
  /** For `won`: where the account goes next, by its purchase pattern. */
  lifecycle?: Lifecycle;
  /** For `won`: the account's purchase pattern, which picks the stage `<lifecycle>-<pattern>` when the journey has one. */
  purchasePattern?: string;
};

export type SalesReaction = {
  /** The move the outcome asks for, with why (and the goal, when a goal decides it); none when the journey stays where it is. */
  move?: { outcome: TriggerOutcome; why: string; goal?: GoalKind };
  /** The task is over for this journey (it may hand off again). */
  taskClosed: boolean;
  /** A rejection blocks a new handoff for the cooldown. */
  cooldown: boolean;
};

/**
 * The reaction to one outcome. `byPattern` says whether a won account may go to the stage of its
 * purchase pattern: asked only when the journey has such a stage (the workflow asks its patch then).
 */
export function salesReaction(def: JourneyDefinition, currentStage: string, outcome: SalesOutcome, byPattern: () => boolean): SalesReaction {
  switch (outcome.outcome) {
    case 'accepted': {
      const onAccepted = def.sales?.onAccepted;
      const target: TriggerOutcome =
        onAccepted && 'goto' in onAccepted
          ? { kind: 'goto', stage: onAccepted.goto }
          : onAccepted
            ? { kind: 'exit', reason: onAccepted.exit }
            : (matchGoal(def, 'handoff_accepted') ?? { kind: 'exit', reason: 'handoff_accepted' });
      // Without onAccepted the handoff_accepted goal decides (declared, or its default exit).
      const goal = onAccepted ? {} : { goal: 'handoff_accepted' as const };
      return { move: { outcome: target, why: 'sales accepted', ...goal }, taskClosed: false, cooldown: false };
    }
    case 'rejected': {
      const back = def.sales?.onRejected?.goto;
      const move = back && back !== currentStage ? { outcome: { kind: 'goto', stage: back } as const, why: `sales rejected: ${outcome.reason ?? 'no reason'}` } : undefined;
      return { ...(move ? { move } : {}), taskClosed: true, cooldown: true };
    }
    case 'won': {
      const stage = wonStage(def, outcome, byPattern);
      return { move: { outcome: stage ? { kind: 'goto', stage } : { kind: 'exit', reason: 'won' }, why: 'sales won the account' }, taskClosed: true, cooldown: false };
    }
    case 'lost':
      return { taskClosed: true, cooldown: false };
    case 'opportunity':
      // The task goes on; the journey waits for its end.
      return { taskClosed: false, cooldown: false };
    default:
      return unreachable(outcome.outcome);
  }
}

/** The stage a won account goes to, or undefined when the journey has none for it (it exits). */
export function wonStage(def: Pick<JourneyDefinition, 'stages'>, outcome: Pick<SalesOutcome, 'lifecycle' | 'purchasePattern'>, byPattern: () => boolean): string | undefined {
  const lifecycle = outcome.lifecycle ?? 'expand';
  const has = (key: string) => def.stages.some((s) => s.key === key);
  const patterned = `${lifecycle}-${outcome.purchasePattern ?? 'unknown'}`;
  const stage = has(patterned) && byPattern() ? patterned : lifecycle;
  return has(stage) ? stage : undefined;
}
