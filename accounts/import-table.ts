// The import pipeline every kind of row shares: check the header, validate every row (zod, then
// checks across rows, then checks against the database), and write — all in one transaction.
// All-or-nothing by default: one bad row and nothing is written, and the error lists every
// problem as "row N, column X: what is wrong, expected what". With `partial`, the valid rows are
// written and the rejects go to a file with their reasons.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Db, Tx } from '../db/client';
import { checkColumns, formatRowIssue, validateRecords, type RowIssue, type SourceRecord, type ValidRow } from '../domain/accounts/row-validation';
import type { ScoringModel } from '../domain/accounts/scoring-model';
import type { Actor } from '../domain/accounts/vocabulary';
import { field } from '../domain/fields/field-ref';
import { invalid } from '../domain/use-case-error';
import type { Table } from './read-table';
import { plural } from '../domain/words/plural';
import { refuseExistingRejectsFile, writeRejectsFile } from './rejects-file';
import { inTransaction } from '../db/transaction';

export type ImportOptions = {
  /** Import the valid rows and write the rejects to a file, instead of all-or-nothing. */
  partial?: boolean;
  /** The caller can import partially (the CLI's --partial), so a refusal offers it; the API cannot. */
  partialOffered?: boolean;
  /** Where rejects go; default: next to the input, named <input>.rejects.<ext>. */
  rejectsFile?: string;
};

export type WriteCounts = { created: number; updated: number; unchanged: number; notes: string[] };

/** Who runs an import, and the scoring model in force. */
export type RunContext = { actor: Actor; model: ScoringModel };
/** What an importer's write sees: also the file name, for reasons in the status history. */
export type ImportContext = RunContext & { source: string };

/** `C`: what the importer's write counts, the shared counts and any of its own (contacts: who was subscribed by default). */
export type Importer<S extends z.ZodType, C extends WriteCounts = WriteCounts> = {
  /** Plural noun for messages: "accounts". */
  what: string;
  schema: S;
  columns: readonly string[];
  requiredColumns: readonly string[];
  /**
   * Problems visible only across rows, such as the same email twice. `unreadable`, here and in the
   * later checks: the rows the schema refused, whose other columns may still read (readColumns), so
   * one pass lists every problem of a row, a repeat or an unknown owner beside a bad value.
   */
  crossRowIssues(rows: ValidRow<z.output<S>>[], unreadable: readonly SourceRecord[]): RowIssue[];
  /** Problems visible only against the scoring model in force, such as a number it cannot read. */
  modelIssues?(rows: ValidRow<z.output<S>>[], unreadable: readonly SourceRecord[], model: ScoringModel): RowIssue[];
  /** Problems visible only against the database, such as an unknown account domain. */
  databaseIssues(tx: Tx, rows: ValidRow<z.output<S>>[], unreadable: readonly SourceRecord[]): Promise<RowIssue[]>;
  write(tx: Tx, rows: ValidRow<z.output<S>>[], context: ImportContext): Promise<C>;
};

export type ImportReport<C extends WriteCounts = WriteCounts> = C & {
  file: string;
  what: string;
  rows: number;
  rejected: number;
  rejectsFile?: string;
};

export function defaultRejectsFile(file: string): string {
  const ext = path.extname(file) || '.csv';
  return path.join(path.dirname(file), `${path.basename(file, ext)}.rejects${ext}`);
}

const rejectsFileOf = (table: Table, options: ImportOptions) => options.rejectsFile ?? defaultRejectsFile(table.file);

const byRow = (a: RowIssue, b: RowIssue) => (a.row ?? 0) - (b.row ?? 0);

/** Imports a table inside the caller's transaction (for callers that combine several imports). */
export async function importTableIn<S extends z.ZodType, C extends WriteCounts>(
  tx: Tx,
  importer: Importer<S, C>,
  table: Table,
  context: RunContext,
  options: ImportOptions = {},
): Promise<ImportReport<C>> {
  const name = path.basename(table.file);
  const headerIssues = checkColumns(table.columns, importer.columns, importer.requiredColumns);
  if (headerIssues.length > 0) {
    throw invalid(`${name}: the columns need fixing before any row can be read; nothing was imported`, headerIssues.map(formatRowIssue));
  }

  const validated = validateRecords(importer.schema, table.records);
  const readable = new Set(validated.rows.map((v) => v.row));
  const unreadable = table.records.filter((r) => !readable.has(r.row));
  const issues = [
    ...table.issues,
    ...validated.issues,
    ...importer.crossRowIssues(validated.rows, unreadable),
    ...(importer.modelIssues?.(validated.rows, unreadable, context.model) ?? []),
  ];
  const rowsIn = (list: RowIssue[]) => new Set(list.map((i) => i.row));
  // Every row is checked against the database too, a repeated one included and one the schema
  // refused on the columns that read, so one pass lists every problem of the file (an unknown
  // manager beside a repeated email or a bad capacity), not one round of them per import.
  issues.push(...(await importer.databaseIssues(tx, validated.rows, unreadable)));
  const badRows = rowsIn(issues);
  const rowCount = table.records.length + table.issues.length;

  if (issues.length > 0 && !options.partial) {
    const numbering = table.format === 'csv' ? ' (rows numbered as in a spreadsheet: the header is row 1)' : ' (rows numbered from 1, as array items)';
    throw invalid(
      `${name}: ${badRows.size} of ${plural(rowCount, 'row')} ${badRows.size === 1 ? 'is' : 'are'} invalid${numbering}; nothing was imported. ` +
        (options.partialOffered
          ? `Fix ${badRows.size === 1 ? 'it' : 'them'} and import again, or use ${field('partial')} to import the valid rows and write the rejects to a file.`
          : `Fix ${badRows.size === 1 ? 'it' : 'them'} and import again.`),
      issues.sort(byRow).map(formatRowIssue),
    );
  }

  const counts = await importer.write(tx, validated.rows.filter((r) => !badRows.has(r.row)), { ...context, source: name });
  if (badRows.size === 0) return { ...counts, file: table.file, what: importer.what, rows: rowCount, rejected: 0 };

  // Written before the transaction commits: if the rejects cannot be saved, nothing is imported.
  const rejectsFile = rejectsFileOf(table, options);
  const problems = new Map<number, string[]>();
  for (const issue of issues.sort(byRow)) {
    const list = problems.get(issue.row!) ?? [];
    list.push(formatRowIssue({ ...issue, row: undefined }));
    problems.set(issue.row!, list);
  }
  writeRejectsFile(rejectsFile, table, [...problems].map(([row, list]) => ({ row, problems: list })));
  return { ...counts, file: table.file, what: importer.what, rows: rowCount, rejected: badRows.size, rejectsFile };
}

export async function importTable<S extends z.ZodType, C extends WriteCounts>(
  db: Db,
  importer: Importer<S, C>,
  table: Table,
  context: RunContext,
  options: ImportOptions = {},
): Promise<ImportReport<C>> {
  // Checked once, before the first attempt: a second attempt finds the file the first one wrote.
  if (options.partial) refuseExistingRejectsFile(rejectsFileOf(table, options));
  // On PostgreSQL the body runs again after a write conflict, and what the database says of a row
  // (an account domain, an owner) may have changed in between: a rejects file written by an attempt
  // that did not commit is removed unless the import that did commit wrote it too.
  const written = new Set<string>();
  let report: ImportReport<C> | undefined;
  try {
    report = await inTransaction(db, async (tx) => {
      const attempt = await importTableIn(tx, importer, table, context, options);
      if (attempt.rejectsFile) written.add(attempt.rejectsFile);
      return attempt;
    });
    return report;
  } finally {
    for (const file of written) if (file !== report?.rejectsFile) rmSync(file, { force: true });
  }
}
