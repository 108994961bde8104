// One row of a sales-rep import: the account owners that handoffs and escalations go to.
import { z } from 'zod';
import { clearable, optionalCount, optionalEmail, optionalTimeZone, requiredEmail, requiredText } from './fields';

const capacityExpected = 'a whole number of handoffs a day from 1 to 1000, such as 5';

export const salesRepRowSchema = z.object({
  email: requiredEmail,
  name: requiredText(200, "the rep's full name"),
  /** Whom escalations go to; none: nobody, they go to SALES_ESCALATION_QUEUE. */
  manager_email: clearable(optionalEmail, 'no manager'),
  /** The zone a handoff's service level counts business days in; none: the account's. */
  timezone: clearable(optionalTimeZone, "each account's own zone"),
  /** Handoffs a day; none: SALES_DAILY_CAPACITY. */
  daily_capacity: clearable(
    optionalCount('a number of handoffs a day', capacityExpected).refine((n) => n === undefined || n >= 1, {
      // Pacing releases a queued handoff only within the day's capacity: at 0 every handoff to the rep
      // would wait for ever, as SALES_DAILY_CAPACITY refuses 0 for the same reason.
      error: `0 is too few handoffs a day, expected ${capacityExpected} (at 0 every handoff to the rep would wait in the queue for ever)`,
    })
      // SALES_DAILY_CAPACITY's own ceiling: more is a slip of the keyboard, not a rep's day.
      .refine((n) => n === undefined || n <= 1000, { error: (issue) => `${String(issue.input)} is too many handoffs a day, expected ${capacityExpected}` }),
    'SALES_DAILY_CAPACITY',
  ),
});
export type SalesRepRow = z.infer<typeof salesRepRowSchema>;
