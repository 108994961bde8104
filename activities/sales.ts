// Over 300 lines on purpose: the activities of a task's life share the factory's helpers (join the open task, count today's releases).
// The sales handoff's I/O: create a task (at most one open per account, enforced by a unique index),
// pace tasks to the owner's daily capacity, record every action and breach on the account timeline,
// and carry out the effects of an outcome on the account (negative-list proposal, lifecycle).
import { ApplicationFailure } from '@temporalio/activity';
import { defaultSalesConfig, type SalesConfig } from '../config/sales';
import { type Db, type Tx, isUniqueViolation } from '../db/client';
import { inTransaction } from '../db/transaction';
import { lifecycleAfterWon, handoffPriority, type Lifecycle } from '../domain/sales/after-won';
import { addBusinessDays, localDay } from '../domain/time/business-days';
import { isOpen, statusAfter, type SalesAction, type TaskStatus } from '../domain/sales/vocabulary';
import type { Condition } from '../domain/journey/definition';
import { loadEvidence } from './evidence';
import { handoffWhy } from './handoff-why';
import { recordTouch } from '../timeline/record-touch';
import { hasLeftPool } from '../domain/accounts/eligibility';
import { formatMoney } from '../domain/metrics/money';

export type HandoffRequest = {
  accountId: string;
  journeyWorkflowId: string;
  journeyKey: string;
  /** What qualified the account: the MQA rule after engagement, or a handoff step. */
  trigger: 'mqa' | 'step';
  nowMs: number;
  /** The journey's cooldown after a rejection (its `sales.cooldown`), else the configured one. */
  cooldownMs?: number;
  engagement: { score: number; byRole: Record<string, number> };
};

export type HandoffAnswer =
  | { kind: 'created'; taskId: string; status: 'created' | 'queued' }
  /**
   * The account's task is open: this journey's own (`mine`, a retried request), or another
   * journey's, which this one now waits on too and hears of; `status` as it was when it joined.
   * Answers recorded before journeys joined carry no status.
   */
  | { kind: 'open'; taskId: string; mine: boolean; status?: TaskStatus; waitedBefore?: boolean }
  | { kind: 'cooldown'; untilMs: number }
  /** The account has left the pool (retired, excluded): nobody is handed it, whatever engaged. */
  | { kind: 'left_pool'; poolStatus: string };

/** What the handoff workflow needs of its task: IDs, times and numbers, no personal data. */
export type TaskFacts = {
  taskId: string;
  accountId: string;
  status: TaskStatus;
  ownerId: string | null;
  managerId: string | null;
  ownerTimeZone: string;
  slaDays: number;
  createdAtMs: number;
  journeyWorkflowId: string;
};

const slaFor = (cfg: SalesConfig, tier: number | null) => cfg.slaDays[(tier ?? 3) - 1] ?? cfg.slaDays.at(-1) ?? 3;

export function createSalesActivities(db: Db, cfg: SalesConfig = defaultSalesConfig) {
  /**
   * Adds the journey to those waiting on the account's open task, if there is one. The status is
   * read in the same transaction: a change committed before it is in the answer, one committed
   * after it finds this journey among those its workflow tells (loadTaskJourneys).
   */
  async function joinOpenTask(req: HandoffRequest): Promise<Extract<HandoffAnswer, { kind: 'open' }> | null> {
    return inTransaction(db, async (tx) => {
      const task = await tx.salesTask.findUnique({ where: { openAccountId: req.accountId } });
      if (!task) return null;
      const key = { taskId: task.id, journeyWorkflowId: req.journeyWorkflowId };
      const waitedBefore = (await tx.salesTaskJourney.findUnique({ where: { taskId_journeyWorkflowId: key } })) !== null;
      if (!waitedBefore) await tx.salesTaskJourney.create({ data: { ...key, joinedAt: new Date(req.nowMs) } });
      return { kind: 'open', taskId: task.id, mine: task.journeyWorkflowId === req.journeyWorkflowId, status: task.status as TaskStatus, waitedBefore };
    });
  }

  const evidenceFor = async (req: HandoffRequest) =>
    loadEvidence(db, {
      accountId: req.accountId,
      why: await handoffWhy(db, req, cfg.mqa),
      score: req.engagement.score,
      byRole: req.engagement.byRole,
    });

  /**
   * Tasks this rep received on the local day of `nowMs`: what their daily capacity counts. Releases
   * stamped a moment after `nowMs` count too: tasks that wake together at midnight carry their own
   * workflows' clocks, and the one released second may carry the earlier time.
   */
  async function releasedToday(ownerId: string, timeZone: string, nowMs: number, client: Db | Tx = db): Promise<number> {
    const day = localDay(nowMs, timeZone);
    const recent = await client.salesTask.findMany({
      where: { ownerId, releasedAt: { gte: new Date(nowMs - 2 * 86_400_000), lte: new Date(nowMs + 2 * 86_400_000) } },
      select: { releasedAt: true },
    });
    return recent.filter((t) => localDay(t.releasedAt!.getTime(), timeZone) === day).length;
  }

  return {
    /** The MQA rule in force when a journey file names none, and the cooldown after a rejection. */
    async loadSalesDefaults(): Promise<{ mqa: Condition; cooldownMs: number }> {
      return { mqa: cfg.mqa, cooldownMs: cfg.cooldownMs };
    },

    /**
     * Creates the account's sales task unless one is open (then the journey joins it) or a
     * rejection's cooldown runs. One task per account: concurrent requests race on the unique
     * open-task index, one wins, the others join its task and hear its outcome as the winner does.
     * A retried activity finds the task it created (`mine`); a journey that asks again after a
   * roll-over finds the task it already waits on (`waitedBefore`: it has been told of every change).
     */
    async requestHandoff(req: HandoffRequest): Promise<HandoffAnswer> {
      const existing = await joinOpenTask(req);
      if (existing) return existing;
      // A lost deal, like a rejection, is not handed back to sales the next day.
      const lastRejected = await db.salesTask.findFirst({ where: { accountId: req.accountId, status: { in: ['rejected', 'lost'] } }, orderBy: { closedAt: 'desc' } });
      const cooldownMs = req.cooldownMs ?? cfg.cooldownMs;
      if (lastRejected?.closedAt && lastRejected.closedAt.getTime() + cooldownMs > req.nowMs) {
        return { kind: 'cooldown', untilMs: lastRejected.closedAt.getTime() + cooldownMs };
      }
      const account = await db.account.findUnique({ where: { id: req.accountId }, include: { owner: true } });
      if (!account) throw ApplicationFailure.nonRetryable(`Account ${req.accountId} does not exist`, 'AccountNotFound');
      if (hasLeftPool(account)) {
        // Once per request: the journey asks again a day later at the earliest.
        await recordTouch(db, {
          idempotencyKey: `${req.journeyWorkflowId}|handoff_not_made|${req.nowMs}`,
          accountId: req.accountId,
          workflowId: req.journeyWorkflowId,
          journeyKey: req.journeyKey,
          type: 'sales_handoff_not_made',
          detail: { text: `not handed to sales although it qualified: the account is ${account.poolStatus}`, poolStatus: account.poolStatus },
          at: new Date(req.nowMs),
        });
        return { kind: 'left_pool', poolStatus: account.poolStatus };
      }
      const tier = account.tierOverride ?? account.tier;
      const timeZone = account.owner?.timezone ?? account.timezone;
      const capacity = account.owner?.dailyCapacity ?? cfg.dailyCapacity;
      const full = account.owner ? (await releasedToday(account.owner.id, timeZone, req.nowMs)) >= capacity : false;
      const status = full ? 'queued' : 'created';
      const slaDays = slaFor(cfg, tier);
      const evidence = await evidenceFor(req);
      const seq = (await db.salesTask.count({ where: { accountId: req.accountId } })) + 1;
      const taskId = `handoff/${req.accountId}/${seq}`;
      const at = new Date(req.nowMs);
      try {
        await db.$transaction([
          db.salesTask.create({
            data: {
              id: taskId,
              accountId: req.accountId,
              seq,
              openAccountId: req.accountId,
              ownerId: account.ownerId,
              journeyWorkflowId: req.journeyWorkflowId,
              status,
              trigger: req.trigger,
              evidence: evidence as object,
              priority: handoffPriority(tier, account.score),
              slaDays,
              createdAt: at,
              releasedAt: full ? null : at,
              dueAt: full ? null : new Date(addBusinessDays(req.nowMs, slaDays, timeZone)),
            },
          }),
          db.salesTaskJourney.create({ data: { taskId, journeyWorkflowId: req.journeyWorkflowId, joinedAt: at } }),
          recordTouch(db, {
            idempotencyKey: `${taskId}|created`,
            accountId: req.accountId,
            workflowId: taskId,
            journeyKey: req.journeyKey,
            type: 'sales_handoff',
            detail: {
              taskId,
              status,
              owner: account.owner?.email ?? null,
              text: `handed to sales (${evidence.why}); task ${taskId}${full ? `, queued: the owner's ${capacity} handoffs for today are taken` : ''}`,
            },
            at,
          }),
        ]);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const winner = await joinOpenTask(req);
        if (winner) return winner;
        // The same seq was taken by a task that closed meanwhile: let Temporal retry with a fresh count.
        throw err;
      }
      return { kind: 'created', taskId, status };
    },

    async loadTaskFacts(taskId: string): Promise<TaskFacts> {
      const task = await db.salesTask.findUnique({ where: { id: taskId }, include: { owner: true, account: true } });
      if (!task) throw ApplicationFailure.nonRetryable(`Sales task ${taskId} does not exist`, 'TaskNotFound');
      return {
        taskId,
        accountId: task.accountId,
        status: task.status as TaskStatus,
        ownerId: task.ownerId,
        managerId: task.owner?.managerId ?? null,
        ownerTimeZone: task.owner?.timezone ?? task.account.timezone,
        slaDays: task.slaDays,
        createdAtMs: task.createdAt.getTime(),
        journeyWorkflowId: task.journeyWorkflowId,
      };
    },

    /**
     * The journeys waiting on a task, to tell of each change: the one that handed off first, then
     * those that joined, in the order they did. Read after the change is committed (see joinOpenTask).
     */
    async loadTaskJourneys(taskId: string): Promise<string[]> {
      const task = await db.salesTask.findUnique({ where: { id: taskId }, include: { journeys: { orderBy: { joinedAt: 'asc' } } } });
      if (!task) throw ApplicationFailure.nonRetryable(`Sales task ${taskId} does not exist`, 'TaskNotFound');
      return [...new Set([task.journeyWorkflowId, ...task.journeys.map((j) => j.journeyWorkflowId)])];
    },

    /**
     * Hands a queued task to its owner if, among the owner's queued tasks in priority order (tier,
     * then score, then age), it fits in what is left of today's capacity. Returns the due time.
     */
    async tryRelease({ taskId, nowMs }: { taskId: string; nowMs: number }): Promise<{ released: boolean; dueAtMs?: number }> {
      const task = await db.salesTask.findUnique({ where: { id: taskId }, include: { owner: true, account: true } });
      if (!task) throw ApplicationFailure.nonRetryable(`Sales task ${taskId} does not exist`, 'TaskNotFound');
      if (task.status !== 'queued') return { released: task.releasedAt !== null, dueAtMs: task.dueAt?.getTime() };
      const timeZone = task.owner?.timezone ?? task.account.timezone;
      const capacity = task.owner?.dailyCapacity ?? cfg.dailyCapacity;
      // Tasks of one owner wake together at midnight: counting today's releases, reading the queue and
      // releasing happen in one transaction, so two of them never both take the last place.
      const dueAt = await inTransaction(db, async (tx) => {
        const left = task.ownerId ? capacity - (await releasedToday(task.ownerId, timeZone, nowMs, tx)) : 1;
        const ahead = await tx.salesTask.findMany({
          where: { ownerId: task.ownerId, status: 'queued' },
          orderBy: [{ priority: 'asc' }, { createdAt: 'asc' }],
          select: { id: true },
        });
        const place = ahead.findIndex((t) => t.id === taskId);
        if (place < 0 || place >= left) return null;
        const due = new Date(addBusinessDays(nowMs, task.slaDays, timeZone));
        await tx.salesTask.update({ where: { id: taskId }, data: { status: 'created', releasedAt: new Date(nowMs), dueAt: due } });
        await recordTouch(tx, {
          idempotencyKey: `${taskId}|released`,
          accountId: task.accountId,
          workflowId: taskId,
          type: 'sales_released',
          detail: { taskId, text: `task ${taskId} handed to its owner after waiting for capacity` },
          at: new Date(nowMs),
        });
        return due;
      });
      if (!dueAt) return { released: false };
      return { released: true, dueAtMs: dueAt.getTime() };
    },

    /** A missed service level, on the timeline: the reminder to the owner, then the escalation. */
    async recordSlaBreach({ taskId, level, nowMs, to }: { taskId: string; level: 'reminder' | 'escalation'; nowMs: number; to: 'owner' | 'manager' | 'queue' }): Promise<void> {
      const task = await db.salesTask.findUniqueOrThrow({ where: { id: taskId } });
      await recordTouch(db, {
        idempotencyKey: `${taskId}|sla_${level}`,
        accountId: task.accountId,
        workflowId: taskId,
        type: `sales_${level}`,
        detail: { taskId, to, text: level === 'reminder' ? `task ${taskId} missed its service level: reminder to the owner` : `task ${taskId} still unanswered: escalated to the ${to === 'manager' ? "owner's manager" : 'sales queue'}` },
        at: new Date(nowMs),
      });
    },

    /**
     * Stores what sales did (validated by the workflow's Update validator), closes the task when
     * the outcome is final, and carries out the account-level effects. Idempotent per action.
     */
    async recordSalesAction({ taskId, action, nowMs, seq }: { taskId: string; action: SalesAction; nowMs: number; seq: number }): Promise<{ lifecycle?: Lifecycle; purchasePattern?: string }> {
      const task = await db.salesTask.findUniqueOrThrow({ where: { id: taskId }, include: { account: true } });
      const status = statusAfter(action.kind);
      const at = new Date(nowMs);
      const data: Record<string, unknown> = { status };
      if (!isOpen(status)) Object.assign(data, { openAccountId: null, closedAt: at });
      if (action.kind === 'accept') data.acceptedAt = at;
      if (action.kind === 'reject') Object.assign(data, { reason: action.reason, note: action.note ?? null });
      if (action.kind === 'opportunity') Object.assign(data, { amount: action.amount, opportunityAmount: action.amount, currency: action.currency, closeDate: new Date(`${action.closeDate}T00:00:00Z`), opportunityAt: at });
      if (action.kind === 'won') Object.assign(data, { ...(action.amount !== undefined ? { amount: action.amount } : {}), ...(action.currency ? { currency: action.currency } : {}), closeDate: at });
      if (action.kind === 'lost') Object.assign(data, { reason: action.reason ?? null, ...(action.amount !== undefined ? { amount: action.amount } : {}), ...(action.currency ? { currency: action.currency } : {}), closeDate: at });
      const lifecycle = action.kind === 'won' ? lifecycleAfterWon(task.account.purchasePattern) : undefined;
      const money = typeof data.amount === 'number' ? ` ${formatMoney(data.amount, (data.currency as string | undefined) ?? task.currency)}` : '';
      const text =
        action.kind === 'reject'
          ? `sales rejected task ${taskId}: ${action.reason}${action.note ? ` (${action.note})` : ''}`
          : action.kind === 'won'
            ? `won${money}: the account moves to ${lifecycle}`
            : `sales ${statusAfter(action.kind)} task ${taskId}${money}${action.kind === 'lost' && action.reason ? `: ${action.reason}` : ''}`;
      await db.$transaction([
        db.salesTask.update({ where: { id: taskId }, data }),
        recordTouch(db, {
          idempotencyKey: `${taskId}|action|${seq}`,
          accountId: task.accountId,
          workflowId: taskId,
          type: `sales_${status}`,
          detail: { taskId, ...action, text },
          at,
        }),
        ...(lifecycle ? [db.account.update({ where: { id: task.accountId }, data: { lifecycle } })] : []),
        ...(action.kind === 'reject' && action.reason === 'not_icp'
          ? [
              db.negativeProposal.upsert({
                where: { taskId },
                create: { accountId: task.accountId, taskId, kind: 'domain', value: task.account.domain, note: action.note ?? null },
                update: {},
              }),
              recordTouch(db, {
                idempotencyKey: `${taskId}|negative_proposed`,
                accountId: task.accountId,
                workflowId: taskId,
                type: 'sales_negative_proposed',
                detail: { taskId, text: `sales say ${task.account.domain} is not in the ideal customer profile: proposed for the negative list (accounts negative proposals)` },
                at,
              }),
            ]
          : []),
      ]);
      return lifecycle ? { lifecycle, purchasePattern: task.account.purchasePattern } : {};
    },
  };
}
