// One row of a sales-rep import: the account owners that handoffs and escalations go to.
import { z } from 'zod';
import { optionalCount, optionalEmail, optionalTimeZone, requiredEmail, requiredText } from './fields';

export const salesRepRowSchema = z.object({
  email: requiredEmail,
  name: requiredText(200, "the rep's full name"),
  manager_email: optionalEmail,
  /** The zone a handoff's service level counts business days in; empty: the account's. */
  timezone: optionalTimeZone,
  /** Handoffs a day; empty: SALES_DAILY_CAPACITY. */
  daily_capacity: optionalCount('a number of handoffs a day', 'a whole number of handoffs a day such as 5'),
});
export type SalesRepRow = z.infer<typeof salesRepRowSchema>;
