// The journey's step visits (StepVisit), the record behind the per-step analytics: each step the
// journey enters, and how it left the one before. The journey's end closes its last visit
// (activities/journey-runs.ts, recordJourneyEnd).
import type { Db } from '../db/client';
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

export function createStepVisitActivities(db: Db) {
  return {
    /** The journey entered a step, so it moved on from the step it was at. A retry finds both done. */
    async recordStepEntered(e: StepEntry): Promise<void> {
      const key = stepVisitKey(e.workflowId, e.stepPath);
      const at = new Date(e.atMs);
      await db.$transaction([
        db.stepVisit.updateMany({ where: { workflowId: e.workflowId, leftAt: null, key: { not: key } }, data: { leftAt: at, left: 'moved_on' } }),
        db.stepVisit.upsert({
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
        }),
      ]);
    },
  };
}
