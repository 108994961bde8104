// A database whose first interactive transaction does all its work, is rolled back, and runs again,
// as db/postgresql.ts runs a transaction body again after a serialization failure or deadlock:
// what the body did outside the database, or counted outside it, must come out right once.
// `between` runs after the rollback: what another transaction committed meanwhile (the conflict).
import type { Db, Tx } from '../../db/client';

export function rerunFirstTransaction(db: Db, between: () => Promise<unknown> = async () => {}): { db: Db; reran: () => boolean } {
  const rollback = new Error('write conflict (rolled back by the test)');
  let reran = false;
  // A proxy of an empty object: the PostgreSQL client holds its own $transaction as a fixed property.
  const rerunning = new Proxy({} as Db, {
    get: (_, name) =>
      name !== '$transaction'
        ? Reflect.get(db, name)
        : async (body: (tx: Tx) => Promise<unknown>, options?: Record<string, unknown>) => {
            if (!reran) {
              reran = true;
              const firstAttempt = db.$transaction(async (tx) => {
                await body(tx);
                throw rollback;
              }, options);
              await firstAttempt.catch((err: unknown) => {
                if (err !== rollback) throw err;
              });
              await between();
            }
            return db.$transaction(body, options);
          },
  });
  return { db: rerunning, reran: () => reran };
}
