// One transaction for a whole operation, so an import or a pool change is written entirely or not
// at all. Prisma's default 5 s limit is meant for short requests; an import of thousands of rows
// on a busy SQLite file needs longer, and waiting for the write lock is normal there.
import { isUniqueViolation, providerOf, type Db, type Tx } from './client';

export type TransactionOptions = {
  /**
   * The transaction's first statement locks the rows everything after it reads and writes (as
   * lockEvents does). On PostgreSQL it then runs READ COMMITTED: the lock alone orders such
   * transactions, and each statement after it sees what the previous holder committed, whereas
   * under SERIALIZABLE every waiter fails the moment the holder commits. SQLite has one level.
   */
  locksFirst?: boolean;
  /**
   * Every row it reads and writes belongs to one caller that other transactions leave alone (a
   * journey's own records). Nothing can interleave with it, so on PostgreSQL it runs READ
   * COMMITTED: under SERIALIZABLE, such transactions of different journeys failed one another
   * anyway, over index pages they shared (a launch of 100 journeys retried its step records about
   * 1.7 times a journey, each retry after a pause).
   */
  ownRowsOnly?: boolean;
};

export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const readCommitted = (options.locksFirst || options.ownRowsOnly) && providerOf(db) === 'postgresql';
  // Db is typed by the SQLite client, which knows one level; the PostgreSQL client takes this one.
  const isolation = readCommitted ? { isolationLevel: 'ReadCommitted' as unknown as 'Serializable' } : {};
  return db.$transaction(work, { maxWait: 30_000, timeout: 10 * 60_000, ...isolation });
}

/**
 * Runs `work` again when a unique key refused one of its inserts. On PostgreSQL a transaction that
 * read "no such row" and then inserts it can meet the same row committed by another transaction in
 * between (Prisma's upsert is such a read and insert); the next attempt reads that row and goes
 * the other way. SQLite's transactions hold the write lock from BEGIN, so there it cannot happen.
 */
export async function againAfterUniqueRace<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isUniqueViolation(err) || attempt === attempts) throw err;
    }
  }
}

/** Splits work into batches small enough for any database's limit on query parameters. */
export function* batches<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
