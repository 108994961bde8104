// Sales reps' side of a handoff: their inbox and one task's evidence from the database, and their
// actions sent to the task's workflow as the `salesAction` Update (refused there, in one line,
// when the transition is invalid). Reps are named by e-mail here and by ID in Temporal.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { HandoffEvidence } from '../domain/sales/evidence';
import type { SalesAction } from '../domain/sales/vocabulary';
import { salesActionUpdate, type SalesActionResult } from '../workflows/sales-api';

export class SalesTaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SalesTaskError';
  }
}

export type TaskSummary = {
  id: string;
  account: { id: string; domain: string; name: string; tier: number | null };
  owner: string | null;
  status: string;
  trigger: string;
  createdAt: string;
  dueAt: string | null;
  score: number;
  nextAction: string;
};

export type TaskDetail = TaskSummary & {
  evidence: HandoffEvidence;
  reason: string | null;
  note: string | null;
  amount: number | null;
  currency: string | null;
  closeDate: string | null;
};

const withRefs = { account: true, owner: true } as const;
type TaskRow = NonNullable<Awaited<ReturnType<Db['salesTask']['findFirst']>>> & {
  account: { id: string; domain: string; name: string; tier: number | null; tierOverride: number | null };
  owner: { email: string } | null;
};

function summary(t: TaskRow): TaskSummary {
  const evidence = t.evidence as unknown as HandoffEvidence;
  return {
    id: t.id,
    account: { id: t.account.id, domain: t.account.domain, name: t.account.name, tier: t.account.tierOverride ?? t.account.tier },
    owner: t.owner?.email ?? null,
    status: t.status,
    trigger: t.trigger,
    createdAt: t.createdAt.toISOString(),
    dueAt: t.dueAt?.toISOString() ?? null,
    score: evidence.score,
    nextAction: evidence.nextAction,
  };
}

export async function findRep(db: Db, email: string) {
  const rep = await db.salesRep.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!rep) throw new SalesTaskError(`No sales rep with e-mail "${email}". List them with "harpoon accounts reps list".`);
  return rep;
}

/** Open tasks (queued, created, accepted, opportunity), soonest due first; one owner's when given. */
export async function salesInbox(db: Db, ownerEmail?: string): Promise<TaskSummary[]> {
  const owner = ownerEmail ? await findRep(db, ownerEmail) : undefined;
  const rows = await db.salesTask.findMany({
    where: { openAccountId: { not: null }, ...(owner ? { ownerId: owner.id } : {}) },
    include: withRefs,
    orderBy: [{ dueAt: 'asc' }, { priority: 'asc' }, { createdAt: 'asc' }],
  });
  return (rows as TaskRow[]).map(summary);
}

/** A task by its ID (handoff/<account-id>/<n>), or by an account's domain: its latest task. */
export async function findTask(db: Db, ref: string): Promise<TaskDetail> {
  const byId = await db.salesTask.findUnique({ where: { id: ref }, include: withRefs });
  const row =
    byId ??
    (await db.salesTask.findFirst({
      where: { account: { domain: ref.trim().toLowerCase().replace(/^www\./, '') } },
      include: withRefs,
      orderBy: { seq: 'desc' },
    }));
  if (!row) throw new SalesTaskError(`No sales task "${ref}": give a task ID from "harpoon sales inbox" or an account's domain.`);
  const t = row as TaskRow;
  return {
    ...summary(t),
    evidence: t.evidence as unknown as HandoffEvidence,
    reason: t.reason,
    note: t.note,
    amount: t.amount,
    currency: t.currency,
    closeDate: t.closeDate?.toISOString().slice(0, 10) ?? null,
  };
}

/** Sends an action to the task's workflow; the workflow's validator decides, and says why not. */
export async function actOnTask(db: Db, client: Client, ref: string, action: SalesAction, ownerEmail?: string): Promise<SalesActionResult> {
  const task = await findTask(db, ref);
  const actorId = ownerEmail ? (await findRep(db, ownerEmail)).id : undefined;
  try {
    return await client.workflow
      .getHandle(task.id)
      .executeUpdate(salesActionUpdate, { args: [{ version: 1, ...action, ...(actorId ? { actorId } : {}) }] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw new SalesTaskError(`${task.id}: ${(err.cause as Error | undefined)?.message ?? err.message}`);
    if (err instanceof WorkflowNotFoundError) throw new SalesTaskError(`${task.id} is ${task.status} and no longer takes actions`);
    throw err;
  }
}

/** Open proposals; one whose account has since been excluded (the proposal confirmed) is done. */
export async function negativeProposals(db: Db) {
  return db.negativeProposal.findMany({
    where: { status: 'open', account: { poolStatus: { not: 'excluded' } } },
    include: { account: true },
    orderBy: { createdAt: 'asc' },
  });
}
