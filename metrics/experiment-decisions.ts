// The winner of an A/B test, decided once: the first send of the step or daily check that finds the
// rule met writes it (unique per journey version and step, so two workers deciding at once keep
// one), and every later unit gets the winner. Reading a decision never makes one.
import { isUniqueViolation, type Db } from '../db/client';
import type { Experiment } from '../domain/measurement/variant-assignment';
import { decideWinner } from '../domain/measurement/winner-rule';
import { experimentFigures } from './experiment-figures';
import { publishedExperiments } from './published-experiments';

export type RecordedDecision = { winnerKey: string; pValue: number; explanation: string; decidedAt: Date };

type TestId = Pick<Experiment, 'journeyKey' | 'journeyVersion' | 'stepId'>;

const whereTest = (e: TestId) => ({ journeyKey_journeyVersion_stepId: { journeyKey: e.journeyKey, journeyVersion: e.journeyVersion, stepId: e.stepId } });
const decisionFields = { winnerKey: true, pValue: true, explanation: true, decidedAt: true } as const;

export function recordedDecision(db: Db, experiment: TestId): Promise<RecordedDecision | null> {
  return db.variantDecision.findUnique({ where: whereTest(experiment), select: decisionFields });
}

/** The recorded decision, or the one the rule makes at `nowMs`, written now; null while it waits. */
export async function decideIfDue(db: Db, experiment: Experiment, nowMs: number): Promise<RecordedDecision | null> {
  const recorded = await recordedDecision(db, experiment);
  if (recorded) return recorded;
  const figures = await experimentFigures(db, experiment, nowMs);
  const decision = decideWinner(experiment.winner, figures);
  if (decision.kind !== 'winner') return null;
  try {
    return await db.variantDecision.create({
      data: {
        journeyKey: experiment.journeyKey,
        journeyVersion: experiment.journeyVersion,
        stepId: experiment.stepId,
        metric: experiment.winner.metric,
        winnerKey: decision.winner,
        pValue: decision.pValue,
        explanation: decision.explanation,
        figures,
        decidedAt: new Date(nowMs),
      },
      select: decisionFields,
    });
  } catch (err) {
    // Another send or worker decided first: theirs stands.
    if (!isUniqueViolation(err)) throw err;
    return recordedDecision(db, experiment);
  }
}

/** The daily check: decides every published test whose rule is met; returns how many it decided now. */
export async function decideDueExperiments(db: Db, nowMs: number): Promise<number> {
  let decided = 0;
  for (const experiment of await publishedExperiments(db)) {
    if (await recordedDecision(db, experiment)) continue;
    if (await decideIfDue(db, experiment, nowMs)) decided += 1;
  }
  return decided;
}
