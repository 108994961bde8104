// One row of a sales-rep import: the account owners that handoffs and escalations go to.
import { z } from 'zod';
import { optionalCount, optionalEmail, optionalTimeZone, requiredEmail, requiredText } from './fields';

const capacityExpected = 'a whole number of handoffs a day, at least 1, such as 5';

/**
 * A manager's email; `none`: the rep has no manager any more (their escalations go to the sales
 * queue); empty: the stored manager stays, as every empty column keeps what is stored.
 */
const managerEmail = z.unknown().transform((value, ctx): string | null | undefined => {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'none') return null;
  const read = optionalEmail.safeParse(value);
  if (read.success) return read.data;
  for (const issue of read.error.issues) ctx.addIssue({ code: 'custom', input: value, message: `${issue.message}, or none for no manager` });
  return z.NEVER;
}).optional();

export const salesRepRowSchema = z.object({
  email: requiredEmail,
  name: requiredText(200, "the rep's full name"),
  manager_email: managerEmail,
  /** The zone a handoff's service level counts business days in; empty: the account's. */
  timezone: optionalTimeZone,
  /** Handoffs a day; empty: SALES_DAILY_CAPACITY. */
  daily_capacity: optionalCount('a number of handoffs a day', capacityExpected).refine((n) => n === undefined || n >= 1, {
    // Pacing releases a queued handoff only within the day's capacity: at 0 every handoff to the rep
    // would wait for ever, as SALES_DAILY_CAPACITY refuses 0 for the same reason.
    error: `0 is too few handoffs a day, expected ${capacityExpected} (at 0 every handoff to the rep would wait in the queue for ever)`,
  }),
});
export type SalesRepRow = z.infer<typeof salesRepRowSchema>;
