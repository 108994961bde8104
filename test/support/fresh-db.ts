// A real, migrated database of its own for each test that asks for one: a copy of the run's
// template (global-setup.ts), as an SQLite file or a PostgreSQL database.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { createDb, type Db } from '../../db/client';
import { postgresqlTemplate, templateDbPath, testDatabase, testTmpDir } from './paths';
import { createDatabaseOn } from './postgresql-server';

export type FreshDb = { db: Db; url: string; dir: string };

/** The URL of a new copy of the template database; `dir` holds the SQLite file. */
export async function freshDatabaseUrl(dir: string): Promise<string> {
  if (testDatabase() === 'sqlite') {
    const file = path.join(dir, 'harpoon.db');
    copyFileSync(templateDbPath(), file);
    return `file:${file}`;
  }
  const adminUrl = inject('postgresqlAdminUrl');
  const url = new URL(adminUrl);
  url.pathname = `/t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await createDatabaseOn(admin, url.toString(), postgresqlTemplate);
  } finally {
    await admin.end();
  }
}

export async function freshDb(): Promise<FreshDb> {
  const dir = mkdtempSync(path.join(testTmpDir(), 'db-'));
  const url = await freshDatabaseUrl(dir);
  return { db: await createDb(url), url, dir };
}

/**
 * A fresh database for one test file (with `each`, for each of its tests): made before, disconnected
 * after. The object is filled in by the time the file's other hooks and tests run, which read
 * `fresh.db` as they would a FreshDb of their own.
 */
export function useFreshDb({ each = false }: { each?: boolean } = {}): FreshDb {
  const fresh = {} as FreshDb;
  (each ? beforeEach : beforeAll)(async () => {
    Object.assign(fresh, await freshDb());
  });
  (each ? afterEach : afterAll)(async () => {
    await fresh.db?.$disconnect();
  });
  return fresh;
}
