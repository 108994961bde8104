// The attribution report's shape: what GET /v1/metrics/attribution declares (and /openapi.json
// documents), what `harpoon report attribution --json` prints, and the types the pure module returns.
import { z } from 'zod';
import { attributionBreakdowns, attributionModels } from './attribution';

export const creditedFiguresSchema = z.object({
  opportunities: z.number().describe('opportunities credited, in shares of one (4 places)'),
  pipeline: z.number().describe('pipeline credited, to the cent'),
  won: z.number().describe('won deals credited, in shares of one (4 places)'),
  wonRevenue: z.number().describe('won revenue credited, to the cent'),
});

export const attributionSchema = z.object({
  total: creditedFiguresSchema.describe("every conversion of the period: the report's opportunities, pipeline, won and won revenue"),
  attributed: creditedFiguresSchema.describe('conversions with at least one touch in their window'),
  unattributed: creditedFiguresSchema.describe('conversions without a touch in their window'),
  rows: z
    .array(z.object({ key: z.string().nullable().describe('the channel, journey, journey:step or event; null: touches without one'), ...creditedFiguresSchema.shape }))
    .describe('the attributed figures per key of the breakdown, largest pipeline first'),
});

// The query as applied (attributionQuerySchema's output). Not that schema itself: the API's serializer
// encodes the answer through its schema, and the query's transforms (tier 1 from "1", the rep's
// address lower-cased) cannot run backwards, so a report for a tier or a rep would fail to serialize.
export const appliedAttributionQuerySchema = z.object({
  journey: z.string().optional(),
  tier: z.number().int().optional(),
  owner: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  model: z.enum(attributionModels),
  by: z.enum(attributionBreakdowns),
  lookback: z.string(),
  halfLife: z.string(),
});

export const attributionReportSchema = z.object({
  query: appliedAttributionQuerySchema.describe('the query as applied, defaults filled in'),
  period: z.object({ from: z.string().nullable(), to: z.string() }),
  generatedAt: z.string(),
  currency: z.string().nullable().describe('the one currency of every amount; null when there is none'),
  ...attributionSchema.shape,
});
