// With --partial, rejected rows are written back in the shape they came in (same CSV columns, or
// the same JSON objects), each with its row number and what is wrong, so the file can be fixed and
// imported again as it is. Only the CLI writes one (--rejects), so its problems name the CLI's
// flags. CSV gets a BOM so spreadsheet programs read non-Latin names correctly.
import { writeFileSync } from 'node:fs';
import { forCli } from '../domain/fields/field-ref';
import { invalid } from '../domain/use-case-error';
import { rejectColumns, type Table } from './read-table';

export type RejectedRow = { row: number; problems: string[] };

function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const ownColumn = (name: string) => (Object.values(rejectColumns) as string[]).includes(name.replace(/^\uFEFF/, '').trim().toLowerCase());

/** Written before the import commits: a rejects file that cannot be written leaves nothing imported, and says why. */
export function writeRejectsFile(target: string, table: Table, rejected: readonly RejectedRow[]): void {
  try {
    writeRows(target, table, rejected);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw invalid(`the rejects file ${target} cannot be written (${code === 'ENOENT' ? 'no such directory' : code}): nothing was imported; name a file in a folder you can write with --rejects`);
  }
}

function writeRows(target: string, table: Table, rejected: readonly RejectedRow[]): void {
  if (table.format === 'json') {
    const items = rejected.map(({ row, problems }) => ({
      ...(table.source.rows.get(row) as Record<string, unknown>),
      [rejectColumns.row]: row,
      [rejectColumns.errors]: problems.map(forCli),
    }));
    writeFileSync(target, `${JSON.stringify(items, null, 2)}\n`);
    return;
  }
  const keep = table.source.header.map((name, i) => (ownColumn(name) ? -1 : i)).filter((i) => i >= 0);
  const header = [...keep.map((i) => table.source.header[i]!.replace(/^\uFEFF/, '')), rejectColumns.row, rejectColumns.errors];
  const lines = rejected.map(({ row, problems }) => {
    const cells = table.source.rows.get(row) as string[];
    return [...keep.map((i) => cells[i] ?? ''), String(row), problems.map(forCli).join('; ')];
  });
  writeFileSync(target, `\uFEFF${[header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`);
}
