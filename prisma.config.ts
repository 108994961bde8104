// Prisma CLI config: the JS schema engine and the better-sqlite3 adapter, so migrations run offline.
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    const url = (process.env.DATABASE_URL ?? 'file:./.data/harpoon.db').replace(/^file:/, '');
    return new PrismaBetterSQLite3({ url, timeout: 15_000 });
  },
});
