// Who a use-case acts for, whichever door the request came through: an API key, a console session or
// the command line. A sales user acts as one rep and reaches that rep's work only; the use-cases
// decide that (client/sales-tasks.ts), the doors only say who is asking.
import type { ApiRole } from './roles';

export type ActingUser = {
  role: ApiRole;
  /** The rep a sales user acts as; null for marketing and admin. */
  rep: { id: string; email: string } | null;
};

/** The command line and the system itself: marketing ops and admins, who see every rep's work. */
export const operator: ActingUser = { role: 'admin', rep: null };
