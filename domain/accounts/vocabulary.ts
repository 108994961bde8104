// The closed vocabularies of the account model. The database stores them as plain strings (so the
// schema stays portable to PostgreSQL); these lists, their zod enums and the types inferred from
// them are the one place that says what is allowed.
import { z } from 'zod';

export const buyingGroupRoles = [
  'champion',
  'problem_owner',
  'budget_holder',
  'decision_maker',
  'user',
  'technical_evaluator',
  'procurement',
  'influencer',
  'unknown',
] as const;
/** The roles whose coverage ("penetration") is the core buying-group metric. */
export const keyBuyingGroupRoles = ['champion', 'problem_owner', 'budget_holder', 'decision_maker'] as const;
export const seniorities = ['executive', 'manager', 'individual'] as const;
export const consentStates = ['subscribed', 'unsubscribed', 'bounced', 'do_not_contact'] as const;
export const poolStatuses = ['candidate', 'target', 'excluded', 'retired'] as const;
export const purchasePatterns = ['continuous', 'periodic', 'project', 'unknown'] as const;
/** 1 = one-to-one, 2 = one-to-few, 3 = one-to-many. */
export const tiers = [1, 2, 3] as const;
/** Annual revenue bands, in US dollars. */
export const revenueBands = ['<10M', '10M-50M', '50M-250M', '250M-1B', '1B+'] as const;
export const negativeRuleKinds = ['domain', 'suffix', 'industry'] as const;
export const negativeReasons = ['cant_serve', 'wont_rebuy', 'competitor', 'legal'] as const;

export const buyingGroupRole = z.enum(buyingGroupRoles);
export const seniority = z.enum(seniorities);
export const consentState = z.enum(consentStates);
export const poolStatus = z.enum(poolStatuses);
export const purchasePattern = z.enum(purchasePatterns);
export const tier = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export const revenueBand = z.enum(revenueBands);
export const negativeRuleKind = z.enum(negativeRuleKinds);
export const negativeReason = z.enum(negativeReasons);

export type BuyingGroupRole = z.infer<typeof buyingGroupRole>;
export type KeyBuyingGroupRole = (typeof keyBuyingGroupRoles)[number];
export type Seniority = z.infer<typeof seniority>;
export type ConsentState = z.infer<typeof consentState>;
export type PoolStatus = z.infer<typeof poolStatus>;
export type PurchasePattern = z.infer<typeof purchasePattern>;
export type Tier = z.infer<typeof tier>;
export type RevenueBand = z.infer<typeof revenueBand>;
export type NegativeRuleKind = z.infer<typeof negativeRuleKind>;
export type NegativeReason = z.infer<typeof negativeReason>;

/** Who changed something: the system's rules, an import, or a named user ("user:alice"). */
export type Actor = 'system' | 'import' | `user:${string}`;
