// Serializable transactions on PostgreSQL (db/postgresql.ts): one that PostgreSQL refuses at
// COMMIT runs again, and its connection goes back to the pool. Prisma 6.19 left it taken, and after
// ten such refusals every query of the process waited forever. Runs in the suite on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { useFreshDb } from '../support/fresh-db';
import { testDatabase } from '../support/paths';

const fresh = useFreshDb();

/** Resolves once `count` parties have arrived; a party arriving again (a retry) passes at once. */
function barrier(count: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived >= count) open();
    return opened;
  };
}

it.runIf(testDatabase() === 'postgresql')(
  'runs again a transaction refused at COMMIT, and gives its connection back: twenty refusals later, queries still answer',
  async () => {
    const { db } = fresh;
    let attempts = 0;
    const rounds = 20; // twice the pool's ten connections
    for (let round = 0; round < rounds; round++) {
      const bothRead = barrier(2);
      const bothWrote = barrier(2);
      // Write skew: each reads what the other writes. Both read, both write, then both commit: the
      // second COMMIT completes a cycle PostgreSQL refuses, and that transaction runs again.
      const tx = (mine: number, theirs: number) =>
        db.$transaction(async (t) => {
          attempts += 1;
          await t.account.count({ where: { tier: theirs, domain: { startsWith: `round${round}-` } } });
          await bothRead();
          await t.account.create({ data: { domain: `round${round}-${randomUUID()}.example`, name: 'Skew', tier: mine, poolStatus: 'candidate' } });
          await bothWrote();
        });
      await Promise.all([tx(1, 2), tx(2, 1)]);
    }
    expect(attempts - 2 * rounds).toBeGreaterThanOrEqual(rounds); // each round refused one
    expect(await db.account.count({ where: { domain: { startsWith: 'round' } } })).toBe(2 * rounds);
  },
  60_000,
);
