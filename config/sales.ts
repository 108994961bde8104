// The default sales settings: the MQA rule a journey uses when its `sales` section names none, in
// the language of branch conditions (domain/journey/definition.ts). Any inquiry qualifies; so does
// real engagement from at least two key roles, one of them deciding or paying.
import type { Condition } from '../domain/journey/definition';

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

export type SalesConfig = {
  mqa: Condition;
  slaDays: number[];
  cooldownMs: number;
  dailyCapacity: number;
  escalationQueue: string;
};

export const defaultSalesConfig: SalesConfig = {
  mqa: defaultMqaRule,
  slaDays: [1, 2, 3],
  cooldownMs: 30 * 86_400_000,
  dailyCapacity: 5,
  escalationQueue: 'sales-queue@harpoon.local',
};
