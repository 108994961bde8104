#!/usr/bin/env node
// Runs the Prisma CLI offline, for the database DATABASE_URL names (SQLite by default).
//
// Prisma 6.19 with engineType "client" and the JS schema engine needs no native engine, but the CLI
// still tries to download one unless these two variables point at an existing file (neither is
// executed). See ../shared/PLATFORM.md.
//
// prisma/schema.prisma is the one schema. A Prisma schema names a single provider, so the
// PostgreSQL copy (generated/postgresql/schema.prisma) is written from it on every run, differing
// only in its provider and client output; prisma.config.ts picks the copy and its migrations folder
// (prisma/migrations-postgresql) from DATABASE_URL. `generate` makes both clients, so switching
// databases is a change of DATABASE_URL and nothing else.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const placeholder = path.join(root, 'package.json');
mkdirSync(path.join(root, '.data'), { recursive: true });

export function writePostgresqlSchema() {
  const source = readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
  const derived = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/generated\/prisma"/, 'output       = "../prisma-pg"');
  if (!derived.includes('provider = "postgresql"') || !derived.includes('"../prisma-pg"')) {
    throw new Error('prisma/schema.prisma: expected provider = "sqlite" and output = "../generated/prisma" to derive the PostgreSQL schema from');
  }
  const dir = path.join(root, 'generated', 'postgresql');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'schema.prisma'),
    `// Written by scripts/prisma.mjs from prisma/schema.prisma: edit that one.\n${derived}`,
  );
}

const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');

function prisma(args, databaseUrl) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: {
      PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
      PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      ...process.env,
      DATABASE_URL: databaseUrl,
    },
  });
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writePostgresqlSchema();
  const args = process.argv.slice(2);
  const databaseUrl = process.env.DATABASE_URL || 'file:./.data/harpoon.db';
  if (args[0] === 'generate') {
    // Generating reads no database: the URLs only choose the schema.
    const status = prisma(args, 'file:./.data/harpoon.db') || prisma(args, 'postgresql://localhost/harpoon');
    process.exit(status);
  }
  process.exit(prisma(args, databaseUrl));
}
