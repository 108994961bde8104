// The Prisma client. SQLite through better-sqlite3 by default, in WAL mode with a busy timeout so
// many concurrent activities queue for the write lock instead of failing with SQLITE_BUSY.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;
/** A transaction client, as passed to `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * SQLite as better-sqlite3 builds it binds up to 32,766 values per statement, but Prisma assumes
 * 999 for any SQLite whose adapter does not say (this one does not) and refuses larger statements
 * instead of splitting them: a launch of a 1,000-account tier failed on its first query.
 */
const sqliteMaxBindValues = 32_766;

class SqliteAdapter extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    adapter.getConnectionInfo = () => ({ maxBindValues: sqliteMaxBindValues, supportsRelationJoins: false });
    return adapter;
  }
}

export function sqlitePath(databaseUrl: string): string | undefined {
  return databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : undefined;
}

export async function createDb(databaseUrl: string): Promise<Db> {
  const file = sqlitePath(databaseUrl);
  if (!file) {
    throw new Error(
      `DATABASE_URL=${databaseUrl}: only SQLite (file:...) is wired in this build; ` +
        'PostgreSQL needs the @prisma/adapter-pg adapter and provider "postgresql" in prisma/schema.prisma.',
    );
  }
  const db = new PrismaClient({ adapter: new SqliteAdapter({ url: file, timeout: 15_000 }) });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 15000');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return db;
}
