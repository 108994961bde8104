// Reads an import file, CSV (with a header row) or a JSON array of objects, into numbered records.
// CSV: UTF-8 with or without BOM, CRLF or LF, quoted cells with commas, quotes and line breaks.
// Header names forgive case and spacing ("First Name" is first_name); columns named attr.<name>
// (or a JSON "attributes" object) carry custom fields. The two columns a rejects file adds are
// ignored, so a fixed rejects file can be imported as it is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { customFieldColumn, type RowIssue, type SourceRecord } from '../domain/accounts/row-validation';
import { invalid } from '../domain/use-case-error';

export const rejectColumns = { row: 'source_row', errors: 'import_errors' } as const;
const ignoredColumns: readonly string[] = Object.values(rejectColumns);
const customFieldPrefix = 'attr.';

export type Table = {
  file: string;
  format: 'csv' | 'json';
  /** Column names as normalised; custom fields appear once, as "attributes". */
  columns: string[];
  records: SourceRecord[];
  /** Rows that could not even be read as records (e.g. too many cells). */
  issues: RowIssue[];
  /** The file's own header and cells, to write rejected rows back in the shape they came in. */
  source: { header: string[]; rows: Map<number, string[] | Record<string, unknown>> };
};

function columnName(raw: string): string {
  const name = raw.replace(/^\uFEFF/, '').trim();
  if (name.toLowerCase().startsWith(customFieldPrefix)) {
    return customFieldPrefix + name.slice(customFieldPrefix.length).trim().toLowerCase().replace(/[\s-]+/g, '_');
  }
  return name.toLowerCase().replace(/[\s-]+/g, '_');
}

function toValues(entries: [string, unknown][]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [column, value] of entries) {
    if (ignoredColumns.includes(column)) continue;
    if (isCustomField(column)) {
      const present = typeof value === 'string' ? value.trim() : value;
      if (present === '' || present === null || present === undefined) continue;
      const attributes = (values[customFieldColumn] ??= {}) as Record<string, unknown>;
      attributes[column.slice(customFieldPrefix.length)] = present;
    } else {
      values[column] = value;
    }
  }
  return values;
}

/** A custom field needs a name: a bare "attr." stays a column of its own, which the header check refuses. */
const isCustomField = (column: string) => column.startsWith(customFieldPrefix) && column.length > customFieldPrefix.length;

const presentColumns = (names: Iterable<string>) => [
  ...new Set([...names].filter((n) => !ignoredColumns.includes(n)).map((n) => (isCustomField(n) ? customFieldColumn : n))),
];

/**
 * A spreadsheet saved as CSV where the comma is the decimal mark (much of Europe) separates cells by
 * semicolons: a header with semicolons and no comma is read so, rather than as one unknown column.
 */
function delimiterOf(text: string): ',' | ';' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

function parseCsv(file: string, text: string): Table {
  // Nothing at all, not even a header: a file saved before anything was pasted into it, or the wrong one.
  if (text.replace(/^\uFEFF/, '').trim() === '') throw invalid(`${file}: is empty, expected a header row naming the columns, then a row per record`);
  let cells: string[][];
  const delimiter = delimiterOf(text);
  try {
    cells = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    throw invalid(`${file}: cannot be read as CSV: ${(err as Error).message}`);
  }
  const [header = [], ...body] = cells;
  const names = header.map(columnName);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) {
    throw invalid(`${file}: the header row names ${[...new Set(repeated)].join(', ')} more than once, expected each column once`);
  }
  const table: Table = { file, format: 'csv', columns: presentColumns(names), records: [], issues: [], source: { header, rows: new Map() } };
  body.forEach((rowCells, index) => {
    const row = index + 2;
    if (rowCells.every((c) => c.trim() === '')) return;
    table.source.rows.set(row, rowCells);
    if (rowCells.length !== names.length) {
      table.issues.push({
        row,
        message: `has ${rowCells.length} cells but the header has ${names.length}, expected one cell per column (put a value that contains a ${delimiter === ';' ? 'semicolon' : 'comma'} in double quotes)`,
      });
      return;
    }
    table.records.push({ row, values: toValues(names.map((n, i) => [n, rowCells[i]])) });
  });
  return table;
}

function parseJson(file: string, text: string): Table {
  let items: unknown;
  try {
    items = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw invalid(`${file}: is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(items)) throw invalid(`${file}: expected a JSON array with one object per row`);
  if (items.length === 0) throw invalid(`${file}: holds no rows, expected a JSON array with one object per row`);
  const table: Table = { file, format: 'json', columns: [], records: [], issues: [], source: { header: [], rows: new Map() } };
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const row = index + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      table.source.rows.set(row, { value: item });
      table.issues.push({ row, message: `is ${JSON.stringify(item)}, expected an object such as {"domain": "acme.com", ...}` });
      return;
    }
    table.source.rows.set(row, item as Record<string, unknown>);
    const entries = Object.entries(item).flatMap(([key, value]): [string, unknown][] => {
      const name = columnName(key);
      if (name === customFieldColumn && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return Object.entries(value).map(([k, v]) => [columnName(customFieldPrefix + k), v]);
      }
      return [[name, value]];
    });
    entries.forEach(([name]) => seen.add(name));
    table.records.push({ row, values: toValues(entries) });
  });
  table.columns = presentColumns(seen);
  return table;
}

/** The format of a file: by its extension, else by whether it starts like a JSON array. */
function formatOf(file: string, text: string): 'csv' | 'json' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
}

export function parseTable(file: string, text: string): Table {
  return formatOf(file, text) === 'json' ? parseJson(file, text) : parseCsv(file, text);
}

const saveAsUtf8 = 'save it as "CSV UTF-8" (or UTF-8 JSON) and import it again';

/**
 * The file's text, if it is UTF-8. Spreadsheets often save "CSV" in Windows-1252 or UTF-16, whose
 * accented letters would otherwise become U+FFFD in names that end up in greetings, silently.
 */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw invalid(`${file}: is UTF-16 text; ${saveAsUtf8}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    throw invalid(`${file}: line ${line} is not UTF-8 text (Windows-1252 or Latin-1, as some spreadsheets save CSV); ${saveAsUtf8}`);
  }
}

export function readTable(file: string): Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw invalid(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (err as Error).message})`}`);
  }
  return parseTable(file, decodeUtf8(file, bytes));
}
