// What an importer of rows keyed by one column (a domain, an email) takes from its schema and that
// column: its columns, and each repeat of a key within the file as a problem of that row.
import type { z } from 'zod';
import { findRepeatedKeys, readColumns } from '../domain/accounts/row-validation';
import type { Importer } from './import-table';

type RowSchema = z.ZodObject<z.ZodRawShape>;

/**
 * `one` names one row in "expected each … once per file"; `comparison` says how keys compare
 * ("domains match however they are written").
 */
export function keyedColumns<S extends RowSchema>(
  schema: S,
  requiredColumns: readonly string[],
  { key, one, comparison }: { key: keyof z.output<S> & string; one: string; comparison: string },
): Pick<Importer<S>, 'schema' | 'columns' | 'requiredColumns' | 'crossRowIssues'> {
  return {
    schema,
    columns: Object.keys(schema.shape),
    requiredColumns,
    crossRowIssues: (rows, unreadable) => {
      // A row refused for another column still repeats a key when its key column reads.
      const keyed = [
        ...rows.map((r) => ({ row: r.row, key: String(r.data[key]) })),
        ...unreadable.flatMap((r) => {
          const read = readColumns(schema, r, [key]);
          return read && read.data[key] !== undefined ? [{ row: r.row, key: String(read.data[key]) }] : [];
        }),
      ].sort((a, b) => a.row - b.row);
      return findRepeatedKeys(keyed.map((k) => ({ row: k.row, data: k.key })), (k) => k, key, one, comparison);
    },
  };
}
