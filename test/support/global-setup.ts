// Migrates one template database per test run into a directory of the run's own (several runs may
// share a machine); each test copies it (see fresh-db.ts), which is much faster than running
// `prisma migrate deploy` for every test file. With HARPOON_TEST_DATABASE=postgresql
// (`npm run test:postgresql`) the template is a database on a PostgreSQL server of the run's own.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../db/migrate';
import { postgresqlTemplate, testDatabase, testRootDir } from './paths';
import { startMigratedPostgresqlServer } from './postgresql-server';

declare module 'vitest' {
  export interface ProvidedContext {
    testRunDir: string;
    /** With the suite on PostgreSQL: the server's maintenance database, from which tests copy the template. */
    postgresqlAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  mkdirSync(testRootDir, { recursive: true });
  const runDir = mkdtempSync(path.join(testRootDir, 'run-'));
  project.provide('testRunDir', runDir);
  if (testDatabase() === 'sqlite') {
    await migrateDatabase(`file:${path.join(runDir, 'template.db')}`);
    return () => rmSync(runDir, { recursive: true, force: true });
  }
  const server = await startMigratedPostgresqlServer(postgresqlTemplate);
  project.provide('postgresqlAdminUrl', server.urlFor('postgres'));
  return async () => {
    await server.stop();
    rmSync(runDir, { recursive: true, force: true });
  };
}
