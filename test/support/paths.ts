import path from 'node:path';
import { projectRoot } from '../../config/env';

export const testTmpDir = path.join(projectRoot, '.data', 'test');
export const templateDbPath = path.join(testTmpDir, 'template.db');
