// The MQA rule: when an account counts as marketing-qualified and its journey hands it to sales.
// A journey file may write its own (`sales.mqa`, in the language of branch conditions); the one in
// force otherwise is Harpoon's default: any inquiry qualifies, and so does real engagement from at
// least two key roles, one of them deciding or paying. The workflow and the forecast both ask here.
import type { Condition, JourneyDefinition } from '../journey/definition';
import { evaluateCondition, type JourneyFacts } from '../journey/engine';

export const defaultMqaRule: Condition = {
  any: [
    { eventSeen: { type: 'inquiry' } },
    {
      all: [
        { engagementScore: { gte: 30 } },
        { engagedRoles: { countAtLeast: 2 } },
        { any: [{ engagedRoles: { includes: ['decision_maker'] } }, { engagedRoles: { includes: ['budget_holder'] } }] },
      ],
    },
  ],
};

/** Whether the account is an MQA now: the journey's own rule, else the configured default. */
export function isMqa(def: Pick<JourneyDefinition, 'sales'>, configuredRule: Condition, facts: JourneyFacts): boolean {
  return evaluateCondition(def.sales?.mqa ?? configuredRule, facts);
}
