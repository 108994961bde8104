// Each database has its own committed migrations (prisma/migrations for SQLite,
// prisma/migrations-postgresql for PostgreSQL) and one schema (prisma/schema.prisma). A change to
// the schema without a migration for the database the suite runs on fails here: the database the
// migrations built must have exactly the tables, columns, indexes and keys the schema describes
// when built from nothing. CI runs the suite on both databases, so both folders are checked.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { databaseProvider, sqlitePath } from '../../db/provider';
import { freshDatabaseUrl } from '../support/fresh-db';
import { testTmpDir } from '../support/paths';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(testTmpDir(), 'migrations-'));
const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** The SQL that builds the whole schema from nothing, as Prisma writes it for `url`'s database. */
async function schemaFromNothing(url: string): Promise<string> {
  const schema = databaseProvider(url) === 'sqlite' ? 'prisma/schema.prisma' : 'generated/postgresql/schema.prisma';
  const { stdout } = await run(
    process.execPath,
    ['scripts/prisma.mjs', 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', schema, '--script'],
    { cwd: projectRoot, env: { ...process.env, DATABASE_URL: url } },
  );
  return stdout;
}

type Shape = Record<string, unknown>;

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`)
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        {
          // By name: a column added later comes last in a migrated table, and order means nothing here.
          columns: (db.prepare(`PRAGMA table_info("${name}")`).all() as { cid: number; name: string }[])
            .map(({ cid: _position, ...column }) => column)
            .sort((a, b) => a.name.localeCompare(b.name)),
          indexes: (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
            .map((index) => ({ ...index, columns: db.prepare(`PRAGMA index_info("${index.name}")`).all() }))
            .sort((a, b) => a.name.localeCompare(b.name)),
          foreignKeys: db.prepare(`PRAGMA foreign_key_list("${name}")`).all(),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

async function postgresqlShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await rows(`SELECT table_name, column_name, data_type, is_nullable, column_default
                           FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
                           ORDER BY table_name, column_name`),
      indexes: await rows(`SELECT tablename, indexname, indexdef FROM pg_indexes
                           WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`),
      constraints: await rows(`SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS definition
                               FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                               AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY conname`),
    };
  } finally {
    await client.end();
  }
}

it("builds, from the committed migrations, the very schema prisma/schema.prisma describes, on the suite's database", async () => {
  const migrated = await freshDatabaseUrl(mkdtempSync(path.join(dir, 'migrated-')));
  const script = await schemaFromNothing(migrated);
  if (databaseProvider(migrated) === 'sqlite') {
    const file = path.join(dir, 'from-nothing.db');
    const scratch = new Database(file);
    scratch.exec(script);
    scratch.close();
    expect(sqliteShape(sqlitePath(migrated)!)).toEqual(sqliteShape(file));
    return;
  }
  const target = new URL(migrated);
  target.pathname = `${target.pathname}_from_nothing`;
  const admin = new pg.Client({ connectionString: migrated });
  await admin.connect();
  closers.push(() => admin.end());
  await admin.query(`CREATE DATABASE "${target.pathname.slice(1)}"`);
  const scratch = new pg.Client({ connectionString: target.toString() });
  await scratch.connect();
  await scratch.query(script);
  await scratch.end();
  expect(await postgresqlShape(migrated)).toEqual(await postgresqlShape(target.toString()));
});
