// Migrates one template database per test run; each test copies it (see fresh-db.ts), which is much
// faster than running `prisma migrate deploy` for every test file.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '../../db/migrate';
import { templateDbPath, testTmpDir } from './paths';

export default async function setup() {
  rmSync(testTmpDir, { recursive: true, force: true });
  mkdirSync(path.dirname(templateDbPath), { recursive: true });
  await migrateDatabase(`file:${templateDbPath}`);
}
