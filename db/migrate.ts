// Applies the committed migrations (`prisma migrate deploy`) to a database. npm start, the worker,
// the CLI and the tests call this, so nobody migrates by hand. The Prisma CLI is only spawned when a
// migration is actually pending: most calls are a single query.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../config/env';
import { createDb, sqlitePath } from './client';

const run = promisify(execFile);
const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');

function committedMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const file = sqlitePath(databaseUrl);
  if (file && !existsSync(path.resolve(projectRoot, file))) return committedMigrations();
  const db = await createDb(databaseUrl);
  try {
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(applied.map((row) => row.migration_name));
    return committedMigrations().filter((name) => !done.has(name));
  } catch {
    return committedMigrations(); // no migrations table yet
  } finally {
    await db.$disconnect();
  }
}

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const file = sqlitePath(databaseUrl);
  if (file) mkdirSync(path.dirname(path.resolve(projectRoot, file)), { recursive: true });
  if ((await pendingMigrations(databaseUrl)).length === 0) return;
  try {
    await run(process.execPath, [path.join(projectRoot, 'scripts', 'prisma.mjs'), 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Database migration failed for ${databaseUrl}:\n${e.stderr || e.stdout || e.message}`);
  }
}
