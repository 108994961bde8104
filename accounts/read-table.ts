// Reads an import file, CSV (with a header row) or a JSON array of objects, into numbered records.
// CSV: UTF-8 with or without BOM, CRLF or LF, quoted cells with commas, quotes and line breaks.
// Header names forgive case and spacing ("First Name" is first_name); columns named attr.<name>
// (or a JSON "attributes" object) carry custom fields. The two columns a rejects file adds are
// ignored, so a fixed rejects file can be imported as it is.
// A file with a header and no rows is refused, CSV as JSON: an empty export is a mistake more often
// than an intent, and "0 rows" would pass for success.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { customFieldColumn, type RowIssue, type SourceRecord } from '../domain/accounts/row-validation';
import { invalid } from '../domain/use-case-error';
import { plural } from '../domain/words/plural';
import { quoted } from '../domain/words/quoted';

export const rejectColumns = { row: 'source_row', errors: 'import_errors' } as const;
const ignoredColumns: readonly string[] = Object.values(rejectColumns);
const customFieldPrefix = 'attr.';

export type Delimiter = ',' | ';' | '\t';

export type Table = {
  file: string;
  format: 'csv' | 'json';
  /** Column names as normalised; custom fields appear once, as "attributes". */
  columns: string[];
  records: SourceRecord[];
  /** Rows that could not even be read as records (e.g. too many cells). */
  issues: RowIssue[];
  /** The file's own header and cells, to write rejected rows back in the shape they came in. */
  source: { header: string[]; rows: Map<number, string[] | Record<string, unknown>>; delimiter?: Delimiter };
};

export function columnName(raw: string): string {
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
 * semicolons, and one copied out or saved as "Text" by tabs: a header with either and no comma is
 * read so, rather than as one unknown column.
 */
/**
 * Every line ending a file may mix: csv-parse otherwise takes the first one it meets for the whole
 * file, and a Windows header over rows appended on a Mac or Linux read as one row (and the reverse
 * kept a carriage return at the end of every last cell). A line break inside quotes stays a value's.
 */
export const lineEndings = ['\r\n', '\n', '\r'];

export function delimiterOf(text: string): Delimiter {
  const header = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  return header.includes('\t') ? '\t' : ',';
}

const delimiterNames: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** Column 3 is C, column 28 is AB: how a spreadsheet shows it to the person fixing the file. */
function columnLetters(position: number): string {
  const rest = Math.floor((position - 1) / 26);
  return (rest > 0 ? columnLetters(rest) : '') + String.fromCharCode(65 + ((position - 1) % 26));
}

const isBlank = (cell: string | undefined) => cell === undefined || cell.trim() === '';

/**
 * What is wrong with the shape of a CSV row, if anything. A column with no name in the header is
 * what a spreadsheet exports for a formatted but empty column: its cells, and cells a short row
 * leaves out under it, are ignored while blank; a value there would be lost, so it is refused.
 */
function shapeIssues(row: number, cells: string[], names: string[], delimiter: Delimiter): RowIssue[] {
  const lastNamed = names.findLastIndex((n) => n !== '');
  if (cells.length > names.length || cells.length <= lastNamed) {
    return [{
      row,
      message: `has ${plural(cells.length, 'cell')} but the header has ${names.length}, expected one cell per column (put a value that contains a ${delimiterNames[delimiter]} in double quotes)`,
    }];
  }
  return names.flatMap((name, i): RowIssue[] =>
    name === '' && !isBlank(cells[i])
      ? [{ row, message: `column ${i + 1} (${columnLetters(i + 1)}) holds ${quoted(cells[i])} but has no name in the header row; name the column in the header row or delete it` }]
      : [],
  );
}

function parseCsv(file: string, text: string): Table {
  // Nothing at all, not even a header: a file saved before anything was pasted into it, or the wrong one.
  if (text.replace(/^\uFEFF/, '').trim() === '') throw invalid(`${file}: is empty, expected a header row naming the columns, then a row per record`);
  let cells: string[][];
  const delimiter = delimiterOf(text);
  try {
    cells = parse(text, { bom: true, delimiter, record_delimiter: lineEndings, relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    throw invalid(`${file}: cannot be read as CSV: ${(err as Error).message}`);
  }
  const [header = [], ...body] = cells;
  const names = header.map(columnName);
  const repeated = names.filter((n, i) => n !== '' && names.indexOf(n) !== i);
  if (repeated.length > 0) {
    throw invalid(`${file}: the header row names ${[...new Set(repeated)].join(', ')} more than once, expected each column once`);
  }
  const table: Table = {
    file,
    format: 'csv',
    columns: presentColumns(names.filter((n) => n !== '')),
    records: [],
    issues: [],
    source: { header, rows: new Map(), delimiter },
  };
  body.forEach((rowCells, index) => {
    const row = index + 2;
    if (rowCells.every((c) => c.trim() === '')) return;
    table.source.rows.set(row, rowCells);
    const issues = shapeIssues(row, rowCells, names, delimiter);
    if (issues.length > 0) table.issues.push(...issues);
    else table.records.push({ row, values: toValues(names.flatMap((n, i): [string, unknown][] => (n === '' ? [] : [[n, rowCells[i] ?? '']]))) });
  });
  if (table.source.rows.size === 0) throw invalid(`${file}: holds no rows, expected a row per record below the header row`);
  return table;
}

/** A JSON row's columns, each with its value and the key it was written as ("attributes"."x" for a custom field there). */
function jsonEntries(item: Record<string, unknown>): [string, unknown, string][] {
  return Object.entries(item).flatMap(([key, value]): [string, unknown, string][] => {
    const name = columnName(key);
    if (name === customFieldColumn && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return Object.entries(value).map(([k, v]) => [columnName(customFieldPrefix + k), v, `${quoted(key)}.${quoted(k)}`]);
    }
    return [[name, value, quoted(key)]];
  });
}

/**
 * Keys of one JSON row that name the same column ("Domain" and "domain", or attr.x beside an
 * "attributes" object holding x): the object keeps both, so taking either would drop the other unseen.
 */
function repeatedKeys(entries: [string, unknown, string][]): string[] {
  const first = new Map<string, string>();
  return entries.flatMap(([name, , key]) => {
    if (ignoredColumns.includes(name)) return [];
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, key);
      return [];
    }
    return [`the keys ${earlier} and ${key} both name the column ${name}, expected each column once (pick one key and delete the other)`];
  });
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
      table.issues.push({ row, message: `is ${quoted(item)}, expected an object such as {"domain": "acme.com", ...}` });
      return;
    }
    table.source.rows.set(row, item as Record<string, unknown>);
    const entries = jsonEntries(item as Record<string, unknown>);
    entries.forEach(([name]) => seen.add(name));
    const repeats = repeatedKeys(entries);
    if (repeats.length > 0) table.issues.push(...repeats.map((message) => ({ row, message })));
    else table.records.push({ row, values: toValues(entries.map(([name, value]) => [name, value])) });
  });
  table.columns = presentColumns(seen);
  return table;
}

/** The format of a file: by its extension, else by whether it starts like a JSON array. */
function formatOf(file: string, text: string): 'csv' | 'json' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
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

/** The first bytes of an .xlsx (a ZIP archive) and of an old .xls (an OLE compound file). */
const workbookSignatures = [[0x50, 0x4b, 0x03, 0x04], [0xd0, 0xcf, 0x11, 0xe0]];

/**
 * A spreadsheet's own file given instead of its CSV export, told by its first bytes whatever it is
 * named: read as text, it would be refused as not UTF-8 (or, a small one, as holding no rows), advice
 * that sends its reader to the wrong fix.
 */
function refuseWorkbook(file: string, bytes: Uint8Array): void {
  if (workbookSignatures.some((signature) => signature.every((byte, i) => bytes[i] === byte))) {
    throw invalid(`${file} is an Excel workbook, not CSV: save it as CSV UTF-8 (File > Save As > CSV UTF-8) and import that`);
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
  refuseWorkbook(file, bytes);
  return parseTable(file, decodeUtf8(file, bytes));
}
