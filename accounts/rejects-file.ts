// With --partial, rejected rows are written back in the shape they came in (same CSV columns, or
// the same JSON objects), each with its row number and what is wrong, so the file can be fixed and
// imported again as it is. Only the CLI writes one (--rejects), so its problems name the CLI's
// flags. CSV gets a BOM so spreadsheet programs read non-Latin names correctly, and the input's
// separator, so it opens in the spreadsheet the input came from. A CSV row keeps every cell, one
// past the header's columns too (a comma left out of quotes split a value): under a header cell
// with no name, which reading ignores once the row is fixed and that cell is blank.
import { existsSync, writeFileSync } from 'node:fs';
import { forCli } from '../domain/fields/field-ref';
import { invalid } from '../domain/use-case-error';
import { rejectColumns, type Delimiter, type Table } from './read-table';

export type RejectedRow = { row: number; problems: string[] };

function csvCell(value: string, delimiter: Delimiter): string {
  return value.includes(delimiter) || /["\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const ownColumn = (name: string) => (Object.values(rejectColumns) as string[]).includes(name.replace(/^\uFEFF/, '').trim().toLowerCase());

/**
 * A file already at the rejects file's path is refused before anything is read or imported: it may
 * be rejects someone is still fixing, or any file of theirs (one lost 5,000 lines to an import that
 * wrote over it). An earlier import's own rejects count too: they are the file people fix.
 */
export function refuseExistingRejectsFile(target: string): void {
  if (existsSync(target)) {
    throw invalid(`the rejects file ${target} already exists: nothing was imported; name another file with --rejects, or delete that one first`);
  }
}

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
  const delimiter = table.source.delimiter ?? ',';
  const { header } = table.source;
  const keep = header.map((name, i) => (ownColumn(name) ? -1 : i)).filter((i) => i >= 0);
  const rows = rejected.map(({ row, problems }) => ({ row, problems, cells: table.source.rows.get(row) as string[] }));
  const overflow = Math.max(0, ...rows.map(({ cells }) => cells.length - header.length));
  const unnamed = Array<string>(overflow).fill('');
  const lines = rows.map(({ row, problems, cells }) => {
    const beyond = cells.slice(header.length);
    return [...keep.map((i) => cells[i] ?? ''), ...beyond, ...unnamed.slice(beyond.length), String(row), problems.map(forCli).join('; ')];
  });
  const columns = [...keep.map((i) => header[i]!.replace(/^\uFEFF/, '')), ...unnamed, rejectColumns.row, rejectColumns.errors];
  const text = [columns, ...lines].map((cells) => cells.map((cell) => csvCell(cell, delimiter)).join(delimiter)).join('\r\n');
  writeFileSync(target, `\uFEFF${text}\r\n`);
}
