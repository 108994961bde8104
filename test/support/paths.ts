import path from 'node:path';
import { inject } from 'vitest';
import { projectRoot } from '../../config/env';

export const testRootDir = path.join(projectRoot, '.data', 'test');

/** This test run's own scratch directory, made by global-setup.ts. */
export const testTmpDir = (): string => inject('testRunDir');
export const templateDbPath = (): string => path.join(testTmpDir(), 'template.db');

/** The database the suite runs on: SQLite files, or PostgreSQL with HARPOON_TEST_DATABASE=postgresql. */
export function testDatabase(): 'sqlite' | 'postgresql' {
  const chosen = process.env.HARPOON_TEST_DATABASE || 'sqlite';
  if (chosen !== 'sqlite' && chosen !== 'postgresql') {
    throw new Error(`HARPOON_TEST_DATABASE=${chosen}: expected sqlite (the default) or postgresql`);
  }
  return chosen;
}

/** The PostgreSQL database each test's own database is copied from. */
export const postgresqlTemplate = 'harpoon_template';
