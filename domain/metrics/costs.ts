// Costs: what one looks like (shared by `harpoon costs add` and the API) and how the costs reach the
// accounts they were spent on, so every slice of a report (tier, owner, account, journey) carries its
// share and the slices add up. Pure.
import { z } from 'zod';
import type { Period } from './filter';
import { costPerEmail } from './formulas';
import { requiredAmount } from '../accounts/fields';

const month = /^\d{4}-(0[1-9]|1[0-2])$/;

export const costInputSchema = z
  .object({
    // Read and kept as every amount is (a deal's, an opportunity's): `250.000` and `10.005` are refused, not taken as 250 and 10.01.
    amount: requiredAmount,
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'expected a three-letter ISO currency code such as EUR')
      .transform((c) => c.toUpperCase()),
    journey: z.string().trim().min(1, 'expected a journey key such as tier3-nurture').optional(),
    event: z.string().trim().min(1, 'expected an event key such as webinar-2026-11').optional(),
    emails: z.coerce.number({ error: 'expected how many emails the amount paid for, such as 10000' }).int('expected a whole number of emails').positive('expected a positive number of emails').optional(),
    period: z.string().trim().regex(month, 'expected the month the cost belongs to as YYYY-MM, such as 2026-11').optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((c) => [c.journey, c.event, c.emails].filter((v) => v !== undefined).length === 1, {
    error: 'say what the cost paid for: exactly one of --journey <key>, --event <key> or --emails <count>',
  });

export type CostInput = z.infer<typeof costInputSchema>;

export type CostRow = { amount: number; journeyKey: string | null; eventKey: string | null; emails: number | null; period: string | null };

/** What costs are shared by: who ran each journey, who registered for each event, emails per account and month. */
export type CostBasis = {
  journeyAccounts: ReadonlyMap<string, readonly string[]>;
  eventAccounts: ReadonlyMap<string, readonly string[]>;
  /** For each event, the journey whose invitation each account had (its latest); null: none. */
  eventInviters: ReadonlyMap<string, ReadonlyMap<string, string | null>>;
  /** Emails sent to each account's contacts inside the report's period, by month (YYYY-MM). */
  emailsByAccountMonth: ReadonlyMap<string, ReadonlyMap<string, number>>;
};

export type Allocation = { byAccount: Map<string, number>; unallocated: number };

const monthStartMs = (m: string) => Date.parse(`${m}-01T00:00:00Z`);
const nextMonthStartMs = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return Date.UTC(y, mo, 1);
};

/** A cost counts in a report whose period overlaps its month; a cost without a month always counts. */
export function costInPeriod(costPeriod: string | null, period: Period): boolean {
  if (costPeriod === null) return true;
  return monthStartMs(costPeriod) < period.toMs && (period.fromMs === null || nextMonthStartMs(costPeriod) > period.fromMs);
}

/**
 * Shares the costs that count in `period` out to accounts: a journey's cost equally among the accounts
 * that ran it, an event's equally among the accounts that registered, an email-volume cost at its rate
 * per email sent (in its month, when it has one). `onlyJourney`: a journey's report carries no other
 * journey's costs, and of an event's the shares of the accounts it invited. What reaches no account
 * (a journey nobody ran yet) is `unallocated`.
 */
export function allocateCosts(costs: readonly CostRow[], basis: CostBasis, period: Period, onlyJourney?: string): Allocation {
  const byAccount = new Map<string, number>();
  const add = (accountId: string, amount: number) => byAccount.set(accountId, (byAccount.get(accountId) ?? 0) + amount);
  let unallocated = 0;
  for (const cost of costs) {
    if (!costInPeriod(cost.period, period)) continue;
    if (cost.emails !== null) {
      const rate = costPerEmail(cost.amount, cost.emails);
      for (const [accountId, months] of basis.emailsByAccountMonth) {
        const emails = cost.period === null ? [...months.values()].reduce((a, b) => a + b, 0) : (months.get(cost.period) ?? 0);
        if (emails > 0) add(accountId, rate * emails);
      }
      continue;
    }
    if (cost.journeyKey !== null && onlyJourney !== undefined && cost.journeyKey !== onlyJourney) continue;
    const sharers = cost.journeyKey !== null ? basis.journeyAccounts.get(cost.journeyKey) : basis.eventAccounts.get(cost.eventKey ?? '');
    // A journey's report carries an event's shares of the accounts it invited, not of every account
    // that ran it (the rows of a report by journey would add up to more than the event cost).
    const inviters = cost.eventKey !== null && onlyJourney !== undefined ? (basis.eventInviters.get(cost.eventKey) ?? new Map<string, string | null>()) : undefined;
    if (!sharers?.length) {
      if (!inviters || [...inviters.values()].includes(onlyJourney!)) unallocated += cost.amount;
      continue;
    }
    for (const accountId of sharers) if (!inviters || inviters.get(accountId) === onlyJourney) add(accountId, cost.amount / sharers.length);
  }
  return { byAccount, unallocated };
}
