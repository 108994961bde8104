// The rep tasks the contact caps count, read by both kinds of touch: a new rep task
// (activities/rep-tasks.ts) and a journey email (activities/send-email.ts).
import type { Db } from '../db/client';
import { countedRepTaskStatuses } from '../domain/sales/rep-task';

/** Open and done rep tasks of the account created since `since`; contactId null: a task about the account. */
export async function repTaskTouchesSince(db: Db, accountId: string, since: Date): Promise<{ contactId: string | null; atMs: number }[]> {
  const tasks = await db.repTask.findMany({
    where: { accountId, status: { in: [...countedRepTaskStatuses] }, createdAt: { gte: since } },
    select: { contactId: true, createdAt: true },
  });
  return tasks.map((t) => ({ contactId: t.contactId, atMs: t.createdAt.getTime() }));
}
