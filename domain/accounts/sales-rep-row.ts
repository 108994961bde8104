// One row of a sales-rep import: the account owners that handoffs and escalations go to.
import { z } from 'zod';
import { optionalEmail, requiredEmail, requiredText } from './fields';

export const salesRepRowSchema = z.object({
  email: requiredEmail,
  name: requiredText(200, "the rep's full name"),
  manager_email: optionalEmail,
});
export type SalesRepRow = z.infer<typeof salesRepRowSchema>;
