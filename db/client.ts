// The Prisma client for the database DATABASE_URL names. SQLite through better-sqlite3 by default,
// in WAL mode with a busy timeout so many concurrent activities queue for the write lock instead of
// failing with SQLITE_BUSY; PostgreSQL through node-postgres (db/postgresql.ts says what differs).
import { PrismaClient } from '../generated/prisma/client';
import { databaseProvider, sqlitePath, type DatabaseProvider } from './provider';
import { SqliteAdapter, type KeepsDriver, type SqlDriver } from './sqlite-adapter';

export type { KeepsDriver, SqlDriver };

export type Db = PrismaClient;
/** A transaction client, as passed to `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const adapters = new WeakMap<Db, KeepsDriver>();
const providers = new WeakMap<Db, DatabaseProvider>();

/** The database under a client made by createDb. */
export function providerOf(db: Db): DatabaseProvider {
  const provider = providers.get(db);
  if (!provider) throw new Error('providerOf: this Prisma client was not made by createDb (db/client.ts)');
  return provider;
}

/** The database connection under a client made by createDb, opened if Prisma closed it. */
export async function sqlDriverOf(db: Db): Promise<SqlDriver> {
  const adapter = adapters.get(db);
  if (!adapter) throw new Error('sqlDriverOf: this Prisma client was not made by createDb (db/client.ts)');
  if (!adapter.driver) await db.$connect();
  return adapter.driver!;
}

/** A write refused by a unique constraint (Prisma's P2002): the row is already there. */
export const isUniqueViolation = (err: unknown) => (err as { code?: string } | undefined)?.code === 'P2002';

export { sqlitePath };

/**
 * Node 24.19 and 24.20 abort the process when the garbage collector frees a native object built on
 * node::ObjectWrap, as better-sqlite3 12's statements are (nodejs/node#65446), unless the addon was
 * compiled against older headers. Said once, before the abort could come, with the way out.
 */
let nodeWarned = false;
function warnOfAbortingNode(version: string): void {
  if (nodeWarned || !/^24\.(19|20)\./.test(version)) return;
  nodeWarned = true;
  console.warn(
    `[harpoon] Node ${version} may abort with "Assertion failed: (env) != nullptr" in better-sqlite3 (nodejs/node#65446). ` +
      'Run Harpoon on Node 24.16 ("node scripts/with-node-24.mjs npm ci", then prefix npm start or npm test the same way), or on Node 22 or 20.',
  );
}

export async function createDb(databaseUrl: string): Promise<Db> {
  if (databaseProvider(databaseUrl) === 'postgresql') {
    // Loaded only here: an SQLite install never pays for the PostgreSQL client.
    const { createPostgresqlDb } = await import('./postgresql');
    const { db, adapter } = await createPostgresqlDb(databaseUrl);
    adapters.set(db, adapter);
    providers.set(db, 'postgresql');
    return db;
  }
  warnOfAbortingNode(process.versions.node);
  const adapter = new SqliteAdapter({ url: sqlitePath(databaseUrl)!, timeout: 15_000 });
  const db = new PrismaClient({ adapter });
  adapters.set(db, adapter);
  providers.set(db, 'sqlite');
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 15000');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return db;
}
