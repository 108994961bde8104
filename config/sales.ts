// The default sales settings: the MQA rule a journey uses when its `sales` section names none
// (domain/sales/mqa-rule.ts), service levels, the cooldown after a rejection, reps' daily capacity.
import type { Condition } from '../domain/journey/definition';
import { defaultMqaRule } from '../domain/sales/mqa-rule';

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
