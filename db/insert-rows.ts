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

/** Inserts the rows; returns how many went in (rows skipped by `onConflict` not counted). */
export async function insertRows(tx: Tx, { table, columns, rows, onConflict = '' }: InsertRows): Promise<number> {
  const perStatement = Math.max(1, Math.floor(maxValuesPerStatement / columns.length));
  const head = Prisma.raw(`INSERT INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES `);
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows.slice(start, start + perStatement).map((row) => Prisma.sql`(${Prisma.join(row)})`);
    inserted += await tx.$executeRaw`${head}${Prisma.join(values)} ${Prisma.raw(onConflict)}`;
  }
  return inserted;
}

/** JSON for a Json column written by insertRows (Prisma stores the same text). */
export const jsonValue = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
