// Value assessment: an account's score (0-100), how much of it rests on known data, the tier it
// recommends, and a per-factor breakdown. A missing input is never a silent zero: the factor is
// marked unknown, the score is computed over the known factors only, and `confidence` says which
// share of the model's weight that is.
import type { ScoringModel, TierThresholds } from './scoring-model';
import type { Tier } from './vocabulary';
import { ambiguousPoint, readNumber } from './fields';
import { quoted } from '../words/quoted';

/** The account fields the model can read, named as in the import files. */
export type ScoringInput = {
  industry?: string | null;
  country?: string | null;
  employee_count?: number | null;
  revenue_band?: string | null;
  purchase_pattern?: string | null;
  attributes?: Record<string, unknown> | null;
};

export type FactorAssessment = {
  factor: string;
  label: string;
  group: 'current' | 'future';
  weight: number;
} & (
  | { known: true; field: string; value: string | number; points: number; basis?: string }
  | { known: false; unknownBecause: string }
);

export type Assessment = {
  /** Null when no factor is known: nothing to say, rather than a made-up number. */
  score: number | null;
  /** Share (0-1) of the model's total weight that rests on known inputs. */
  confidence: number;
  recommendedTier: Tier | null;
  currentValue: number | null;
  futureValue: number | null;
  factors: FactorAssessment[];
};

type Input = ScoringModel['factors'][string]['inputs'][number];

function readField(account: ScoringInput, field: string): unknown {
  const value = field.startsWith('attr.') ? account.attributes?.[field.slice('attr.'.length)] : account[field as keyof ScoringInput];
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && (value.trim() === '' || value.trim().toLowerCase() === 'unknown')) return undefined;
  return value;
}

/** A number as a spreadsheet writes it (readNumber), signed, or as a percentage: `12.5%` is 12.5. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const [, sign, digits] = /^([-+]?)(.*?)\s*%?$/.exec(value.trim())!;
  const n = readNumber(digits!);
  return n !== undefined && sign === '-' ? -n : n;
}

/**
 * Custom fields the model reads as numbers (in bands) that hold something else, such as "$2M":
 * each would leave its factor unknown, so an import refuses them instead (blank and "unknown" are
 * allowed: they say the value is not known). One entry per field, naming the first factor reading it.
 */
export function nonNumericCustomFields(model: ScoringModel, attributes: Record<string, unknown> | null | undefined) {
  const found = new Map<string, { field: string; value: unknown; factor: string }>();
  for (const factor of Object.values(model.factors)) {
    for (const input of factor.inputs) {
      if (!input.bands || !input.field.startsWith('attr.') || found.has(input.field)) continue;
      const value = readField({ attributes }, input.field);
      if (value !== undefined && asNumber(value) === undefined) found.set(input.field, { field: input.field, value, factor: factor.label });
    }
  }
  return [...found.values()];
}

/** Points for one input, or why it gives none. */
function pointsFor(input: Input, value: unknown): { points: number } | { unknownBecause: string } {
  if (input.bands) {
    const n = asNumber(value);
    const readings = typeof value === 'string' ? ambiguousPoint(value.trim()) : undefined;
    if (n === undefined) return { unknownBecause: `${input.field} ${readings ?? `is ${quoted(value)}, not a number`}` };
    const band = [...input.bands].sort((a, b) => b.min - a.min).find((b) => n >= b.min);
    return band ? { points: band.points } : { unknownBecause: `${input.field} ${n} is below the model's lowest band` };
  }
  const wanted = String(value).toLowerCase();
  const entry = Object.entries(input.map ?? {}).find(([key]) => key.toLowerCase() === wanted);
  return entry ? { points: entry[1] } : { unknownBecause: `the model gives no points for ${input.field} ${quoted(value)}` };
}

function assessFactor(name: string, factor: ScoringModel['factors'][string], account: ScoringInput): FactorAssessment {
  const head = { factor: name, label: factor.label, group: factor.group, weight: factor.weight };
  const reasons: string[] = [];
  for (const input of factor.inputs) {
    const value = readField(account, input.field);
    if (value === undefined) {
      reasons.push(`no ${input.field}`);
      continue;
    }
    const result = pointsFor(input, value);
    if ('points' in result) {
      return { ...head, known: true, field: input.field, value: value as string | number, points: result.points, basis: input.basis };
    }
    reasons.push(result.unknownBecause);
  }
  return { ...head, known: false, unknownBecause: reasons.join('; ') };
}

function weightedPoints(factors: FactorAssessment[]): number | null {
  let weight = 0;
  let sum = 0;
  for (const f of factors) {
    if (!f.known) continue;
    weight += f.weight;
    sum += f.weight * f.points;
  }
  return weight > 0 ? Math.round(sum / weight) : null;
}

export function recommendTier(score: number | null, thresholds: TierThresholds): Tier | null {
  if (score === null) return null;
  return ([1, 2, 3] as const).find((t) => score >= thresholds[t]) ?? null;
}

export function assessAccount(account: ScoringInput, model: ScoringModel): Assessment {
  const factors = Object.entries(model.factors).map(([name, factor]) => assessFactor(name, factor, account));
  const totalWeight = factors.reduce((sum, f) => sum + f.weight, 0);
  const knownWeight = factors.reduce((sum, f) => sum + (f.known ? f.weight : 0), 0);
  const score = weightedPoints(factors);
  return {
    score,
    confidence: Math.round((knownWeight / totalWeight) * 100) / 100,
    recommendedTier: recommendTier(score, model.tierThresholds),
    currentValue: weightedPoints(factors.filter((f) => f.group === 'current')),
    futureValue: weightedPoints(factors.filter((f) => f.group === 'future')),
    factors,
  };
}
