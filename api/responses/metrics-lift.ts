// What GET /v1/metrics/lift answers (metrics/lift.ts computeLift), declared so the document types it
// and nothing the CLI prints is dropped.
import { z } from 'zod';
import { liftOutcomes } from '../../domain/measurement/incrementality';

const count = z.number().int();
const interval = z.object({ low: z.number(), high: z.number() }).nullable();
const groupRate = z.object({ events: count, accounts: count, rate: z.number().nullable(), interval });
const groupMean = z.object({ accounts: count, mean: z.number().nullable(), interval });

const rateLift = z.object({
  treated: groupRate,
  heldOut: groupRate,
  difference: z.number().nullable(),
  interval,
  relative: z.number().nullable(),
  tooFew: z.string().nullable().describe('why this rate says nothing yet; null when it can be read'),
});

const incrementality = {
  treatedAccounts: count,
  heldOutAccounts: count,
  rates: z.object(Object.fromEntries(liftOutcomes.map((o) => [o, rateLift])) as Record<(typeof liftOutcomes)[number], typeof rateLift>),
  pipelinePerAccount: z.object({ treated: groupMean, heldOut: groupMean, difference: z.number().nullable(), interval, relative: z.number().nullable() }),
  warning: z.string().nullable().describe('when either group is too small; null when both are large enough'),
};

export const liftReport = z
  .object({
    ...incrementality,
    filter: z.object({ journey: z.string(), tier: z.number().int().optional(), owner: z.string().optional(), from: z.string().optional(), to: z.string().optional() }).describe('the filter as applied'),
    period: z.object({ from: z.string().nullable(), to: z.string() }),
    generatedAt: z.string(),
    holdout: z.object({ share: z.number(), seed: z.string() }).nullable().describe('the holdout as last assigned; null when the journey has held out nobody yet'),
    currency: z.string().nullable(),
    byStratum: z.array(z.object({ stratum: z.string(), ...incrementality })),
  })
  .meta({ id: 'LiftReport' });
