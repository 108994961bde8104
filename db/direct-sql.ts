// SQL sent straight to the connection Prisma uses, without Prisma's query compiler, and on SQLite
// without its driver adapter too (db/sqlite-adapter.ts runs them on the kept compiled statements).
// For the few statements that run once per email on the send path only: through the compiler even
// a raw statement costs 0.3–0.5 ms of CPU, here 0.05–0.1 ms (`npm run bench -- send`). Everything
// else uses the typed client. Values are bound, never spliced into the SQL; dates are stored as
// Prisma stores them (bound as its adapters bind them).
//
// Statements are written once for both databases with `?` placeholders, numbered `$1, $2, ...` for
// PostgreSQL. PostgreSQL types a bound value from where it goes; where nothing says (a VALUES list
// in a WITH clause), `?::timestamp` marks a timestamp, which SQLite does not need.
//
// On PostgreSQL these statements go to node-postgres's pool as named prepared statements: planning
// the attempt's read cost the server about 0.45 ms each time, six times its execution, and Prisma's
// adapter about 0.15 ms of this process's CPU per statement around the driver's own work. A named
// statement is parsed and planned once per connection. Behind a pooler in transaction mode
// (PgBouncer), that needs its protocol-level prepared statements (`max_prepared_statements`, 1.21+).
import type { Pool, QueryArrayConfig } from 'pg';
import { sqlDriverOf, type Db, type SqlDriver } from './client';

export type SqlValue = string | number | Date | null;
export type Statement = { sql: string; args: SqlValue[] };

/** The statement as the driver's database reads it. */
export function dialectSql(sql: string, provider: SqlDriver['provider']): string {
  if (provider !== 'postgres') return sql.replaceAll('?::timestamp', '?');
  let n = 0;
  return sql.replaceAll('?::timestamp', '?::timestamp(3)').replace(/\?/g, () => `$${++n}`);
}

/**
 * `(?, ?, ?), (?, ?, ?)`: the placeholders of a multi-row VALUES list, `columns` a row, or each row
 * as `row` spells it (`(?, ?::timestamp)` where PostgreSQL must be told a value's type).
 */
export function valuesList(rows: number, row: number | string): string {
  const one = typeof row === 'string' ? row : `(${Array.from({ length: row }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => one).join(', ');
}

/** The rows of a query as objects by column name; dates come back as the text they are stored as, integers as decimal strings. */
export async function selectRows(db: Db, statement: Statement): Promise<Record<string, unknown>[]> {
  const driver = await sqlDriverOf(db);
  if (driver.direct) return driver.direct.inTurn((sqlite) => sqlite.all(dialectSql(statement.sql, 'sqlite'), statement.args));
  const { columnNames, rows } = await onPostgresql(driver, statement);
  return rows.map((row) => Object.fromEntries(columnNames.map((name, i) => [name, row[i]])));
}

/**
 * Which statements are prepared: those with up to 256 values (the grouped reads and writes of the
 * sends a worker runs at once, up to about twenty; each size is a text of its own), and at most so
 * many texts a process, so a connection keeps a bounded number of plans.
 */
const maxNamedValues = 256;
const maxNamedStatements = 100;
const statementNames = new Map<string, { text: string; name: string | undefined }>();

function postgresqlStatement(sql: string, values: number): { text: string; name: string | undefined } {
  let known = statementNames.get(sql);
  if (!known) {
    const name = values <= maxNamedValues && statementNames.size < maxNamedStatements ? `harpoon_${statementNames.size + 1}` : undefined;
    known = { text: dialectSql(sql, 'postgres'), name };
    if (name) statementNames.set(sql, known);
  }
  return known;
}

/** As Prisma's adapter writes a DateTime: UTC, without a zone, for columns that have none. */
const utcText = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Every value as PostgreSQL's text, except timestamps, which read as UTC (as Prisma's adapter reads them). */
const asText = (value: string) => value;
const timestampOid = 1114;
const timestampAsUtc = (value: string) => `${value.replace(' ', 'T')}+00:00`;
const textTypes = { getTypeParser: (oid: number) => (oid === timestampOid ? timestampAsUtc : asText) } as unknown as QueryArrayConfig['types'];

async function onPostgresql(driver: SqlDriver, { sql, args }: Statement): Promise<{ columnNames: string[]; rows: unknown[][] }> {
  const pool = (driver as unknown as { underlyingDriver(): Pool }).underlyingDriver();
  const { text, name } = postgresqlStatement(sql, args.length);
  const values = args.map((v) => (v instanceof Date ? utcText(v) : v));
  const run = (named: string | undefined) => pool.query({ text, name: named, values, rowMode: 'array', types: textTypes });
  let result;
  try {
    result = await run(name);
  } catch (err) {
    // A migration changed the type of a column the statement returns: PostgreSQL refuses the
    // statement prepared before it on that connection ("cached plan must not change result type")
    // for as long as the connection lives. Such a call runs unprepared instead of failing.
    if (!name || (err as { code?: string }).code !== '0A000') throw err;
    result = await run(undefined);
  }
  return { columnNames: result.fields.map((f) => f.name), rows: result.rows };
}

/**
 * Writes that read none of one another's rows, all or none. One statement is a transaction of its
 * own. On PostgreSQL several go as one statement too, the first ones as writable CTEs: one round
 * trip instead of BEGIN, one per statement and COMMIT (they run on one snapshot, hence the rule
 * above). On SQLite, where a statement costs no round trip, they run in one transaction, in one
 * synchronous turn on the connection that Prisma's own transactions wait for.
 */
export async function writeAtomically(db: Db, statements: Statement[]): Promise<void> {
  const driver = await sqlDriverOf(db);
  if (!driver.direct) {
    await onPostgresql(driver, asOneStatement(statements));
    return;
  }
  await driver.direct.inTurn((sqlite) => {
    const runAll = () => statements.forEach((s) => sqlite.run(dialectSql(s.sql, 'sqlite'), s.args));
    if (statements.length === 1) runAll();
    else sqlite.transaction(runAll);
  });
}

function asOneStatement(statements: Statement[]): Statement {
  const last = statements.at(-1)!;
  if (statements.length === 1) return last;
  const before = statements.slice(0, -1).map((s, i) => `"write${i}" AS (${s.sql})`);
  return { sql: `WITH ${before.join(', ')} ${last.sql}`, args: statements.flatMap((s) => s.args) };
}
