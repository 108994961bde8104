// The accounts a file names for `journeys launch` and `journeys forecast` (--accounts): one domain or
// account id per line, or a CSV with a header whose `domain` column names them in any position (an
// `accounts list --csv` or a CRM export as it is), with the delimiters imports read. Lines starting
// with # are comments.
import { parse } from 'csv-parse/sync';
import { columnName, delimiterOf, lineEndings } from './read-table';

export function accountRefs(text: string): string[] {
  const rows: string[][] = parse(text, { bom: true, delimiter: delimiterOf(text), record_delimiter: lineEndings, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, comment: '#', comment_no_infix: true });
  const header = (rows[0] ?? []).map(columnName);
  const domainColumn = header.indexOf('domain');
  const body = domainColumn === -1 ? rows : rows.slice(1);
  return body.map((cells) => (cells[Math.max(domainColumn, 0)] ?? '').trim()).filter((ref) => ref !== '');
}
