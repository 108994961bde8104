// The journey's step visits (StepVisit), the record behind the per-step analytics: each step the
// journey enters, and how it left the one before; and the step it is at (JourneyRun.step). The
// journey's end closes its last visit (activities/journey-runs.ts, recordJourneyEnd).
import type { Db, Tx } from '../db/client';
import { inTransaction } from '../db/transaction';
import type { Prisma } from '../generated/prisma/client';
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

/**
 * Entries in the order the journey made them: each one leaves the step before it. Written as their
 * end state, in at most four statements however many there are: the journey's open visit elsewhere is left
 * at the first entry's time, the visits before the last are written already left (at the next
 * entry's time), and a visit already recorded is kept as it is (a step entered again keeps its
 * first visit). So the same call again, as a retry after a commit the journey never heard of makes
 * it, changes nothing (applied entry by entry, it left the journey's current step at the first
 * entry's time).
 */
export async function writeStepEntries(tx: Tx, entries: readonly StepEntry[]): Promise<void> {
  const last = entries.at(-1);
  if (!last) return;
  const visits = new Map<string, Prisma.StepVisitCreateManyInput>();
  entries.forEach((e, i) => {
    const key = stepVisitKey(e.workflowId, e.stepPath);
    const next = entries[i + 1];
    if (visits.has(key)) return;
    visits.set(key, {
      key,
      workflowId: e.workflowId,
      journeyKey: e.journeyKey,
      journeyVersion: e.journeyVersion,
      accountId: e.accountId,
      stage: e.stage,
      stepId: e.stepId,
      stepType: e.stepType,
      stepPath: e.stepPath,
      enteredAt: new Date(e.atMs),
      ...(next ? { leftAt: new Date(next.atMs), left: 'moved_on' } : {}),
    });
  });
  const { workflowId } = last;
  const lastKey = stepVisitKey(workflowId, last.stepPath);
  await tx.stepVisit.updateMany({ where: { workflowId, leftAt: null, key: { not: lastKey } }, data: { leftAt: new Date(entries[0]!.atMs), left: 'moved_on' } });
  const recorded = await tx.stepVisit.findMany({ where: { key: { in: [...visits.keys()] } }, select: { key: true } });
  for (const { key } of recorded) visits.delete(key);
  if (visits.size > 0) await tx.stepVisit.createMany({ data: [...visits.values()] });
  // The run's row says where the journey is, for SQL reports and for `journeys status` while
  // Temporal cannot be asked.
  await tx.journeyRun.updateMany({ where: { workflowId }, data: { step: last.stepId } });
}

export function createStepVisitActivities(db: Db) {
  return {
    /** The steps a journey entered since it last recorded them, written when it is about to wait. */
    async recordStepsEntered(req: { entries: StepEntry[] }): Promise<void> {
      await inTransaction(db, (tx) => writeStepEntries(tx, req.entries), { ownRowsOnly: true });
    },
  };
}
