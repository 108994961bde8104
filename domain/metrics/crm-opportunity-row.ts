// One row of a CRM opportunity import (harpoon opportunities import): the opportunities of accounts
// outside the target pool, so the share of opportunities from target accounts has a denominator.
import { z } from 'zod';
import { optionalAmount, optionalDate, optionalEnum, optionalText, requiredDate, requiredDomain, requiredText } from '../accounts/fields';

export const crmOpportunityStatuses = ['open', 'won', 'lost'] as const;

export const crmOpportunityRowSchema = z.object({
  id: requiredText(200, "the CRM's ID of the opportunity"),
  account_domain: requiredDomain,
  amount: optionalAmount,
  currency: optionalText(3, 'a three-letter ISO currency code such as EUR').refine((c) => c === undefined || /^[A-Za-z]{3}$/.test(c), {
    error: 'expected a three-letter ISO currency code such as EUR',
  }),
  opened_at: requiredDate,
  status: optionalEnum(crmOpportunityStatuses, 'an opportunity status'),
  closed_at: optionalDate,
});
export type CrmOpportunityRow = z.infer<typeof crmOpportunityRowSchema>;

export const crmOpportunityColumns = Object.keys(crmOpportunityRowSchema.shape);
export const requiredCrmOpportunityColumns = ['id', 'account_domain', 'opened_at'];
