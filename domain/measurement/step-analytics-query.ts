// Which journey version's step analytics to show: one schema for `harpoon report steps` and
// GET /v1/metrics/steps, so both refuse the same input with the same words.
import { z } from 'zod';

export const stepAnalyticsQuerySchema = z.object({
  journey: z.string({ error: 'expected a journey key, e.g. tier3-nurture' }).trim().min(1, 'expected a journey key, e.g. tier3-nurture'),
  version: z.coerce.number({ error: 'expected a published version number, e.g. 2' }).int('expected a whole version number, e.g. 2').positive('expected a version number from 1').optional(),
});

export type StepAnalyticsQuery = z.infer<typeof stepAnalyticsQuerySchema>;
