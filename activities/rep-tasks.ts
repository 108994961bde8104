// The I/O of rep_task steps: create the task for the account's owner (the sales queue without one)
// once per journey step visit, after the contact policy has counted it as a touch; expire it when
// the journey's wait runs out (use-cases/cancel-rep-tasks.ts cancels tasks). Every outcome is on
// the account's timeline; the journey's history holds the task's ID only.
import { ApplicationFailure } from '@temporalio/activity';
import { type Db, isUniqueViolation } from '../db/client';
import { decideTouch, resolvePolicy, type ContactPolicy, type ContactPolicyOverride } from '../domain/policy/contact-policy';
import type { ConsentState } from '../domain/accounts/vocabulary';
import { hasLeftPool } from '../domain/accounts/eligibility';
import type { RepTaskStep } from '../domain/journey/definition';
import { repTaskContact, repTaskDueMs, type RepTaskStatus } from '../domain/sales/rep-task';
import { recordTouch } from '../timeline/record-touch';
import { countedStatuses } from './send-email';
import { recordClosedWithoutRep } from '../use-cases/cancel-rep-tasks';
import { repTaskTouchesSince } from './rep-task-touches';

export type RepTaskRequest = {
  /** Journey workflow ID | step path: one task per visit of the step. */
  idempotencyKey: string;
  workflowId: string;
  journeyKey: string;
  accountId: string;
  stepPath: string;
  step: RepTaskStep;
  /** Workflow time when the step asked for the task. */
  nowMs: number;
  policy?: ContactPolicyOverride;
};

export type RepTaskAnswer = { kind: 'created'; taskId: string } | { kind: 'skipped'; reason: string };

/** Test hook: a worker dying right after the task was written, before the activity answered. */
export type RepTaskFaults = { afterCreate?: (idempotencyKey: string) => void };

const hourMs = 3_600_000;

/** When the account's contacts were touched (emails the caps count, open and done rep tasks) since `since`. */
export async function touchesSince(db: Db, accountId: string, since: Date): Promise<{ contactId: string | null; atMs: number }[]> {
  const [emails, tasks] = await Promise.all([
    db.emailSend.findMany({ where: { accountId, contactId: { not: null }, status: { in: countedStatuses }, sentAt: { gte: since } }, select: { contactId: true, sentAt: true } }),
    repTaskTouchesSince(db, accountId, since),
  ]);
  return [...emails.map((e) => ({ contactId: e.contactId, atMs: e.sentAt!.getTime() })), ...tasks];
}

export function createRepTaskActivities(db: Db, basePolicy: ContactPolicy, faults: RepTaskFaults = {}) {
  return {
    async createRepTask(req: RepTaskRequest): Promise<RepTaskAnswer> {
      const key = req.idempotencyKey;
      const existing = await db.repTask.findUnique({ where: { idempotencyKey: key }, select: { id: true } });
      if (existing) return { kind: 'created', taskId: existing.id };
      const { step } = req;
      const at = new Date(req.nowMs);
      const touch = (type: string, contactId: string | null, detail: Record<string, unknown>) =>
        recordTouch(db, {
          idempotencyKey: `${key}|${type}`,
          accountId: req.accountId,
          contactId,
          workflowId: req.workflowId,
          journeyKey: req.journeyKey,
          type,
          detail: { channel: step.channel, title: step.title, step: req.stepPath, ...detail },
          at,
        });
      const skip = async (reason: string, why: string, contactId: string | null = null): Promise<RepTaskAnswer> => {
        await touch('rep_task_skipped', contactId, { reason, why });
        return { kind: 'skipped', reason };
      };

      const account = await db.account.findUnique({
        where: { id: req.accountId },
        select: { timezone: true, poolStatus: true, owner: { select: { id: true, email: true, timezone: true } }, contacts: { select: { id: true, role: true, consent: true }, orderBy: { createdAt: 'asc' } } },
      });
      if (!account) throw ApplicationFailure.nonRetryable(`Account ${req.accountId} does not exist`, 'AccountNotFound');
      if (hasLeftPool(account)) {
        return skip(`account:${account.poolStatus}`, `the account is ${account.poolStatus}: no journey touches it`);
      }
      const contact = step.about ? repTaskContact(account.contacts, step.about.roles) : null;
      if (step.about && !contact) return skip('nobody_in_audience', `nobody in the account has the role ${step.about.roles.join(' or ')}`);

      const policy = resolvePolicy(basePolicy, req.policy);
      const lookBackMs = Math.max(policy.perContact.windowDays * 24, policy.perContact.minGapHours, policy.perAccount.windowDays * 24) * hourMs;
      const touches = await touchesSince(db, req.accountId, new Date(req.nowMs - lookBackMs));
      const decision = decideTouch(
        {
          consent: contact ? (contact.consent as ConsentState) : null,
          contactSendsMs: contact ? touches.filter((t) => t.contactId === contact.id).map((t) => t.atMs) : [],
          accountSendsMs: touches.map((t) => t.atMs),
          nowMs: req.nowMs,
        },
        policy,
      );
      if (decision.decision === 'skip') return skip(decision.reason, decision.detail, contact?.id ?? null);

      const owner = account.owner;
      const timeZone = owner?.timezone ?? account.timezone;
      const dueAt = new Date(repTaskDueMs(req.nowMs, step.due, timeZone));
      try {
        const created = await db.$transaction(async (tx) => {
          const task = await tx.repTask.create({
            data: {
              idempotencyKey: key,
              accountId: req.accountId,
              contactId: contact?.id ?? null,
              ownerId: owner?.id ?? null,
              workflowId: req.workflowId,
              journeyKey: req.journeyKey,
              stepPath: req.stepPath,
              channel: step.channel,
              title: step.title,
              instructions: step.instructions ?? null,
              timeZone,
              dueAt,
              waits: step.wait !== undefined,
              status: 'open',
              createdAt: at,
            },
          });
          await recordTouch(tx, {
            idempotencyKey: `${key}|rep_task_created`,
            accountId: req.accountId,
            contactId: contact?.id ?? null,
            workflowId: req.workflowId,
            journeyKey: req.journeyKey,
            type: 'rep_task_created',
            // The owner by ID and e-mail: the team's own address, no contact's personal data.
            detail: { taskId: task.id, channel: step.channel, title: step.title, step: req.stepPath, owner: owner?.email ?? null, ...(owner ? {} : { queue: 'the account has no owner: the task waits in the sales queue' }), dueAt: dueAt.toISOString(), timeZone },
            at,
          });
          return task;
        });
        faults.afterCreate?.(key);
        return { kind: 'created', taskId: created.id };
      } catch (err) {
        // A retry raced the attempt that created it: the task stands once.
        if (!isUniqueViolation(err)) throw err;
        const raced = await db.repTask.findUniqueOrThrow({ where: { idempotencyKey: key }, select: { id: true } });
        return { kind: 'created', taskId: raced.id };
      }
    },

    /** The journey's wait ran out: an open task expires; one the rep closed meanwhile keeps its end. */
    async expireRepTask(req: { taskId: string; nowMs: number }): Promise<RepTaskStatus> {
      return db.$transaction(async (tx) => {
        const expired = await tx.repTask.updateMany({ where: { id: req.taskId, status: 'open' }, data: { status: 'expired', closedAt: new Date(req.nowMs) } });
        const task = await tx.repTask.findUniqueOrThrow({ where: { id: req.taskId } });
        if (expired.count > 0) await recordClosedWithoutRep(tx, task, 'expired', 'the journey stopped waiting for it: nobody marked it done or skipped in time', new Date(req.nowMs));
        return task.status as RepTaskStatus;
      });
    },
  };
}
