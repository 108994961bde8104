// What an attribution report is asked for: the metrics report's own filter (the same scope and
// period, so totals agree with `harpoon report`) plus the model, the breakdown, the lookback window
// and the time-decay half-life. One schema for `harpoon report attribution`, GET
// /v1/metrics/attribution and the console's Attribution page.
import { z } from 'zod';
import { metricsFilterSchema } from '../metrics/filter';
import { parseDuration } from '../time/duration';
import { attributionBreakdowns, attributionModels } from './attribution';

const duration = (example: string) =>
  z
    .string()
    .trim()
    .refine((v) => parseDuration(v) !== null, { error: `expected a duration of at most a year, such as ${example} (d days, w weeks, h hours)` })
    .default(example);

export const attributionQuerySchema = metricsFilterSchema.safeExtend({
  model: z.enum(attributionModels, { error: `expected one of ${attributionModels.join(', ')}` }).default('w-shaped'),
  by: z.enum(attributionBreakdowns, { error: `expected one of ${attributionBreakdowns.join(', ')}` }).default('channel'),
  lookback: duration('90d'),
  halfLife: duration('7d'),
});

export type AttributionQuery = z.infer<typeof attributionQuerySchema>;
