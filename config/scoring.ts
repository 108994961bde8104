// Loads the value-assessment model: the shipped default, with the file named by
// HARPOON_SCORING_FILE (JSON or YAML) laid over it. The override only needs what it changes
// ({"pool": {"capacity": {"1": 10}}} is a complete file); lists such as a factor's inputs are
// replaced whole. The result is validated; a bad file is one ConfigError naming every bad field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { scoringModelSchema, type ScoringModel } from '../domain/accounts/scoring-model';
import { config, ConfigError, projectRoot } from './env';

export const defaultScoringFile = path.join(projectRoot, 'config', 'scoring.default.json');

function readModelFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`HARPOON_SCORING_FILE=${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  try {
    return /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${file}: is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'} (${(err as Error).message})`]);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function overlay(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = overlay(base[key], value);
  return merged;
}

const cache = new Map<string, ScoringModel>();

/** The model in force: the default, overlaid by `overrideFile` (default: HARPOON_SCORING_FILE). */
export function loadScoringModel(overrideFile: string | undefined = config().scoringFile): ScoringModel {
  const key = overrideFile ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  const raw = overrideFile ? overlay(readModelFile(defaultScoringFile), readModelFile(overrideFile)) : readModelFile(defaultScoringFile);
  const parsed = scoringModelSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${overrideFile ?? defaultScoringFile}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`),
    );
  }
  cache.set(key, parsed.data);
  return parsed.data;
}
