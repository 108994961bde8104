import path from 'node:path';
import { inject } from 'vitest';
import { projectRoot } from '../../config/env';

export const testRootDir = path.join(projectRoot, '.data', 'test');

/** This test run's own scratch directory, made by global-setup.ts. */
export const testTmpDir = (): string => inject('testRunDir');
export const templateDbPath = (): string => path.join(testTmpDir(), 'template.db');
