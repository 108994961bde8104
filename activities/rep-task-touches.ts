// The rep tasks the contact caps count, read by both kinds of touch: a new rep task
// (activities/rep-tasks.ts) and a journey email (activities/send-email.ts). Direct SQL, as it runs
// once per journey email on the send path, where Prisma's compiler would cost more than the read
// (db/direct-sql.ts).
import type { Db } from '../db/client';
import { selectRows } from '../db/direct-sql';
import { countedRepTaskStatuses } from '../domain/sales/rep-task';

/** Open and done rep tasks of the account created since `since`; contactId null: a task about the account. */
export async function repTaskTouchesSince(db: Db, accountId: string, since: Date): Promise<{ contactId: string | null; atMs: number }[]> {
  const rows = await selectRows(db, {
    sql: `SELECT "contactId", "createdAt" FROM "RepTask"
          WHERE "accountId" = ? AND "status" IN (${countedRepTaskStatuses.map(() => '?').join(', ')}) AND "createdAt" >= ?`,
    args: [accountId, ...countedRepTaskStatuses, since],
  });
  return rows.map((r) => ({ contactId: (r.contactId as string | null) ?? null, atMs: new Date(r.createdAt as string).getTime() }));
}
