// Rep tasks the journey or the contact policy takes back from the rep: cancelled, each with its
// timeline entry, in the caller's transaction. A journey's end cancels its open tasks when it ends
// in a way that leaves them pointless (domain/sales/rep-task.ts repTaskWithdrawal); a contact's
// consent leaving `subscribed` (an unsubscribe, a bounce, do-not-contact, an erasure) cancels the
// open tasks about them; an account leaving the pool (retired, excluded) cancels its open tasks. A
// rep would otherwise touch someone the journey no longer may.
import type { Tx } from '../db/client';
import type { ConsentState } from '../domain/accounts/vocabulary';
import { consentDetail } from '../domain/policy/contact-policy';
import { recordTouch } from '../timeline/record-touch';
import { queueManyDeliveries } from '../client/journey-outbox';

type Whose = { workflowId: string } | { contactIds: string[] } | { accountIds: string[] };

/** The tasks of a journey, about some contacts or of some accounts; undefined for none (no statement to run). */
function tasksOf(of: Whose) {
  if ('workflowId' in of) return { workflowId: of.workflowId };
  if ('contactIds' in of) return of.contactIds.length > 0 ? { contactId: { in: of.contactIds } } : undefined;
  return of.accountIds.length > 0 ? { accountId: { in: of.accountIds } } : undefined;
}

/**
 * Cancels open rep tasks, each with its timeline entry, in the caller's transaction: those of a
 * journey that ended (its end record), those about contacts nobody may touch any more (the write of
 * their consent), or those of accounts that left the pool. A rep no longer sees them, and they no longer count toward the account's
 * caps. Run again, it finds nothing open and records nothing twice.
 */
export async function cancelOpenRepTasks(tx: Tx, c: { of: Whose; why: string; at: Date }): Promise<number> {
  const which = tasksOf(c.of);
  if (!which) return 0;
  // Only the rows this statement changed: a task a rep closed a moment ago keeps the rep's end.
  const cancelled = await tx.repTask.updateManyAndReturn({ where: { ...which, status: 'open' }, data: { status: 'cancelled', closedAt: c.at } });
  for (const task of cancelled) await recordClosedWithoutRep(tx, task, 'cancelled', c.why, c.at);
  // A journey waiting for one of them hears it as it hears a rep's done or skip, and goes on at
  // once instead of at its timeout; a journey whose own end cancels them is past waiting.
  const waitedFor = 'workflowId' in c.of ? [] : cancelled.filter((task) => task.waits);
  await queueManyDeliveries(
    tx,
    waitedFor.map((task) => ({
      accountId: task.accountId,
      workflowIds: [task.workflowId],
      delivery: { kind: 'repTaskClosed', payload: { version: 1, taskId: task.id, status: 'cancelled', eventId: `rep-task|${task.id}` } },
    })),
  );
  return cancelled.length;
}

/**
 * After a write of contacts' consent: cancels the open rep tasks about each contact it leaves
 * unreachable, with the consent's reason, as the contact policy would refuse a new task about them.
 */
export async function cancelRepTasksAboutUnreachable(tx: Tx, contacts: { id: string; consent: ConsentState }[], at: Date): Promise<number> {
  let cancelled = 0;
  for (const consent of Object.keys(consentDetail) as (keyof typeof consentDetail)[]) {
    const contactIds = contacts.filter((c) => c.consent === consent).map((c) => c.id);
    cancelled += await cancelOpenRepTasks(tx, { of: { contactIds }, why: `${consentDetail[consent]}: nobody may contact them now`, at });
  }
  return cancelled;
}

type TaskRow = { id: string; idempotencyKey: string; accountId: string; contactId: string | null; workflowId: string; journeyKey: string; channel: string; title: string; stepPath: string };

/** The timeline's entry for a task closed without its rep (expired or cancelled): once, under the task's key and its end. */
export function recordClosedWithoutRep(tx: Tx, task: TaskRow, end: 'expired' | 'cancelled', why: string, at: Date) {
  return recordTouch(tx, {
    idempotencyKey: `${task.idempotencyKey}|rep_task_${end}`,
    accountId: task.accountId,
    contactId: task.contactId,
    workflowId: task.workflowId,
    journeyKey: task.journeyKey,
    type: `rep_task_${end}`,
    detail: { taskId: task.id, channel: task.channel, title: task.title, step: task.stepPath, why },
    at,
  });
}
