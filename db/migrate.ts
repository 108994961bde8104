// Applies the committed migrations (`prisma migrate deploy`) to a database. npm start, the worker,
// the CLI and the tests call this, so nobody migrates by hand. The Prisma CLI is only spawned when a
// migration is actually pending: most calls are a single query.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../config/env';
import { ConfigError } from '../config/errors';
import { createDb } from './client';
import { databaseProvider, redactedUrl, sqlitePath, type DatabaseProvider } from './provider';

const run = promisify(execFile);

/** Each database has its own migrations, kept in step (test/db/migrations-in-step.test.ts). */
export function migrationsDir(provider: DatabaseProvider): string {
  return path.join(projectRoot, 'prisma', provider === 'sqlite' ? 'migrations' : 'migrations-postgresql');
}

function committedMigrations(databaseUrl: string): string[] {
  return readdirSync(migrationsDir(databaseProvider(databaseUrl)), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const file = sqlitePath(databaseUrl);
  if (file && !existsSync(path.resolve(projectRoot, file))) return committedMigrations(databaseUrl);
  const db = await createDb(databaseUrl);
  try {
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(applied.map((row) => row.migration_name));
    return committedMigrations(databaseUrl).filter((name) => !done.has(name));
  } catch {
    return committedMigrations(databaseUrl); // no migrations table yet
  } finally {
    await db.$disconnect();
  }
}

/**
 * The folder of a SQLite database file, made when missing. One that cannot be made (a file in the
 * way, no permission) is a configuration mistake, said as one rather than as a stack trace.
 */
function ensureFolderOf(file: string, databaseUrl: string): void {
  const folder = path.dirname(path.resolve(projectRoot, file));
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'no permission to write there' : message;
    throw new ConfigError([`DATABASE_URL: cannot make the folder ${folder} for the database ${redactedUrl(databaseUrl)} (${why}); point it at a file in a folder this user can write`]);
  }
}

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const file = sqlitePath(databaseUrl);
  if (file) ensureFolderOf(file, databaseUrl);
  if ((await pendingMigrations(databaseUrl)).length === 0) return;
  try {
    await run(process.execPath, [path.join(projectRoot, 'scripts', 'prisma.mjs'), 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Database migration failed for ${redactedUrl(databaseUrl)}:\n${e.stderr || e.stdout || e.message}`);
  }
}
