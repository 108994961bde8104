// A real, migrated SQLite database file of its own for each test that asks for one.
import { copyFileSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { createDb, type Db } from '../../db/client';
import { templateDbPath, testTmpDir } from './paths';

export type FreshDb = { db: Db; url: string; dir: string };

export async function freshDb(): Promise<FreshDb> {
  const dir = mkdtempSync(path.join(testTmpDir(), 'db-'));
  const file = path.join(dir, 'harpoon.db');
  copyFileSync(templateDbPath(), file);
  const url = `file:${file}`;
  return { db: await createDb(url), url, dir };
}
