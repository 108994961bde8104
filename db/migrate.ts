// Applies the committed migrations (`prisma migrate deploy`) to a database. npm start, the worker
// and the tests call this, so nobody migrates by hand.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../config/env';
import { sqlitePath } from './client';

const run = promisify(execFile);

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const file = sqlitePath(databaseUrl);
  if (file) mkdirSync(path.dirname(path.resolve(projectRoot, file)), { recursive: true });
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
