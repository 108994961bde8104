#!/usr/bin/env node
// Runs the Prisma CLI offline. Prisma 6.19 with engineType "client" and the JS schema engine needs
// no native engine, but the CLI still tries to download one unless these two variables point at an
// existing file (neither is executed). See ../shared/PLATFORM.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const placeholder = path.join(root, 'package.json');
mkdirSync(path.join(root, '.data'), { recursive: true });

const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || 'file:./.data/harpoon.db',
  },
});
process.exit(result.status ?? 1);
