// What GET /v1/metrics/experiments answers (metrics/experiments.ts experimentsReport), declared so the
// document types it and nothing the CLI prints is dropped.
import { z } from 'zod';
import { experimentMetrics, splitUnits } from '../../domain/measurement/experiment-schema';

const count = z.number().int();

export const experimentsReportSchema = z
  .object({
    asOf: z.string(),
    experiments: z.array(
      z.object({
        journey: z.string(),
        version: z.number().int(),
        step: z.string(),
        split: z.enum(splitUnits),
        seed: z.string(),
        rule: z.object({ metric: z.enum(experimentMetrics), within: z.string(), minSample: count, confidence: z.number() }),
        variants: z.array(
          z.object({
            key: z.string(),
            template: z.string(),
            subject: z.string().nullable(),
            share: z.number().describe("the variant's share of the split, 0-1"),
            assigned: count,
            sent: count,
            observed: count,
            converted: count,
            rate: z.number().nullable().describe('converted / observed; null with nothing observed'),
          }),
        ),
        afterDecision: count.describe('units given the winner after the decision (no part of the sample)'),
        decision: z.discriminatedUnion('status', [
          z.object({ status: z.literal('decided'), winner: z.string(), pValue: z.number(), explanation: z.string(), decidedAt: z.string() }),
          z.object({ status: z.literal('due'), winner: z.string(), pValue: z.number(), explanation: z.string() }),
          z.object({ status: z.literal('waiting'), explanation: z.string() }),
        ]),
      }),
    ),
  })
  .meta({ id: 'ExperimentsReport' });
