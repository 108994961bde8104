// The journey's step visits (StepVisit), the record behind the per-step analytics: each step the
// journey enters, and how it left the one before; and the step it is at (JourneyRun.step). The
// journey's end closes its last visit (activities/journey-runs.ts, recordJourneyEnd).
import type { Db, Tx } from '../db/client';
import { stepVisitKey } from '../domain/measurement/step-analytics';

export type StepEntry = {
  workflowId: string;
  journeyKey: string;
  /** The version in force when the journey entered the step. */
  journeyVersion: number;
  accountId: string;
  stage: string;
  stepId: string;
  stepType: string;
  stepPath: string;
  /** The journey's clock. */
  atMs: number;
};

/** Entries in the order the journey made them: each one leaves the step before it. A retry finds them done. */
export async function writeStepEntries(tx: Tx, entries: readonly StepEntry[]): Promise<void> {
  for (const e of entries) {
    const key = stepVisitKey(e.workflowId, e.stepPath);
    const at = new Date(e.atMs);
    await tx.stepVisit.updateMany({ where: { workflowId: e.workflowId, leftAt: null, key: { not: key } }, data: { leftAt: at, left: 'moved_on' } });
    await tx.stepVisit.upsert({
      where: { key },
      create: {
        key,
        workflowId: e.workflowId,
        journeyKey: e.journeyKey,
        journeyVersion: e.journeyVersion,
        accountId: e.accountId,
        stage: e.stage,
        stepId: e.stepId,
        stepType: e.stepType,
        stepPath: e.stepPath,
        enteredAt: at,
      },
      update: {},
    });
  }
  // The run's row says where the journey is, for SQL reports and for `journeys status` while
  // Temporal cannot be asked.
  const last = entries.at(-1);
  if (last) await tx.journeyRun.updateMany({ where: { workflowId: last.workflowId }, data: { step: last.stepId } });
}

export function createStepVisitActivities(db: Db) {
  return {
    /** The steps a journey entered since it last recorded them, written when it is about to wait. */
    async recordStepsEntered(req: { entries: StepEntry[] }): Promise<void> {
      await db.$transaction((tx) => writeStepEntries(tx, req.entries));
    },
  };
}
