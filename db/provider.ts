// Which database a DATABASE_URL names. SQLite (a file: URL) is the embedded default; PostgreSQL
// (postgres:// or postgresql://) is the production database. Everything that differs between the
// two asks here, so the rest of the code speaks of "the database".
export type DatabaseProvider = 'sqlite' | 'postgresql';

export function databaseProvider(databaseUrl: string): DatabaseProvider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error(`DATABASE_URL=${redactedUrl(databaseUrl)}: expected file:./path/to.db (SQLite) or postgresql://user:pass@host:5432/db`);
}

export function sqlitePath(databaseUrl: string): string | undefined {
  return databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : undefined;
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(databaseUrl: string): string {
  return databaseUrl.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
