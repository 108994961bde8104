// Which part of a condition made it hold, in words, so a sales task's "why" names the part of the MQA
// rule that qualified the account ("an inquiry was seen"), not only that the rule holds. Pure, and
// beside evaluateCondition, whose verdict it explains; kept out of what workflows import.
import type { Condition } from './definition';
import { evaluateCondition, type JourneyFacts } from './engine';
import { unreachable } from './exhaustive';

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
const seen = (p: { type: string; tag?: string }) => `${article(p.type)} ${p.type}${p.tag === undefined ? '' : ` (${p.tag})`}`;

/** What the condition asks, without the facts (for the inside of a `not`). */
export function describeCondition(cond: Condition): string {
  if ('all' in cond) return cond.all.map(describeCondition).join(' and ');
  if ('any' in cond) return `(${cond.any.map(describeCondition).join(' or ')})`;
  if ('not' in cond) return `not ${describeCondition(cond.not)}`;
  if ('engagementScore' in cond) return `an engagement score${scoreBounds(cond.engagementScore)}`;
  if ('engagedRoles' in cond) {
    const { includes, countAtLeast } = cond.engagedRoles;
    return [includes ? `${includes.join(' and ')} engaged` : '', countAtLeast ? `at least ${countAtLeast} roles engaged` : ''].filter(Boolean).join(' and ');
  }
  if ('tier' in cond) return `tier ${cond.tier.in.join(' or ')}`;
  if ('timeInStage' in cond) return `at least ${cond.timeInStage.gte} in the stage`;
  if ('eventSeen' in cond) return `${seen(cond.eventSeen)} seen`;
  return unreachable(cond);
}

function scoreBounds({ gte, lt }: { gte?: number; lt?: number }): string {
  return [gte === undefined ? '' : `at least ${gte}`, lt === undefined ? '' : `below ${lt}`].filter(Boolean).map((b) => ` ${b}`).join(' and');
}

/**
 * The parts that made `cond` hold, each with the fact that met it; empty when it does not hold on
 * these facts. Of an `any`, the first part that holds (the one that decided).
 */
export function heldParts(cond: Condition, facts: JourneyFacts): string[] {
  if (!evaluateCondition(cond, facts)) return [];
  if ('all' in cond) return cond.all.flatMap((c) => heldParts(c, facts));
  if ('any' in cond) {
    const decided = cond.any.find((c) => evaluateCondition(c, facts));
    return decided ? heldParts(decided, facts) : [];
  }
  if ('not' in cond) return [describeCondition(cond)];
  if ('engagementScore' in cond) {
    const bounds = scoreBounds(cond.engagementScore).trim();
    return [`engagement score ${facts.engagement.score} (${bounds})`];
  }
  if ('engagedRoles' in cond) {
    const { includes, countAtLeast } = cond.engagedRoles;
    const engaged = facts.engagement.engagedRoles;
    return [
      ...(countAtLeast === undefined ? [] : [`${engaged.length} roles engaged: ${engaged.join(', ')} (at least ${countAtLeast})`]),
      ...(includes === undefined ? [] : [`${includes.join(' and ')} engaged`]),
    ];
  }
  if ('tier' in cond) return [`tier ${facts.tier}`];
  if ('timeInStage' in cond) return [`at least ${cond.timeInStage.gte} in the stage`];
  if ('eventSeen' in cond) return [`${seen(cond.eventSeen)} was seen`];
  return unreachable(cond);
}
