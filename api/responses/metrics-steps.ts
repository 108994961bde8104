// What GET /v1/metrics/steps answers (metrics/step-analytics.ts computeStepReport), declared so the
// document types it and nothing the CLI prints is dropped.
import { z } from 'zod';

const count = z.number().int();
const counts = z.record(z.string(), count);
const responseFigures = z.object({ emails: count, people: count, rate: z.number().nullable().describe('emails responded to / emails sent; null with none sent') });

export const stepReport = z
  .object({
    journey: z.string(),
    name: z.string(),
    version: z.number().int(),
    versions: z.array(z.number().int()).describe('every published version, oldest first'),
    runs: z
      .object({ recorded: count, notRecorded: count })
      .describe('journeys on this version whose steps are recorded, and those begun before step records (no figures: unknown, not zero)'),
    steps: z.array(
      z.object({
        stage: z.string(),
        stepId: z.string(),
        stepType: z.string(),
        entered: count,
        movedOn: count,
        exitedByGoal: count,
        endedOtherwise: counts.describe('journeys that ended at this step otherwise, by reason'),
        stillHere: count,
        sent: count,
        skipped: counts.describe('emails skipped, by reason'),
        otherOutcomes: counts.describe('emails neither sent nor skipped, by status'),
        opened: responseFigures,
        clicked: responseFigures,
        replied: responseFigures,
        jumps: z.array(z.object({ field: z.string(), to: z.string() })),
        continues: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'StepReport' });
