// Migrates one template database per test run into a directory of the run's own (several runs may
// share a machine); each test copies it (see fresh-db.ts), which is much faster than running
// `prisma migrate deploy` for every test file.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../db/migrate';
import { testRootDir } from './paths';

declare module 'vitest' {
  export interface ProvidedContext {
    testRunDir: string;
  }
}

export default async function setup(project: TestProject) {
  mkdirSync(testRootDir, { recursive: true });
  const runDir = mkdtempSync(path.join(testRootDir, 'run-'));
  await migrateDatabase(`file:${path.join(runDir, 'template.db')}`);
  project.provide('testRunDir', runDir);
  return () => rmSync(runDir, { recursive: true, force: true });
}
