// The shape of the value-assessment model (config/scoring.default.json, or the file named by
// HARPOON_SCORING_FILE): weighted factors mapped from account fields, tier thresholds, and the
// pool rules that turn scores into targets within a budget. Weights differ by company, so they are
// configuration, not code.
import { z } from 'zod';

/** Account fields a factor can read, named as in the import files. */
export const scoringFields = ['industry', 'country', 'employee_count', 'revenue_band', 'purchase_pattern'] as const;
const fieldName = z
  .string()
  .refine((f) => (scoringFields as readonly string[]).includes(f) || /^attr\.[^\s]+$/.test(f), {
    message: `expected one of ${scoringFields.join(', ')} or attr.<custom field>`,
  });

const points = z.number().min(0, 'points run from 0 to 100').max(100, 'points run from 0 to 100');

const factorInput = z
  .object({
    field: fieldName,
    /** Points for categorical values; keys compare ignoring case. */
    map: z.record(z.string(), points).optional(),
    /** Points for numeric values: the band with the highest `min` not above the value applies. */
    bands: z.array(z.object({ min: z.number(), points })).min(1).optional(),
    /** How this input stands in for the factor, shown in the breakdown (e.g. "estimated from revenue band"). */
    basis: z.string().optional(),
  })
  .refine((i) => (i.map === undefined) !== (i.bands === undefined), { message: 'give exactly one of "map" or "bands"' });

const factor = z.object({
  label: z.string().min(1),
  group: z.enum(['current', 'future']),
  weight: z.number().min(0, 'weights cannot be negative'),
  /** Tried in order; the first with a usable value decides the factor. */
  inputs: z.array(factorInput).min(1, 'each factor needs at least one input'),
});

const perTier = <T extends z.ZodType>(value: T) => z.object({ '1': value, '2': value, '3': value });

export const scoringModelSchema = z
  .object({
    factors: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'factor names are snake_case'), factor),
    /** The lowest score that recommends each tier. */
    tierThresholds: perTier(z.number().min(0).max(100)),
    pool: z.object({
      /** A candidate at or above this score becomes a target (capacity permitting). */
      promoteAt: z.number().min(0).max(100),
      /** A target whose score falls below this is retired: the way out. */
      retireBelow: z.number().min(0).max(100),
      /** Scores resting on less than this share of the model's weight are too thin to act on. */
      minConfidence: z.number().min(0).max(1),
      /** The budget: at most this many targets per tier. */
      capacity: perTier(z.number().int().min(0)),
    }),
  })
  .refine((m) => Object.values(m.factors).some((f) => f.weight > 0), { message: 'at least one factor needs a weight above 0' })
  .refine((m) => m.tierThresholds['1'] >= m.tierThresholds['2'] && m.tierThresholds['2'] >= m.tierThresholds['3'], {
    message: 'tierThresholds must not rise from tier 1 to tier 3',
    path: ['tierThresholds'],
  })
  .refine((m) => m.pool.retireBelow <= m.pool.promoteAt, {
    message: 'pool.retireBelow must not exceed pool.promoteAt',
    path: ['pool', 'retireBelow'],
  });

export type ScoringModel = z.infer<typeof scoringModelSchema>;
export type PoolPolicy = ScoringModel['pool'];
export type TierThresholds = ScoringModel['tierThresholds'];
