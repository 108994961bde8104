// PostgreSQL through node-postgres, as the production database. What differs from SQLite:
//
// - SQLite runs one write transaction at a time, so code that reads and then writes in a
//   transaction (a seat still free? a rep's pacing slot? an idempotency key already used?) was
//   always alone. PostgreSQL's default isolation (READ COMMITTED) would let two such transactions
//   interleave. Interactive transactions therefore run SERIALIZABLE here, and one that PostgreSQL
//   aborts as a conflict (Prisma's P2034: a serialization failure or a deadlock) runs again from
//   the start, as PostgreSQL's documentation asks of serializable clients. A transaction that
//   orders itself with a row lock instead asks for READ COMMITTED (db/transaction.ts). Batched transactions
//   (`$transaction([...])`) carry no logic between their statements and keep the default.
// - Timestamps are stored without a time zone, as Prisma's migrations make them; sessions run in
//   UTC so a database default (CURRENT_TIMESTAMP) means what Prisma's own values mean.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma-pg/client';
import type { Db, KeepsDriver, SqlDriver } from './client';

/** Attempts of one interactive transaction before its conflict reaches the caller. */
const conflictAttempts = 8;

type Queryable = { executeRaw(query: { sql: string }): Promise<number>; commit(): Promise<void>; rollback(): Promise<void> };

/**
 * Prisma 6.19 ends a transaction by sending COMMIT (or ROLLBACK) and then calling the adapter's
 * commit() (rollback()), which gives the connection back to the pool; when the COMMIT itself fails,
 * as a serializable transaction's may (PostgreSQL then rolls it back), the second call never
 * comes, and the connection stays taken for good. Ten such and the pool is empty: every query of
 * the process waits forever (a simulation stopped dead; a worker never exited). So a failed end
 * gives the connection back itself, and the later call, if any, does nothing.
 */
function givesBackOnFailedEnd<T>(transaction: T): T {
  const tx = transaction as unknown as Queryable;
  let given = false;
  const once = (end: () => Promise<void>) => async () => {
    if (given) return;
    given = true;
    await end();
  };
  tx.commit = once(tx.commit.bind(tx));
  tx.rollback = once(tx.rollback.bind(tx));
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (err) {
      if (/^\s*(COMMIT|ROLLBACK)\s*$/i.test(query.sql)) await tx.rollback();
      throw err;
    }
  };
  return transaction;
}

class PostgresqlAdapter extends PrismaPg implements KeepsDriver {
  driver: SqlDriver | undefined;

  override async connect() {
    const driver = await super.connect();
    const startTransaction = driver.startTransaction.bind(driver);
    driver.startTransaction = async (...args) => givesBackOnFailedEnd(await startTransaction(...args));
    const dispose = driver.dispose.bind(driver);
    driver.dispose = () => {
      if (this.driver === (driver as unknown as SqlDriver)) this.driver = undefined;
      return dispose();
    };
    this.driver = driver as unknown as SqlDriver;
    return driver;
  }
}

type Cause = { kind?: string };
type PrismaError = { code?: string; cause?: Cause; meta?: { driverAdapterError?: { cause?: Cause } } };

/**
 * A serialization failure or deadlock: P2034 from the typed client, P2010 with its cause from a
 * raw statement, the adapter's own error from a failed COMMIT.
 */
export function isWriteConflict(err: unknown): boolean {
  const e = err as PrismaError | undefined;
  const conflict = 'TransactionWriteConflict';
  return e?.code === 'P2034' || e?.cause?.kind === conflict || e?.meta?.driverAdapterError?.cause?.kind === conflict;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createPostgresqlDb(databaseUrl: string): Promise<{ db: Db; adapter: KeepsDriver }> {
  const adapter = new PostgresqlAdapter({ connectionString: databaseUrl, options: '-c TimeZone=UTC', allowExitOnIdle: true });
  // The same schema as the SQLite client (scripts/prisma.mjs derives one from the other), so the
  // two clients have the same models and methods; only the provider inside differs.
  const db = new PrismaClient({ adapter }) as unknown as Db;
  const transaction = db.$transaction.bind(db) as (arg: unknown, options?: Record<string, unknown>) => Promise<unknown>;
  const serializable = async (arg: unknown, options?: Record<string, unknown>) => {
    if (typeof arg !== 'function') return transaction(arg, options);
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(arg, { isolationLevel: 'Serializable', ...options });
      } catch (err) {
        if (!isWriteConflict(err) || attempt === conflictAttempts) throw err;
        // Jittered so the transactions that collided do not collide again in step.
        await pause(Math.random() * 10 * 2 ** attempt);
      }
    }
  };
  Object.defineProperty(db, '$transaction', { value: serializable });
  await db.$connect();
  return { db, adapter };
}
