// What a CRM sync reads from the database for one ReachEvent, by its IDs: the account, the people
// to put in the CRM and the sales task; its owner is read when a record is made or changed
// (`ownerEmailNow`). Erased people never leave Harpoon.
import type { Db } from '../../db/client';
import type { HandoffEvidence } from '../../domain/sales/evidence';
import type { ReachEvent } from '../reach-event';

export type Person = { id: string; email: string; firstName: string | null; lastName: string | null; title: string | null };

export type EventFacts = {
  account: { id: string; domain: string; name: string };
  /** The event's contact and, for a handoff, the contacts its evidence says engaged. */
  people: Person[];
  task: {
    id: string;
    status: string;
    evidence: HandoffEvidence;
    amount: number | null;
    currency: string | null;
    reason: string | null;
    createdAt: Date;
    dueAt: Date | null;
    closeDate: Date | null;
    closedAt: Date | null;
  } | null;
};

/** null when the event's account is gone (deleted since): there is nothing left to sync. */
export async function loadEventFacts(db: Db, event: ReachEvent): Promise<EventFacts | null> {
  const account = await db.account.findUnique({ where: { id: event.accountId }, select: { id: true, domain: true, name: true } });
  if (!account) return null;
  const row = event.taskId ? await db.salesTask.findUnique({ where: { id: event.taskId } }) : null;
  const evidence = (row?.evidence ?? null) as HandoffEvidence | null;
  const ids = new Set([...(event.contactId ? [event.contactId] : []), ...(evidence?.engagedContacts.map((c) => c.contactId) ?? [])]);
  const people = await db.contact.findMany({
    where: { id: { in: [...ids] }, accountId: account.id, erasedAt: null },
    select: { id: true, email: true, firstName: true, lastName: true, title: true },
    orderBy: { email: 'asc' },
  });
  const task = row && {
    id: row.id,
    status: row.status,
    evidence: evidence!,
    amount: row.amount,
    currency: row.currency,
    reason: row.reason,
    createdAt: row.createdAt,
    dueAt: row.dueAt,
    closeDate: row.closeDate,
    closedAt: row.closedAt,
  };
  return { account, people, task };
}

/**
 * The task's owner's e-mail as it is now. A record is made with the owner read again just before
 * its create, not the one in the event's facts: a reassignment synced in between found no record
 * to change (reassign-owner.ts), so the record must be made with the new owner.
 */
export async function ownerEmailNow(db: Db, taskId: string): Promise<string | null> {
  const row = await db.salesTask.findUnique({ where: { id: taskId }, select: { owner: { select: { email: true } } } });
  return row?.owner?.email ?? null;
}

/** The day a deal closes, as YYYY-MM-DD: when it closed, else the expected date, else 30 days after the handoff. */
export function closeDayOf(task: NonNullable<EventFacts['task']>): string {
  const at = task.closedAt ?? task.closeDate ?? new Date(task.createdAt.getTime() + 30 * 86_400_000);
  return at.toISOString().slice(0, 10);
}
