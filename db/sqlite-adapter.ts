// The SQLite driver adapter as Harpoon uses it: Prisma's better-sqlite3 adapter with four changes
// to how it uses its one connection. Every process keeps one connection per database file
// (better-sqlite3 waits for a lock synchronously, so a second connection in the same process would
// freeze the event loop that its first needs to finish and let go of the lock).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Statements run on the connection without the adapter, for db/direct-sql.ts: compiled once, values
 * bound as the adapter binds them, run synchronously in a turn of their own (see
 * plainStatementsTakeTurns), so a transaction of several is one synchronous piece of work.
 */
export type DirectSqlite = {
  /** Runs `work` in the connection's next turn; `work` is synchronous (better-sqlite3 is). */
  inTurn<T>(work: (statements: DirectStatements) => T): Promise<T>;
};

export type DirectStatements = {
  run(sql: string, values: unknown[]): void;
  /** Runs `work` in a transaction (BEGIN IMMEDIATE), committed when it returns, rolled back when it throws. */
  transaction(work: () => void): void;
  /** Rows as objects by column name; integers as decimal strings, as the adapter returns them. */
  all(sql: string, values: unknown[]): Record<string, unknown>[];
};

/** The connection Prisma's queries go through, as db/direct-sql.ts uses it too (`direct`, on SQLite). */
export type SqlDriver = Awaited<ReturnType<PrismaBetterSQLite3['connect']>> & { direct?: DirectSqlite };

/** A driver adapter factory that keeps the connection it opened, for db/direct-sql.ts. */
export type KeepsDriver = { driver: SqlDriver | undefined };

/**
 * SQLite as better-sqlite3 builds it binds up to 32,766 values per statement, but Prisma assumes
 * 999 for any SQLite whose adapter does not say (this one does not) and refuses larger statements
 * instead of splitting them: a launch of a 1,000-account tier failed on its first query.
 */
const sqliteMaxBindValues = 32_766;

/**
 * The adapter opens every transaction with a plain BEGIN, which takes no lock until the first write.
 * A transaction that reads and then writes while another process (the worker, a CLI command, the
 * API) holds the write lock then fails at once with SQLITE_BUSY, "database is locked": SQLite
 * does not wait out its busy timeout for a transaction that has already read, since what it read
 * may be stale. BEGIN IMMEDIATE takes the write lock first, waiting the busy timeout for it, so such
 * a transaction queues like any single write. (`harpoon events create` failed this way while a
 * launched journey's worker was writing.)
 */
const beginImmediately = (source: string) => (source === 'BEGIN' ? 'BEGIN IMMEDIATE' : source);

/** Statements kept compiled per connection; the send path uses about twenty distinct ones. */
const keptStatements = 256;

/**
 * The adapter compiles every statement again on every call (`prepare(sql).bind(args)`), which on
 * the send path cost more CPU than running them (80 µs to compile the attempt's read, under 20 µs to
 * run it), and asks a query's columns on every call, which cost more than the query itself (22 µs
 * against 16 µs for the same read). Compiled statements are kept by their SQL with their columns,
 * least recently used out first. better-sqlite3 binds values to a statement for good, so the adapter
 * gets a view that passes each call's values to the kept statement instead.
 *
 * A query is compiled again when the schema changed since (a migration by another process, as in a
 * rolling deploy). SQLite would recompile it by itself, but only when it runs: the columns asked
 * before that were the old ones, so a `SELECT *` named its values wrongly. A kept write has no
 * columns to go stale, and SQLite recompiles it when it runs, so it is not asked (asking costs 8 µs,
 * and the send path's writes are most of its statements).
 */
function keepCompiledStatements(sqlite: BetterSqlite3.Database): (source: string) => Kept {
  const prepare = sqlite.prepare.bind(sqlite);
  const schemaVersion = prepare('PRAGMA schema_version').pluck();
  // Running any statement makes the connection load a schema changed elsewhere; compiling does not.
  const loadSchema = prepare('SELECT count(*) FROM "sqlite_master"').pluck();
  let loaded: unknown;
  const kept = new Map<string, Kept>();
  const compiled = (source: string): Kept => {
    const known = kept.get(source);
    if (known !== undefined && !known.statement.reader) {
      kept.delete(source);
      kept.set(source, known);
      return known;
    }
    const schema = schemaVersion.get();
    if (schema !== loaded) {
      loadSchema.get();
      loaded = schema;
    }
    const found = kept.get(source);
    kept.delete(source);
    const current: Kept = found !== undefined && found.schema === schema ? found : { statement: prepare(source), schema };
    kept.set(source, current);
    if (kept.size > keptStatements) kept.delete(kept.keys().next().value!);
    return current;
  };
  sqlite.prepare = ((source: string) => {
    const found = compiled(beginImmediately(source));
    const { statement } = found;
    // What the adapter calls on a statement (its performIO and executeIO), with the values bound per call.
    return {
      bind: (values: unknown[]) => ({
        reader: statement.reader,
        columns: () => (found.columns ??= statement.columns()),
        run: () => statement.run(values),
        raw: () => ({ all: () => statement.raw(true).all(values) }),
      }),
      run: (...values: unknown[]) => statement.run(...values),
    };
  }) as unknown as typeof sqlite.prepare;
  return (source) => compiled(beginImmediately(source));
}

type Kept = { statement: BetterSqlite3.Statement; schema: unknown; columns?: BetterSqlite3.ColumnDefinition[] };

/** A value bound as the adapter binds it (its mapArg, for the values db/direct-sql.ts passes). */
const boundValue = (value: unknown) => (value instanceof Date ? value.toISOString().replace('Z', '+00:00') : value);

function directStatements(sqlite: BetterSqlite3.Database, compiled: (source: string) => Kept): DirectStatements {
  const run = (sql: string, values: unknown[]) => void compiled(sql).statement.run(values.map(boundValue));
  return {
    run,
    transaction(work) {
      run('BEGIN IMMEDIATE', []);
      try {
        work();
      } catch (err) {
        // Some failures (a full disk, an I/O error) end the transaction already: nothing to roll back then.
        if (sqlite.inTransaction) run('ROLLBACK', []);
        throw err;
      }
      run('COMMIT', []);
    },
    all(sql, values) {
      const rows = compiled(sql).statement.raw(false).all(values.map(boundValue)) as Record<string, unknown>[];
      for (const row of rows) {
        for (const column in row) if (typeof row[column] === 'bigint') row[column] = String(row[column]);
      }
      return rows;
    },
  };
}

/** Turns on the connection, taken in the order asked for. */
function turns() {
  let last: Promise<void> = Promise.resolve();
  /** Resolves when it is the caller's turn, with the function that ends it. */
  return (): Promise<() => void> => {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const turn = last.then(() => end);
    last = last.then(() => ended);
    return turn;
  };
}

/**
 * A transaction belongs to the connection, not to the caller that opened it: the adapter keeps
 * transactions apart from each other, but a plain statement from elsewhere in the process ran
 * inside whichever transaction was open, and a rollback of that transaction undid it after its
 * caller had been told it was written. Plain statements now take their turn with transactions.
 * (A transaction's body must use its `tx`, never the client itself, or it waits for its own end.)
 */
function plainStatementsTakeTurns(driver: SqlDriver, statements: DirectStatements): void {
  const take = turns();
  const startTransaction = driver.startTransaction.bind(driver);
  driver.startTransaction = async (isolationLevel) => {
    const endTurn = await take();
    try {
      const tx = await startTransaction(isolationLevel);
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      tx.commit = () => commit().finally(endTurn);
      tx.rollback = () => rollback().finally(endTurn);
      return tx;
    } catch (err) {
      endTurn();
      throw err;
    }
  };
  const inTurn =
    <Q, R>(run: (query: Q) => Promise<R>) =>
    async (query: Q): Promise<R> => {
      const endTurn = await take();
      try {
        return await run(query);
      } finally {
        endTurn();
      }
    };
  driver.queryRaw = inTurn(driver.queryRaw.bind(driver));
  driver.executeRaw = inTurn(driver.executeRaw.bind(driver));
  driver.direct = { inTurn: (work) => inTurn(async () => work(statements))(undefined) };
}

export class SqliteAdapter extends PrismaBetterSQLite3 implements KeepsDriver {
  /** The open connection, while there is one. */
  driver: SqlDriver | undefined;

  override async connect() {
    const driver = await super.connect();
    // better-sqlite3's connection, which the adapter keeps as `client` without typing it.
    const sqlite = (driver as unknown as { client: BetterSqlite3.Database }).client;
    plainStatementsTakeTurns(driver, directStatements(sqlite, keepCompiledStatements(sqlite)));
    driver.getConnectionInfo = () => ({ maxBindValues: sqliteMaxBindValues, supportsRelationJoins: false });
    const dispose = driver.dispose.bind(driver);
    driver.dispose = () => {
      if (this.driver === driver) this.driver = undefined;
      return dispose();
    };
    this.driver = driver;
    return driver;
  }
}
