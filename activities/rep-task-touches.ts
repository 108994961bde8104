// The rep tasks the contact caps count, read when a new rep task is planned (activities/rep-tasks.ts).
// A journey email reads the same rows within its attempt's read (activities/send-records.ts).
import type { Db } from '../db/client';
import { selectRows } from '../db/direct-sql';
import { countedRepTaskStatuses } from '../domain/sales/rep-task';

/** A rep task the contact caps count; contactId null: a task about the account. */
export type RepTaskTouch = { contactId: string | null; atMs: number };

/** Open and done rep tasks of the account created since `since`; contactId null: a task about the account. */
export async function repTaskTouchesSince(db: Db, accountId: string, since: Date): Promise<RepTaskTouch[]> {
  const rows = await selectRows(db, {
    sql: `SELECT "contactId", "createdAt" FROM "RepTask"
          WHERE "accountId" = ? AND "status" IN (${countedRepTaskStatuses.map(() => '?').join(', ')}) AND "createdAt" >= ?`,
    args: [accountId, ...countedRepTaskStatuses, since],
  });
  return rows.map((r) => ({ contactId: (r.contactId as string | null) ?? null, atMs: new Date(r.createdAt as string).getTime() }));
}
