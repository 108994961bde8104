// One row of a CRM opportunity import (harpoon opportunities import): the opportunities of accounts
// outside the target pool, so the share of opportunities from target accounts has a denominator.
import { z } from 'zod';
import { optionalAmount, optionalEnum, optionalPastDate, optionalText, requiredDomain, requiredPastDate, requiredText } from '../accounts/fields';

export const crmOpportunityStatuses = ['open', 'won', 'lost'] as const;

const dayMs = 86_400_000;
/** A date without a time reads as the start of its UTC day, but it stands for the whole day. */
const lastMomentMeant = (date: Date) => (date.getTime() % dayMs === 0 ? date.getTime() + dayMs - 1 : date.getTime());
const shownDate = (date: Date) => (date.getTime() % dayMs === 0 ? date.toISOString().slice(0, 10) : date.toISOString());

const datesAndStatus = ['opened_at', 'status', 'closed_at'];
type Dates = { opened_at: Date; status?: (typeof crmOpportunityStatuses)[number]; closed_at?: Date };

/**
 * Why a row's status and dates contradict each other, if they do. A won or lost opportunity without
 * closed_at is accepted: CRM exports often leave the close date out, and it is stored as not known
 * (nothing reads it as a date it is not).
 */
function contradiction({ opened_at, status, closed_at }: Dates): string | undefined {
  if (!closed_at) return undefined;
  if (status === undefined || status === 'open') {
    const stated = status ? 'its status is open' : 'its status is blank, which means open';
    return `${shownDate(closed_at)} says the opportunity closed but ${stated}, expected status won or lost, or closed_at blank while it is open`;
  }
  if (lastMomentMeant(closed_at) < opened_at.getTime()) {
    return `${shownDate(closed_at)} is before opened_at ${shownDate(opened_at)}, expected when it closed, no earlier than when it opened`;
  }
  return undefined;
}

export const crmOpportunityRowSchema = z
  .object({
    id: requiredText(200, "the CRM's ID of the opportunity"),
    account_domain: requiredDomain,
    amount: optionalAmount,
    currency: optionalText(3, 'a three-letter ISO currency code such as EUR').refine((c) => c === undefined || /^[A-Za-z]{3}$/.test(c), {
      error: 'expected a three-letter ISO currency code such as EUR',
    }),
    opened_at: requiredPastDate,
    status: optionalEnum(crmOpportunityStatuses, 'an opportunity status'),
    closed_at: optionalPastDate,
  })
  .superRefine(
    (row, ctx) => {
      const problem = contradiction(row);
      if (problem) ctx.addIssue({ code: 'custom', path: ['closed_at'], input: row.closed_at, message: problem });
    },
    // Beside a bad amount or id too, so that one pass over the file finds every problem.
    { when: ({ issues }) => !issues.some((issue) => !issue.path?.length || datesAndStatus.includes(String(issue.path[0]))) },
  );
export type CrmOpportunityRow = z.infer<typeof crmOpportunityRowSchema>;

export const crmOpportunityColumns = Object.keys(crmOpportunityRowSchema.shape);
export const requiredCrmOpportunityColumns = ['id', 'account_domain', 'opened_at'];
