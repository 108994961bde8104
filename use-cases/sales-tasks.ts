// Sales reps' side of a handoff: their inbox and one task's evidence from the database, and their
// actions sent to the task's workflow as the `salesAction` Update (refused there, in one line,
// when the transition is invalid). Reps are named by e-mail here and by ID in Temporal. A rep reaches
// their own tasks only: decided here, once, for the API, the console and the CLI.
import type { Client } from '@temporalio/client';
import { config } from '../config/env';
import type { Db } from '../db/client';
import { reaches, type ActingUser } from '../domain/access/acting-user';
import { forbidden, invalid, notFound } from '../domain/use-case-error';
import { currencyInUse, currencyRefusal } from '../metrics/amounts-currency';
import type { HandoffEvidence } from '../domain/sales/evidence';
import { arrangeInbox, arrivalFrom } from '../domain/sales/inbox-order';
import { nextActionFor } from '../domain/sales/next-action';
import type { SalesAction, TaskStatus } from '../domain/sales/vocabulary';
import { salesActionUpdate, type SalesActionResult } from '../workflows/sales-api';
import { refusableUpdate } from '../client/refusable-update';
import { listeningJourneys } from '../client/journey-outbox';
import { movedAwayFrom } from '../accounts/owner-changes';
import { emailKey } from '../domain/accounts/email-address';
import { normaliseDomain } from '../domain/accounts/domain-name';
import { defaultCurrency } from '../domain/metrics/money';

export type TaskSummary = {
  id: string;
  account: { id: string; domain: string; name: string; tier: number | null };
  owner: string | null;
  status: string;
  trigger: string;
  createdAt: string;
  dueAt: string | null;
  /** The zone the task's service level runs in (its owner's, else the account's): times are shown on its clock. */
  timeZone: string;
  /** A queued task's place in its owner's line and the earliest moment it reaches them; null for the others. */
  queue: { place: number; arrivesFrom: string | null } | null;
  score: number;
  /** What the task asks of its rep now: the handoff's suggestion while it waits for an answer, then by its status. */
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
  account: { id: string; domain: string; name: string; tier: number | null; tierOverride: number | null; timezone: string };
  owner: { email: string; timezone: string | null; dailyCapacity: number | null } | null;
};

const timeZoneOf = (t: TaskRow) => t.owner?.timezone ?? t.account.timezone;

function summary(t: TaskRow, queue: TaskSummary['queue'] = null): TaskSummary {
  const evidence = t.evidence as unknown as HandoffEvidence;
  return {
    id: t.id,
    account: { id: t.account.id, domain: t.account.domain, name: t.account.name, tier: t.account.tierOverride ?? t.account.tier },
    owner: t.owner?.email ?? null,
    status: t.status,
    trigger: t.trigger,
    createdAt: t.createdAt.toISOString(),
    dueAt: t.dueAt?.toISOString() ?? null,
    timeZone: timeZoneOf(t),
    queue,
    score: evidence.score,
    nextAction: nextActionFor(t.status as TaskStatus, evidence.nextAction),
  };
}

/** A queued task's place among its owner's queued tasks (the order pacing releases them in). */
async function queuePlace(db: Db, t: TaskRow, nowMs: number): Promise<TaskSummary['queue']> {
  if (t.status !== 'queued') return null;
  const line = await db.salesTask.findMany({ where: { ownerId: t.ownerId, status: 'queued' }, orderBy: [{ priority: 'asc' }, { createdAt: 'asc' }], select: { id: true } });
  const ahead = Math.max(0, line.findIndex((x) => x.id === t.id));
  const arrives = arrivalFrom(ahead, t.owner?.dailyCapacity ?? config().sales.dailyCapacity, nowMs, timeZoneOf(t));
  return { place: ahead + 1, arrivesFrom: arrives === null ? null : new Date(arrives).toISOString() };
}

export async function findRep(db: Db, email: string) {
  const rep = await db.salesRep.findUnique({ where: { email: emailKey(email) } });
  if (!rep) throw notFound(`No sales rep with e-mail "${email}". List them with "harpoon accounts reps list".`);
  return rep;
}

/**
 * Open tasks, one owner's when given (a rep's: their own): first what the rep can act on (answers
 * soonest due first, then the accepted ones), then the queued tasks in the order they will arrive
 * (domain/sales/inbox-order.ts).
 */
export async function salesInbox(db: Db, actor: ActingUser, ownerEmail?: string, nowMs = Date.now()): Promise<TaskSummary[]> {
  if (actor.rep && ownerEmail !== undefined && emailKey(ownerEmail) !== actor.rep.email) throw forbidden("a rep reads their own inbox only");
  const owner = actor.rep ?? (ownerEmail ? await findRep(db, ownerEmail) : undefined);
  const rows = (await db.salesTask.findMany({
    where: { openAccountId: { not: null }, ...(owner ? { ownerId: owner.id } : {}) },
    include: withRefs,
  })) as TaskRow[];
  const defaultCapacity = config().sales.dailyCapacity;
  const { actionable, queued } = arrangeInbox(
    rows.map((row) => ({
      row,
      id: row.id,
      status: row.status as TaskStatus,
      ownerId: row.ownerId,
      dueAtMs: row.dueAt?.getTime() ?? null,
      createdAtMs: row.createdAt.getTime(),
      priority: row.priority,
      timeZone: timeZoneOf(row),
      capacity: row.owner?.dailyCapacity ?? defaultCapacity,
    })),
    nowMs,
  );
  return [
    ...actionable.map((t) => summary(t.row)),
    ...queued.map((t) => summary(t.row, { place: t.queue.place, arrivesFrom: t.queue.arrivesFromMs === null ? null : new Date(t.queue.arrivesFromMs).toISOString() })),
  ];
}

/** A task by its ID (handoff/<account-id>/<n>), or by an account's domain: its latest task; a rep's own only. */
export async function findTask(db: Db, actor: ActingUser, ref: string): Promise<TaskDetail> {
  const byId = await db.salesTask.findUnique({ where: { id: ref }, include: withRefs });
  // Spelt as the account commands take it: with a scheme, "www.", a path or a trailing dot.
  const domain = normaliseDomain(ref);
  const row = byId ?? (domain ? await db.salesTask.findFirst({ where: { account: { domain } }, include: withRefs, orderBy: { seq: 'desc' } }) : null);
  if (!row) throw notFound(`No sales task "${ref}": give a task ID from "harpoon sales inbox" or an account's domain.`);
  const t = row as TaskRow;
  if (!reaches(actor, t.ownerId)) {
    const moved = actor.rep && (await movedAwayFrom(db, { type: 'sales_task_reassigned', accountId: t.accountId, taskId: t.id }, actor.rep.id));
    if (moved) {
      throw forbidden(`${t.id} moved from you to ${t.owner?.email ?? 'the sales queue'} on ${moved.toISOString().slice(0, 10)}, when ${t.account.domain} changed hands: it is theirs to answer now`);
    }
    throw forbidden(
      t.ownerId === null
        ? `${t.id} has no owner: it is in the sales queue, for an admin to act on until its account has an owner; a rep sees and acts on their own tasks only`
        : `${t.id} belongs to another rep: a rep sees and acts on their own tasks only`,
    );
  }
  return {
    ...summary(t, await queuePlace(db, t, Date.now())),
    evidence: t.evidence as unknown as HandoffEvidence,
    reason: t.reason,
    note: t.note,
    amount: t.amount,
    currency: t.currency,
    closeDate: t.closeDate?.toISOString().slice(0, 10) ?? null,
  };
}

/**
 * The action with the currency of an amount given without one (won, lost): the one amounts are kept
 * in, else the task's own, else the default. An amount kept without its currency was shown bare.
 */
async function withCurrency(db: Db, task: TaskDetail, action: SalesAction): Promise<SalesAction> {
  if ((action.kind !== 'won' && action.kind !== 'lost') || action.amount === undefined || action.currency !== undefined) return action;
  return { ...action, currency: (await currencyInUse(db, task.id)) ?? task.currency ?? defaultCurrency };
}

/** `note`: what the rep should know that the change itself does not say. */
export type TaskActionOutcome = SalesActionResult & { note?: string };

/**
 * Sends an action to the task's workflow; the workflow's validator decides, and says why not.
 * Temporal is reached only for a task the actor may act on.
 */
export async function actOnTask(db: Db, temporal: () => Promise<Client>, actor: ActingUser, ref: string, given: SalesAction): Promise<TaskActionOutcome> {
  const task = await findTask(db, actor, ref);
  const action = await withCurrency(db, task, given);
  if ((action.kind === 'opportunity' || action.kind === 'won' || action.kind === 'lost') && action.currency) {
    // Before the workflow takes it: a deal in a second currency would make every report refuse.
    const refusal = currencyRefusal(await currencyInUse(db, task.id), action.currency);
    if (refusal) throw invalid(refusal);
  }
  const handle = (await temporal()).workflow.getHandle(task.id);
  const actorId = actor.rep?.id;
  const result = await refusableUpdate(task.id, `${task.id} is ${task.status} and no longer takes actions`, () =>
    handle.executeUpdate(salesActionUpdate, { args: [{ version: 1, ...action, ...(actorId ? { actorId } : {}) }] }),
  );
  // A rejection or a loss hands the account back to marketing, which only a running journey takes
  // up: one that met its goal when the task was accepted has ended, and the account would sit idle.
  if ((action.kind === 'reject' || action.kind === 'lost') && (await listeningJourneys(db, [task.account.id])).length === 0) {
    const domain = task.account.domain;
    return { ...result, note: `no journey of ${domain} is running, so none takes it back into nurture: marketing can launch one for it ("harpoon journeys launch <journey> --account ${domain}")` };
  }
  return result;
}

/** Open proposals; one whose account has since been excluded (the proposal confirmed) is done. */
export async function negativeProposals(db: Db) {
  return db.negativeProposal.findMany({
    where: { status: 'open', account: { poolStatus: { not: 'excluded' } } },
    include: { account: true },
    orderBy: { createdAt: 'asc' },
  });
}
