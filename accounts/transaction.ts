// One transaction for a whole operation, so an import or a pool change is written entirely or not
// at all. Prisma's default 5 s limit is meant for short requests; an import of thousands of rows
// on a busy SQLite file needs longer, and waiting for the write lock is normal there.
import type { Db, Tx } from '../db/client';

export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(work, { maxWait: 30_000, timeout: 10 * 60_000 });
}

/** Splits work into batches small enough for any database's limit on query parameters. */
export function* batches<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
