// What a target says about a reach event, read from the database when it is delivered: the event
// carries IDs only (reach-event.ts). Null when the account is gone (erased): nothing left to tell.
import type { Db } from '../db/client';
import { taskPath } from '../mail/task-link';
import type { ReachEvent } from './reach-event';

export type EventFacts = {
  event: ReachEvent;
  account: { id: string; domain: string; name: string; tier: number | null };
  contact: { id: string; email: string } | null;
  task: {
    id: string;
    status: string;
    amount: number | null;
    currency: string | null;
    reason: string | null;
    why: string | null;
    dueAt: Date | null;
    owner: { id: string; name: string; email: string } | null;
    timeZone: string | null;
  } | null;
  /** The task's page in the web console, on the configured public URL. */
  taskUrl: string | null;
};

export async function loadEventFacts(db: Db, event: ReachEvent, publicUrl: string): Promise<EventFacts | null> {
  const account = await db.account.findUnique({ where: { id: event.accountId }, select: { id: true, domain: true, name: true, tier: true, tierOverride: true, timezone: true } });
  if (!account) return null;
  const contact = event.contactId ? await db.contact.findUnique({ where: { id: event.contactId }, select: { id: true, email: true } }) : null;
  const task = event.taskId ? await db.salesTask.findUnique({ where: { id: event.taskId }, include: { owner: true } }) : null;
  return {
    event,
    account: { id: account.id, domain: account.domain, name: account.name, tier: account.tierOverride ?? account.tier },
    contact,
    task: task && {
      id: task.id,
      status: task.status,
      amount: task.amount,
      currency: task.currency,
      reason: task.reason,
      why: (task.evidence as { why?: unknown } | null)?.why?.toString() ?? null,
      dueAt: task.dueAt,
      owner: task.owner && { id: task.owner.id, name: task.owner.name, email: task.owner.email },
      // The zone the task's service level runs in, as the inbox and the handoff email show it.
      timeZone: task.owner?.timezone ?? account.timezone,
    },
    taskUrl: task ? `${publicUrl}${taskPath(task.id)}` : null,
  };
}
