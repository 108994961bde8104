// Many new rows in as few statements as the database binds values for, inside the caller's
// transaction. For the tables written a thousand rows at a time on a hot path (engagement events:
// their timeline touches and outbox rows): Prisma's createMany spends about 0.15 ms of CPU a row in
// its query compiler, two thirds of a 1,000-event batch, where one multi-row INSERT costs one
// statement. Prisma's SQL template writes the placeholders each database expects and binds every
// value; table and column names come from the code, never from input.
import { Prisma } from '../generated/prisma/client';
import type { Tx } from './client';

/** Values bound in one statement: under SQLite's 32,766 (as built here) and PostgreSQL's 65,535. */
const maxValuesPerStatement = 30_000;

export type RowValue = string | number | Date | null;

export type InsertRows = {
  table: string;
  columns: readonly string[];
  rows: readonly (readonly RowValue[])[];
  /** e.g. `ON CONFLICT ("id") DO NOTHING`; by default a row that breaks a constraint fails the statement. */
  onConflict?: string;
};

const quoted = (name: string) => `"${name}"`;

/** The INSERT statements for the rows, each binding as many values as a statement may. */
function* insertStatements({ table, columns, rows, onConflict = '' }: InsertRows, tail = ''): Generator<Prisma.Sql> {
  const perStatement = Math.max(1, Math.floor(maxValuesPerStatement / columns.length));
  const head = Prisma.raw(`INSERT INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES `);
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows.slice(start, start + perStatement).map((row) => Prisma.sql`(${Prisma.join(row)})`);
    yield Prisma.sql`${head}${Prisma.join(values)} ${Prisma.raw(`${onConflict} ${tail}`)}`;
  }
}

/** Inserts the rows; returns how many went in (rows skipped by `onConflict` not counted). */
export async function insertRows(tx: Tx, insert: InsertRows): Promise<number> {
  let inserted = 0;
  for (const statement of insertStatements(insert)) inserted += await tx.$executeRaw(statement);
  return inserted;
}

/** Inserts the rows; returns `column` of each row that went in (rows skipped by `onConflict` left out). */
export async function insertRowsReturning(tx: Tx, insert: InsertRows, column: string): Promise<string[]> {
  const inserted: string[] = [];
  for (const statement of insertStatements(insert, `RETURNING ${quoted(column)}`)) {
    for (const row of await tx.$queryRaw<Record<string, string>[]>(statement)) inserted.push(row[column]!);
  }
  return inserted;
}

/** JSON for a Json column written by insertRows (Prisma stores the same text). */
export const jsonValue = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
