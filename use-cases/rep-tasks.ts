// Rep tasks from the rep's side: the open ones (a rep's own; an operator's any rep's, or the sales
// queue's), and closing one as done or skipped. One transaction writes the row, the timeline and,
// when the journey waits for it, the signal into the journey outbox (client/journey-outbox.ts): the
// worker's dispatcher tells the journey, so a rep can close a task while Temporal is unreachable and
// the journey still hears it as soon as it is back.
import { queueDeliveries } from '../client/journey-outbox';
import type { Db } from '../db/client';
import { movedAwayFrom } from '../accounts/owner-changes';
import { reaches, type ActingUser } from '../domain/access/acting-user';
import { conflict, forbidden, invalid, notFound } from '../domain/use-case-error';
import type { RepTaskChannel, RepTaskClosing, RepTaskStatus } from '../domain/sales/rep-task';
import { recordTouch } from '../timeline/record-touch';
import { findRep } from './sales-tasks';
import { emailKey } from '../domain/accounts/email-address';

export type RepTaskSummary = {
  id: string;
  account: { id: string; domain: string; name: string };
  /** The buying-group contact it is about (name and role); null: the account. */
  contact: { id: string; name: string; role: string } | null;
  /** The owner's e-mail; null: the sales queue (the account has no owner). */
  owner: string | null;
  channel: RepTaskChannel;
  title: string;
  instructions: string | null;
  status: RepTaskStatus;
  dueAt: string;
  /** The owner's zone (else the account's): the due time is on its clock. */
  timeZone: string;
  journeyKey: string;
  /** Whether the journey waits for the rep to close it. */
  waits: boolean;
  note: string | null;
  createdAt: string;
  closedAt: string | null;
};

const withRefs = { account: true, owner: true, contact: true } as const;
type RepTaskRow = NonNullable<Awaited<ReturnType<typeof findRow>>>;
const findRow = (db: Db, id: string) => db.repTask.findUnique({ where: { id }, include: withRefs });

function summary(t: RepTaskRow): RepTaskSummary {
  const c = t.contact;
  return {
    id: t.id,
    account: { id: t.account.id, domain: t.account.domain, name: t.account.name },
    contact: c ? { id: c.id, name: [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email, role: c.role } : null,
    owner: t.owner?.email ?? null,
    channel: t.channel as RepTaskChannel,
    title: t.title,
    instructions: t.instructions,
    status: t.status as RepTaskStatus,
    dueAt: t.dueAt.toISOString(),
    timeZone: t.timeZone,
    journeyKey: t.journeyKey,
    waits: t.waits,
    note: t.note,
    createdAt: t.createdAt.toISOString(),
    closedAt: t.closedAt?.toISOString() ?? null,
  };
}

/** Open rep tasks, soonest due first: a rep's own; for an operator every rep's and the queue's, or one owner's. */
export async function openRepTasks(db: Db, actor: ActingUser, ownerEmail?: string): Promise<RepTaskSummary[]> {
  if (actor.rep && ownerEmail !== undefined && emailKey(ownerEmail) !== actor.rep.email) throw forbidden('a rep reads their own rep tasks only');
  const owner = actor.rep ?? (ownerEmail ? await findRep(db, ownerEmail) : undefined);
  const rows = await db.repTask.findMany({
    where: { status: 'open', ...(owner ? { ownerId: owner.id } : {}) },
    include: withRefs,
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(summary);
}

export type RepTaskClose = { outcome: RepTaskClosing; note?: string };

/**
 * Marks an open task done (an optional note) or skipped (a reason is required), and tells the
 * journey that waits for it. A rep closes their own tasks only; a task that is closed already is
 * refused with what it is.
 */
export async function closeRepTask(db: Db, actor: ActingUser, id: string, close: RepTaskClose): Promise<RepTaskSummary> {
  const note = close.note?.trim() || undefined;
  if (close.outcome === 'skipped' && note === undefined) {
    throw invalid('a skipped rep task needs a reason, such as "left the company" or "already spoke at the trade show"', [], [{ field: 'reason', message: 'expected a short reason' }]);
  }
  const task = await findRow(db, id);
  if (!task) throw notFound(`No rep task "${id}": list the open ones with "harpoon sales rep-tasks".`);
  if (!reaches(actor, task.ownerId)) {
    const moved = actor.rep && (await movedAwayFrom(db, { type: 'rep_task_reassigned', accountId: task.accountId, taskId: id }, actor.rep.id));
    if (moved) {
      throw forbidden(`rep task ${id} moved from you to ${task.owner?.email ?? 'the sales queue'} on ${moved.toISOString().slice(0, 10)}, when ${task.account.domain} changed hands: it is theirs to close now`);
    }
    throw forbidden(
      task.ownerId === null
        ? `rep task ${id} has no owner: it is in the sales queue, for an admin to close until its account has an owner; a rep closes their own tasks only`
        : `rep task ${id} belongs to another rep: a rep closes their own tasks only`,
    );
  }
  const at = new Date();
  const closed = await db.$transaction(async (tx) => {
    const updated = await tx.repTask.updateMany({
      where: { id, status: 'open' },
      data: { status: close.outcome, note: note ?? null, closedAt: at, closedById: actor.rep?.id ?? null },
    });
    if (updated.count === 0) return false;
    await recordTouch(tx, {
      idempotencyKey: `${task.idempotencyKey}|rep_task_${close.outcome}`,
      accountId: task.accountId,
      contactId: task.contactId,
      workflowId: task.workflowId,
      journeyKey: task.journeyKey,
      type: `rep_task_${close.outcome}`,
      detail: { taskId: id, channel: task.channel, title: task.title, step: task.stepPath, by: actor.rep?.email ?? 'an operator', ...(note ? { note } : {}) },
      at,
    });
    if (task.waits) {
      await queueDeliveries(tx, task.accountId, [task.workflowId], {
        kind: 'repTaskClosed',
        payload: { version: 1, taskId: id, status: close.outcome, eventId: `rep-task|${id}` },
      });
    }
    return true;
  });
  if (!closed) {
    const now = await findRow(db, id);
    throw conflict(`rep task ${id} is already ${now?.status ?? 'gone'}${now?.closedAt ? ` (since ${now.closedAt.toISOString()})` : ''}: only an open task can be marked done or skipped`);
  }
  return summary((await findRow(db, id))!);
}

