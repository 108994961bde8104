// `harpoon report experiments`, GET /v1/metrics/experiments and the console's Experiments page:
// every A/B-tested email step with each variant's split, sends and conversions by the step's
// declared metric, and the decision (recorded, due, or what the rule still needs). Live from the
// database; reading never decides: a due decision is written by the step's next send or the
// hourly check (metrics/snapshots.ts).
import { z } from 'zod';
import type { Db } from '../db/client';
import { journeyKeySchema } from '../domain/journey/definition';
import { ratio } from '../domain/metrics/formulas';
import type { ExperimentMetric, SplitUnit } from '../domain/measurement/experiment-schema';
import { templateOf, variantShares, type Experiment } from '../domain/measurement/variant-assignment';
import { decideWinner } from '../domain/measurement/winner-rule';
import { notFound } from '../domain/use-case-error';
import { recordedDecision } from './experiment-decisions';
import { experimentFigures } from './experiment-figures';
import { publishedExperiments } from './published-experiments';

/** The filter the CLI and the API share. */
export const experimentsFilterSchema = z.strictObject({ journey: journeyKeySchema.optional() });
export type ExperimentsFilter = z.infer<typeof experimentsFilterSchema>;

export type VariantRow = {
  key: string;
  template: string;
  subject: string | null;
  /** The variant's share of the split, 0–1. */
  share: number;
  assigned: number;
  sent: number;
  observed: number;
  converted: number;
  /** converted / observed, 0–1 to 4 places; null with nothing observed. */
  rate: number | null;
};

export type ExperimentDecisionRow =
  | { status: 'decided'; winner: string; pValue: number; explanation: string; decidedAt: string }
  /** The rule is met but no send or check has written it yet. */
  | { status: 'due'; winner: string; pValue: number; explanation: string }
  | { status: 'waiting'; explanation: string };

export type ExperimentRow = {
  journey: string;
  version: number;
  step: string;
  split: SplitUnit;
  seed: string;
  rule: { metric: ExperimentMetric; within: string; minSample: number; confidence: number };
  variants: VariantRow[];
  /** Units given the winner after the decision (no part of the sample). */
  afterDecision: number;
  decision: ExperimentDecisionRow;
};

export type ExperimentsReport = { asOf: string; experiments: ExperimentRow[] };

async function experimentRow(db: Db, experiment: Experiment, nowMs: number): Promise<ExperimentRow> {
  const [figures, recorded, afterDecision] = await Promise.all([
    experimentFigures(db, experiment, nowMs),
    recordedDecision(db, experiment),
    db.variantAssignment.count({ where: { journeyKey: experiment.journeyKey, journeyVersion: experiment.journeyVersion, stepId: experiment.stepId, reason: 'winner' } }),
  ]);
  const shares = variantShares(experiment.variants);
  const ruled = decideWinner(experiment.winner, figures);
  const decision: ExperimentDecisionRow = recorded
    ? { status: 'decided', winner: recorded.winnerKey, pValue: recorded.pValue, explanation: recorded.explanation, decidedAt: recorded.decidedAt.toISOString() }
    : ruled.kind === 'winner'
      ? { status: 'due', winner: ruled.winner, pValue: ruled.pValue, explanation: ruled.explanation }
      : { status: 'waiting', explanation: ruled.explanation };
  return {
    journey: experiment.journeyKey,
    version: experiment.journeyVersion,
    step: experiment.stepId,
    split: experiment.split,
    seed: experiment.seed,
    rule: experiment.winner,
    variants: experiment.variants.map((v, i) => {
      const f = figures[i]!;
      return {
        key: v.key,
        template: templateOf(experiment, v),
        subject: v.subject ?? null,
        share: ratio(shares[i]!.share, 1)!,
        assigned: f.assigned,
        sent: f.sent,
        observed: f.observed,
        converted: f.converted,
        rate: ratio(f.converted, f.observed),
      };
    }),
    afterDecision,
    decision,
  };
}

/** The tests of each journey's latest version that has any, and older versions' tests that assigned anyone. */
export async function experimentsReport(db: Db, filter: ExperimentsFilter, nowMs = Date.now()): Promise<ExperimentsReport> {
  if (filter.journey !== undefined && !(await db.journeyVersion.findFirst({ where: { key: filter.journey }, select: { id: true } }))) {
    throw notFound(`No journey "${filter.journey}": list the published ones with "harpoon journeys list".`);
  }
  const experiments = await publishedExperiments(db, filter.journey);
  const latest = new Map<string, number>();
  for (const e of experiments) latest.set(e.journeyKey, Math.max(latest.get(e.journeyKey) ?? 0, e.journeyVersion));
  const shown: ExperimentRow[] = [];
  for (const e of experiments) {
    const row = await experimentRow(db, e, nowMs);
    if (e.journeyVersion === latest.get(e.journeyKey) || row.variants.some((v) => v.assigned > 0) || row.afterDecision > 0) shown.push(row);
  }
  return { asOf: new Date(nowMs).toISOString(), experiments: shown };
}
