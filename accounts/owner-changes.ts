// An account that changes hands takes its open work along: its open sales tasks and rep tasks go to
// the new owner in the transaction that changes the owner, so the old owner's inbox no longer lists
// them and the new owner may act on them; each move is on the timeline and a reach event
// (handoff.reassigned, rep_task.reassigned), so the new owner's chat channels hear it. Each sales task's workflow hears it through the journey
// outbox (at least once), reads its new owner and tells them of a task still waiting for an answer;
// its reminders and escalation go to the new owner and their manager from then on.
import type { Db, Tx } from '../db/client';
import { closedStatuses } from '../domain/sales/vocabulary';
import { queueManyDeliveries } from '../client/journey-outbox';
import { recordTouches } from '../timeline/record-touch';

/** The account's new owner (null: the sales queue); each task says whose it was. */
export type OwnerChange = { accountId: string; to: string | null };

export type MovedWork = { salesTasks: number; repTasks: number };

export async function moveOpenWorkToNewOwners(tx: Tx, changes: readonly OwnerChange[], why: string): Promise<MovedWork> {
  const moved: MovedWork = { salesTasks: 0, repTasks: 0 };
  if (changes.length === 0) return moved;
  const at = new Date();
  // The timeline names reps by address: the new owner, and whoever had each task (a sales team is tens of reps).
  const emails = new Map((await tx.salesRep.findMany({ select: { id: true, email: true } })).map((r) => [r.id, r.email]));
  const who = (repId: string | null) => (repId === null ? 'the sales queue' : (emails.get(repId) ?? repId));

  for (const change of changes) {
    const open = await tx.salesTask.findMany({ where: { accountId: change.accountId, status: { notIn: [...closedStatuses] } }, select: { id: true, ownerId: true } });
    const tasks = open.filter((t) => t.ownerId !== change.to);
    if (tasks.length > 0) {
      await tx.salesTask.updateMany({ where: { id: { in: tasks.map((t) => t.id) } }, data: { ownerId: change.to } });
      await recordTouches(
        tx,
        tasks.map((t) => ({
          idempotencyKey: `${t.id}|owner|${change.to ?? 'queue'}|${at.getTime()}`,
          accountId: change.accountId,
          workflowId: t.id,
          type: 'sales_task_reassigned',
          detail: { taskId: t.id, from: t.ownerId, to: change.to, text: `handoff task ${t.id} moved from ${who(t.ownerId)} to ${who(change.to)}: ${why}` },
          at,
        })),
      );
      await queueManyDeliveries(
        tx,
        tasks.map((t) => ({
          accountId: change.accountId,
          workflowIds: [t.id],
          delivery: { kind: 'salesTaskOwner', payload: { version: 1, eventId: `owner|${t.id}|${at.getTime()}` } },
        })),
      );
    }
    const repTasks = (await tx.repTask.findMany({ where: { accountId: change.accountId, status: 'open' } })).filter((t) => t.ownerId !== change.to);
    if (repTasks.length > 0) {
      await tx.repTask.updateMany({ where: { id: { in: repTasks.map((t) => t.id) } }, data: { ownerId: change.to } });
      await recordTouches(
        tx,
        repTasks.map((t) => ({
          idempotencyKey: `${t.idempotencyKey}|owner|${change.to ?? 'queue'}|${at.getTime()}`,
          accountId: change.accountId,
          contactId: t.contactId,
          workflowId: t.workflowId,
          journeyKey: t.journeyKey,
          type: 'rep_task_reassigned',
          detail: { taskId: t.id, channel: t.channel, title: t.title, step: t.stepPath, from: t.ownerId, to: change.to, text: `rep task "${t.title}" moved from ${who(t.ownerId)} to ${who(change.to)}: ${why}` },
          at,
        })),
      );
    }
    moved.salesTasks += tasks.length;
    moved.repTasks += repTasks.length;
  }
  return moved;
}

/**
 * When a task last moved away from this rep in an owner change (the moves above, on the timeline),
 * so a rep following an old email's link or acting on an old list learns where it went rather than
 * only "not yours". Null: it was never theirs.
 */
export async function movedAwayFrom(db: Db, move: { type: 'sales_task_reassigned' | 'rep_task_reassigned'; accountId: string; taskId: string }, repId: string): Promise<Date | null> {
  const moves = await db.touch.findMany({ where: { accountId: move.accountId, type: move.type }, orderBy: { at: 'desc' }, select: { detail: true, at: true } });
  return moves.find((m) => {
    const detail = m.detail as { taskId?: unknown; from?: unknown } | null;
    return detail?.taskId === move.taskId && detail.from === repId;
  })?.at ?? null;
}
