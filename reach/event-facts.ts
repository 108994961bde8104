// What a target says about a reach event, read from the database when it is delivered: the event
// carries IDs only (reach-event.ts). Null when the account is gone (erased): nothing left to tell.
import type { Db } from '../db/client';
import type { RepTaskChannel } from '../domain/sales/rep-task';
import { fullName } from '../mail/person-name';
import { repTasksPath, taskPath } from '../mail/task-link';
import type { ReachEvent } from './reach-event';
import { detailString } from './touch-events';

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
  /** The rep task of rep_task.created, .cancelled, .expired and .reassigned. */
  repTask: {
    id: string;
    channel: RepTaskChannel;
    title: string;
    instructions: string | null;
    status: string;
    dueAt: Date;
    /** The owner's zone (else the account's): the due time is on its clock. */
    timeZone: string;
    owner: { id: string; name: string; email: string } | null;
    /** The buying-group contact it is about; null: the account. */
    about: { id: string; name: string; role: string } | null;
    /** Why it was closed without its rep (cancelled or expired), as its timeline says; null otherwise. */
    closedWhy: string | null;
  } | null;
  /** Where the task is worked in the web console (a sales task's page, or the inbox's rep tasks), on the configured public URL. */
  taskUrl: string | null;
};

const repTaskEvents: readonly string[] = ['rep_task.created', 'rep_task.cancelled', 'rep_task.expired', 'rep_task.reassigned'];

export async function loadEventFacts(db: Db, event: ReachEvent, publicUrl: string): Promise<EventFacts | null> {
  const account = await db.account.findUnique({ where: { id: event.accountId }, select: { id: true, domain: true, name: true, tier: true, tierOverride: true, timezone: true } });
  if (!account) return null;
  const contact = event.contactId ? await db.contact.findUnique({ where: { id: event.contactId }, select: { id: true, email: true } }) : null;
  const isRepTask = repTaskEvents.includes(event.type);
  const task = event.taskId && !isRepTask ? await db.salesTask.findUnique({ where: { id: event.taskId }, include: { owner: true } }) : null;
  const repTask = event.taskId && isRepTask ? await db.repTask.findUnique({ where: { id: event.taskId }, include: { owner: true, contact: true } }) : null;
  const closedWithoutRep = repTask?.status === 'cancelled' || repTask?.status === 'expired';
  const closed = closedWithoutRep ? await db.touch.findUnique({ where: { idempotencyKey: `${repTask.idempotencyKey}|rep_task_${repTask.status}` }, select: { detail: true } }) : null;
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
    repTask: repTask && {
      id: repTask.id,
      channel: repTask.channel as RepTaskChannel,
      title: repTask.title,
      instructions: repTask.instructions,
      status: repTask.status,
      dueAt: repTask.dueAt,
      timeZone: repTask.timeZone,
      owner: repTask.owner && { id: repTask.owner.id, name: repTask.owner.name, email: repTask.owner.email },
      about: repTask.contact && { id: repTask.contact.id, name: fullName(repTask.contact.firstName ?? '', repTask.contact.lastName ?? '') || repTask.contact.email, role: repTask.contact.role },
      closedWhy: closed ? detailString(closed.detail, 'why') : null,
    },
    taskUrl: task ? `${publicUrl}${taskPath(task.id)}` : repTask ? `${publicUrl}${repTasksPath}` : null,
  };
}
