// Validating imported rows: every problem in every row is collected (not just the first), each
// naming the row, the column, what is wrong and what was expected, so one pass fixes the file.
import type { z } from 'zod';
import { quoted } from '../words/quoted';

/** A record as read from a file: `row` is the spreadsheet row number (the CSV header is row 1). */
export type SourceRecord = { row: number; values: Record<string, unknown> };
export type ValidRow<T> = { row: number; data: T };
/** A problem in the file; without a row it concerns the whole file (e.g. an unknown column). */
export type RowIssue = { row?: number; column?: string; message: string };

export function formatRowIssue(issue: RowIssue): string {
  const where = [issue.row === undefined ? undefined : `row ${issue.row}`, issue.column && `column ${issue.column}`];
  const prefix = where.filter(Boolean).join(', ');
  return prefix ? `${prefix}: ${issue.message}` : issue.message;
}

/** Custom fields (attr.<name> columns) are always allowed. */
export const customFieldColumn = 'attributes';

/** The column an issue's path names: a custom field as the attr.<name> column a CSV gives it (JSON rows too, as the scoring checks name it). */
function columnOf(path: readonly PropertyKey[]): string | undefined {
  const [first, ...rest] = path.map(String);
  if (first === customFieldColumn && rest.length > 0) return `attr.${rest.join('.')}`;
  return path.map(String).join('.') || undefined;
}

export function checkColumns(present: readonly string[], known: readonly string[], required: readonly string[]): RowIssue[] {
  const issues: RowIssue[] = [];
  for (const column of present) {
    if (!known.includes(column)) {
      issues.push({
        column,
        message: `unknown column, expected one of ${known.filter((k) => k !== customFieldColumn).join(', ')}` +
          (known.includes(customFieldColumn) ? ', or a custom field named attr.<name>' : ''),
      });
    }
  }
  for (const column of required) {
    if (!present.includes(column)) issues.push({ column, message: 'is missing from the file, expected a column with this name in the header row' });
  }
  return issues;
}

export function validateRecords<S extends z.ZodType>(
  schema: S,
  records: readonly SourceRecord[],
): { rows: ValidRow<z.output<S>>[]; issues: RowIssue[] } {
  const rows: ValidRow<z.output<S>>[] = [];
  const issues: RowIssue[] = [];
  for (const record of records) {
    const parsed = schema.safeParse(record.values);
    if (parsed.success) {
      rows.push({ row: record.row, data: parsed.data });
      continue;
    }
    for (const issue of parsed.error.issues) {
      issues.push({ row: record.row, column: columnOf(issue.path), message: issue.message });
    }
  }
  return { rows, issues };
}

/**
 * Some columns of a record the schema refused, each read on its own, when every one of them reads.
 * A later check that needs only these (a repeated key, an owner against the database, a rep's
 * manager) then runs on the row as well, so one import lists all of a row's problems, not one round
 * of them per run.
 */
export function readColumns<S extends z.ZodObject, K extends keyof z.output<S> & string>(
  schema: S,
  record: SourceRecord,
  columns: readonly K[],
): ValidRow<Pick<z.output<S>, K>> | undefined {
  const data: Partial<Pick<z.output<S>, K>> = {};
  for (const column of columns) {
    const read = (schema.shape as Record<string, z.ZodType>)[column]!.safeParse(record.values[column]);
    if (!read.success) return undefined;
    data[column] = read.data as z.output<S>[K];
  }
  return { row: record.row, data: data as Pick<z.output<S>, K> };
}

/**
 * Rows whose key repeats an earlier row's. The first occurrence stays valid; each repeat is an
 * issue naming the row it repeats.
 */
export function findRepeatedKeys<T>(
  rows: readonly ValidRow<T>[],
  key: (data: T) => string,
  column: string,
  what: string,
  comparison = '',
): RowIssue[] {
  const firstRow = new Map<string, number>();
  const issues: RowIssue[] = [];
  for (const { row, data } of rows) {
    const k = key(data);
    const first = firstRow.get(k);
    if (first === undefined) firstRow.set(k, row);
    else issues.push({ row, column, message: `${quoted(k)} repeats row ${first}${comparison && ` (${comparison})`}, expected each ${what} once per file` });
  }
  return issues;
}
