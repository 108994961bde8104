// Activities that read the account a journey is about and mirror the journey's state into SQL.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client';
import { inTransaction } from '../db/transaction';
import type { GoalKind } from '../domain/journey/definition';
import { repTaskWithdrawal } from '../domain/sales/rep-task';
import { cancelOpenRepTasks } from '../use-cases/cancel-rep-tasks';
import { writeStepEntries, type StepEntry } from './step-visits';
import { recordTouch } from '../timeline/record-touch';

export type AccountSnapshot = {
  id: string;
  displayName: string;
  tier: number | null;
  poolStatus: string;
  timezone: string;
};

export type JourneyRunRef = { workflowId: string; journeyKey: string; journeyVersion: number; accountId: string };

/**
 * The journey's clock: the workflow's time of the moment recorded, so the timeline and JourneyRun
 * follow the same clock as the journey's emails (in a time-skipping test too). Requests scheduled by
 * a worker from before this field existed carry none; they get the time of the activity.
 */
export type JourneyClock = { atMs?: number };
const journeyTime = (c: JourneyClock) => new Date(c.atMs ?? Date.now());

export function createJourneyRunActivities(db: Db) {
  return {
    async loadAccountSnapshot(accountId: string): Promise<AccountSnapshot> {
      const account = await db.account.findUnique({ where: { id: accountId } });
      if (!account) {
        throw ApplicationFailure.nonRetryable(`Account ${accountId} does not exist`, 'AccountNotFound');
      }
      return {
        id: account.id,
        displayName: account.name,
        tier: account.tierOverride ?? account.tier,
        poolStatus: account.poolStatus,
        timezone: account.timezone,
      };
    },

    /** Idempotent: a retried or replayed start leaves one row, with its first start time. */
    /** `chainId` is the first run's ID: the same across continue-as-new, new for a relaunch. */
    /** `entry` (re-entry) is set whichever of this and the launcher's record comes first. */
    async recordJourneyStart({ chainId, entry, atMs, ...run }: JourneyRunRef & JourneyClock & { stage: string; chainId: string; entry?: number }): Promise<void> {
      const at = journeyTime({ atMs });
      // A batched transaction: both writes in one go, with no round trips back to JavaScript between
      // them (every journey start makes one).
      await db.$transaction([
        db.journeyRun.upsert({
          where: { workflowId: run.workflowId },
          create: { ...run, status: 'running', entries: entry ?? 1, startedAt: at, updatedAt: at },
          // The launcher may have written the row first, on its own clock; the journey's start wins. A
          // retry carries the same time, so it changes nothing.
          update: {
            status: 'running',
            stage: run.stage,
            journeyVersion: run.journeyVersion,
            startedAt: at,
            endedAt: null,
            exitReason: null,
            updatedAt: at,
            ...(entry ? { entries: entry } : {}),
          },
        }),
        recordTouch(db, {
          idempotencyKey: `${run.workflowId}|${chainId}|started`,
          accountId: run.accountId,
          workflowId: run.workflowId,
          journeyKey: run.journeyKey,
          type: 'journey_started',
          detail: { version: run.journeyVersion, stage: run.stage },
          at,
        }),
      ]);
    },

    async recordStageChange(c: { workflowId: string; journeyKey: string; accountId: string; from: string; to: string; why: string; atMs: number }) {
      await inTransaction(db, async (tx) => {
        await tx.journeyRun.update({ where: { workflowId: c.workflowId }, data: { stage: c.to, updatedAt: new Date(c.atMs) } });
        await recordTouch(tx, {
          idempotencyKey: `${c.workflowId}|stage|${c.to}|${c.atMs}`,
          accountId: c.accountId,
          workflowId: c.workflowId,
          journeyKey: c.journeyKey,
          type: 'stage_changed',
          detail: { from: c.from, to: c.to, why: c.why },
          at: new Date(c.atMs),
        });
      }, { ownRowsOnly: true });
    },

    async recordJourneyProgress(p: JourneyClock & { workflowId: string; status: 'running' | 'paused' }) {
      await db.journeyRun.update({
        where: { workflowId: p.workflowId },
        data: { status: p.status, updatedAt: journeyTime(p) },
      });
    },

    /**
     * `goal`: the goal that ended the journey; the step it was at (its open visit) records it, after
     * the steps it entered since it last recorded them (`entered`). A stop, or a goal that forbids
     * touching the account, cancels the rep tasks the journey left open, in the same transaction.
     */
    async recordJourneyEnd(p: JourneyClock & { workflowId: string; chainId: string; status: 'completed' | 'stopped'; reason: string; goal?: GoalKind; entered?: StepEntry[] }) {
      const at = journeyTime(p);
      await db.$transaction(async (tx) => {
        const run = await tx.journeyRun.update({
          where: { workflowId: p.workflowId },
          data: { status: p.status, exitReason: p.reason, endedAt: at, updatedAt: at },
        });
        await writeStepEntries(tx, p.entered ?? []);
        await tx.stepVisit.updateMany({ where: { workflowId: p.workflowId, leftAt: null }, data: { leftAt: at, left: p.goal ? 'goal' : 'ended', endReason: p.reason } });
        await recordTouch(tx, {
          idempotencyKey: `${p.workflowId}|${p.chainId}|ended`,
          accountId: run.accountId,
          workflowId: p.workflowId,
          journeyKey: run.journeyKey,
          type: `journey_${p.status}`,
          detail: { reason: p.reason },
          at,
        });
        const withdrawal = repTaskWithdrawal(p);
        if (withdrawal) await cancelOpenRepTasks(tx, { of: { workflowId: p.workflowId }, why: withdrawal, at });
      });
    },
  };
}
