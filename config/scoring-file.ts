// Reads the value-assessment model: the shipped default, with the file named by
// HARPOON_SCORING_FILE (JSON or YAML) laid over it. The override only needs what it changes
// ({"pool": {"capacity": {"1": 10}}} is a complete file); lists such as a factor's inputs are
// replaced whole. The result is validated when the configuration is read (env.ts), so a bad file
// stops the start instead of the first import that scores an account.
import path from 'node:path';
import { scoringModelSchema, type ScoringModel } from '../domain/accounts/scoring-model';
import { checkedData, readDataFile, type FileRead } from './data-file';
import { optionalString } from './env-values';
import { projectRoot } from './project-root';

export const defaultScoringFile = path.join(projectRoot, 'config', 'scoring.default.json');

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function overlay(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = overlay(base[key], value);
  return merged;
}

const cache = new Map<string, ScoringModel>();

/** The default model overlaid by `overrideFile`, or the problems of that file. */
export function readScoringModel(overrideFile: string | undefined): FileRead<ScoringModel> {
  const cached = cache.get(overrideFile ?? '');
  if (cached) return { value: cached };
  const shipped = readDataFile(defaultScoringFile);
  // Harpoon's own file: one that cannot be read is a broken install, not a setting to fix.
  if (shipped.problems) throw new Error(`${defaultScoringFile}: ${shipped.problems.join('; ')}`);
  const over = overrideFile === undefined ? { value: undefined } : readDataFile(overrideFile);
  if (over.problems) return over;
  const read = checkedData(overlay(shipped.value, over.value), scoringModelSchema);
  if (read.value) cache.set(overrideFile ?? '', read.value);
  return read;
}

/** HARPOON_SCORING_FILE: the path, once the model it makes is valid. */
export const scoringFile = optionalString.superRefine((file, ctx) => {
  if (file === undefined) return;
  for (const message of readScoringModel(file).problems ?? []) ctx.addIssue({ code: 'custom', message });
});
