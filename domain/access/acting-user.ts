// Who a use-case acts for, whichever door the request came through: an API key, a console session or
// the command line. A sales user acts as one rep and reaches that rep's work only; the use-cases
// decide that (use-cases/sales-tasks.ts), the doors only say who is asking.
import type { ApiRole } from './roles';

export type ActingUser = {
  role: ApiRole;
  /** The rep a sales user acts as; null for marketing and admin. */
  rep: { id: string; email: string } | null;
};

/** Whether the actor reaches work a rep owns (a task, an account): a rep their own, others everyone's. */
export const reaches = (actor: ActingUser, ownerId: string | null | undefined) => actor.rep === null || actor.rep.id === ownerId;

/** The command line and the system itself: marketing ops and admins, who see every rep's work. */
export const operator: ActingUser = { role: 'admin', rep: null };
