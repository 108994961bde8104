// What the account tests share: a real migrated database per test, files written to its folder,
// and imports run the way the CLI runs them.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { UseCaseError } from '../../domain/use-case-error';
import { importTable, type ImportOptions, type Importer, type RunContext } from '../../accounts/import-table';
import { readTable } from '../../accounts/read-table';
import { loadScoringModel } from '../../config/scoring';
import type { Db } from '../../db/client';
import type { ScoringModel } from '../../domain/accounts/scoring-model';

export const defaultModel = loadScoringModel();

export function importContext(model: ScoringModel = defaultModel): RunContext {
  return { actor: 'import', model };
}

/** Writes `lines` (joined with `eol`) to a file in `dir` and returns its path. */
export function writeLines(dir: string, name: string, lines: string[], eol = '\n'): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.join(eol) + eol);
  return file;
}

export async function importFile<S extends z.ZodType>(db: Db, importer: Importer<S>, file: string, options: ImportOptions = {}, model?: ScoringModel) {
  return importTable(db, importer, readTable(file), importContext(model), options);
}

/** The refusal (invalid) a rejected import throws, for asserting on its message and per-row details. */
export async function importError(work: Promise<unknown>): Promise<UseCaseError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UseCaseError) || err.kind !== 'invalid') throw new Error(`expected the import to be rejected, got ${String(err)}`);
  return err;
}

export const accountHeader = 'domain,name,industry,country,employee_count,revenue_band,timezone,owner_email,tier,purchase_pattern';
export const contactHeader = 'email,account_domain,first_name,last_name,title,role,seniority,timezone,consent,consent_source,consent_at';
