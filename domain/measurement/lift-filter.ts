// What a lift report is about: the report's own filter (domain/metrics/filter.ts), with the journey
// whose holdout it measures required. One schema for `harpoon report lift`, GET /v1/metrics/lift and
// the console's Lift page.
import { z } from 'zod';
import { metricsFilterSchema } from '../metrics/filter';

export const liftFilterSchema = metricsFilterSchema.refine((f) => f.journey !== undefined, {
  path: ['journey'],
  error: 'expected the key of the journey whose holdout to measure, such as tier1-executive',
});
export type LiftFilter = z.infer<typeof liftFilterSchema> & { journey: string };
