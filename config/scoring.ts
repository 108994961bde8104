// The value-assessment model in force: the default, or the one HARPOON_SCORING_FILE lays over it
// (config/scoring-file.ts reads it; the configuration has checked the configured file at start).
import type { ScoringModel } from '../domain/accounts/scoring-model';
import { config, ConfigError } from './env';
import { defaultScoringFile, readScoringModel } from './scoring-file';

/** The model in force: the default, overlaid by `overrideFile` (default: HARPOON_SCORING_FILE). */
export function loadScoringModel(overrideFile: string | undefined = config().scoringFile): ScoringModel {
  const read = readScoringModel(overrideFile);
  if (read.problems) throw new ConfigError(read.problems.map((p) => `${overrideFile ?? defaultScoringFile}: ${p}`));
  return read.value;
}
