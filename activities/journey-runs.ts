// Activities that read the account a journey is about and mirror the journey's state into SQL.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client';

export type AccountSnapshot = {
  id: string;
  displayName: string;
  tier: number | null;
  poolStatus: string;
  timezone: string;
};

export type JourneyRunRef = { workflowId: string; journeyKey: string; journeyVersion: number; accountId: string };

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
    async recordJourneyStart(run: JourneyRunRef & { stage: string }): Promise<void> {
      await db.journeyRun.upsert({
        where: { workflowId: run.workflowId },
        create: { ...run, status: 'running' },
        update: { status: 'running', endedAt: null, exitReason: null },
      });
    },

    async recordJourneyProgress(p: { workflowId: string; status?: string; stage?: string; step?: string | null }) {
      await db.journeyRun.update({
        where: { workflowId: p.workflowId },
        data: { status: p.status, stage: p.stage, step: p.step },
      });
    },

    async recordJourneyEnd(p: { workflowId: string; status: 'completed' | 'stopped'; reason: string }) {
      await db.journeyRun.update({
        where: { workflowId: p.workflowId },
        data: { status: p.status, exitReason: p.reason, endedAt: new Date() },
      });
    },
  };
}
