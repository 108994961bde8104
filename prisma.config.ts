// Prisma CLI config: the JS schema engine and a driver adapter, so migrations run offline. The
// database DATABASE_URL names picks the schema copy, its migrations and its adapter
// (scripts/prisma.mjs writes the PostgreSQL copy from prisma/schema.prisma).
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPgForCli } from './db/postgresql-cli-adapter';
import { defineConfig } from 'prisma/config';
import { databaseProvider, sqlitePath } from './db/provider';

const url = process.env.DATABASE_URL || 'file:./.data/harpoon.db';
const postgresql = databaseProvider(url) === 'postgresql';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: postgresql ? path.join('generated', 'postgresql', 'schema.prisma') : path.join('prisma', 'schema.prisma'),
  migrations: { path: postgresql ? path.join('prisma', 'migrations-postgresql') : path.join('prisma', 'migrations') },
  async adapter() {
    return postgresql ? new PrismaPgForCli({ connectionString: url }) : new PrismaBetterSQLite3({ url: sqlitePath(url)!, timeout: 15_000 });
  },
});
