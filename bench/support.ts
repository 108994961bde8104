// What every benchmark shares: scratch directories, fresh migrated databases, timers that take the
// median of several runs, and the result table. Written apart from test/support, whose paths come
// from vitest's inject() and so only work inside a vitest run.
//
// The databases are SQLite files, or with BENCH_DATABASE=postgresql databases on a throwaway
// PostgreSQL server started once per run (test/support/postgresql-server.ts), so every benchmark
// runs on either unchanged.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type Mail from 'nodemailer/lib/mailer';
import { createDb, providerOf, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import type { DatabaseProvider } from '../db/provider';
import { composeEmail, messageIdFor } from '../mail/compose';
import type { PostgresqlServer } from '../test/support/postgresql-server';

export type Check = { label: string; ok: boolean };

export type BenchResult = {
  name: string;
  /** The measured side, with its unit ("812 msg/s"). */
  measurement: string;
  /** The same quantity for the baseline, measured in the same run. */
  baseline: string;
  ratio: number;
  /** The goal as a reader should check it ("pooled/unpooled ≥ 10×"). */
  goal: string;
  pass: boolean;
  /** How it was measured and side numbers, printed under the table. */
  notes: string[];
  /** Correctness, not speed: a failed check fails the whole run, a missed goal does not. */
  checks: Check[];
};

let rootDir: string | undefined;

/** A new directory inside this run's scratch directory (removed by removeScratch). */
export function scratchDir(name: string): string {
  rootDir ??= mkdtempSync(path.join(os.tmpdir(), 'harpoon-bench-'));
  return mkdtempSync(path.join(rootDir, `${name}-`));
}

/** Removes the scratch directory and stops the PostgreSQL server, if this run started one. */
export async function removeScratch(): Promise<void> {
  const server = postgresql;
  postgresql = undefined;
  sqliteTemplate = undefined;
  if (rootDir) rmSync(rootDir, { recursive: true, force: true });
  rootDir = undefined;
  // A server that failed to start has nothing to stop; its error was reported by the benchmark.
  const started = await server?.then(
    (s) => s,
    () => undefined,
  );
  await started?.stop();
}

/** The database the benchmarks run on: SQLite files, or PostgreSQL with BENCH_DATABASE=postgresql. */
export function benchDatabase(): DatabaseProvider {
  const chosen = process.env.BENCH_DATABASE || 'sqlite';
  if (chosen !== 'sqlite' && chosen !== 'postgresql') throw new Error(`BENCH_DATABASE=${chosen}: expected sqlite (the default) or postgresql`);
  return chosen;
}

// Migrating spawns the Prisma CLI (seconds), so it happens once per run and database; each
// database is a copy: of a file for SQLite, of a template database on the server for PostgreSQL.
let sqliteTemplate: Promise<string> | undefined;
let postgresql: Promise<PostgresqlServer> | undefined;
const postgresqlTemplate = 'bench_template';
let postgresqlDatabases = 0;

function migratedSqliteTemplate(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const file = path.join(scratchDir('template'), 'template.db');
    await migrateDatabase(`file:${file}`);
    return file;
  })();
  return sqliteTemplate;
}

function postgresqlServer(): Promise<PostgresqlServer> {
  // Loaded only here: a run on SQLite never starts a server.
  postgresql ??= import('../test/support/postgresql-server').then((m) => m.startMigratedPostgresqlServer(postgresqlTemplate));
  return postgresql;
}

/** One real email from a shipped template, composed once, for baselines that send the same message again and again. */
export function composeSample(templateKey: string, idempotencyKey: string): Promise<Mail.Options> {
  return composeEmail({
    templateKey,
    context: {
      contact: { firstName: 'Mia', lastName: 'Berg', title: 'Plant Director', role: 'champion', seniority: 'manager' },
      account: { name: 'Acme Axles', industry: 'Automotive' },
      stage: 'engage',
    },
    to: 'mia@acme.example',
    from: 'Harpoon Marketing <marketing@harpoon.local>',
    idempotencyKey,
    messageId: messageIdFor(idempotencyKey),
    publicUrl: 'http://127.0.0.1:8080',
    secret: 'bench-secret-0123456789abcdef',
  });
}

/** `dir` is a scratch directory of the database's own (it holds the SQLite file). */
export type FreshDb = { db: Db; url: string; dir: string };

/** A new migrated database on `database` (by default the one BENCH_DATABASE names). */
export async function freshDb(database: DatabaseProvider = benchDatabase()): Promise<FreshDb> {
  const dir = scratchDir('db');
  let url: string;
  if (database === 'sqlite') {
    const file = path.join(dir, 'harpoon.db');
    copyFileSync(await migratedSqliteTemplate(), file);
    url = `file:${file}`;
  } else {
    url = await (await postgresqlServer()).createDatabase(`bench_${++postgresqlDatabases}`, postgresqlTemplate);
  }
  return { db: await createDb(url), url, dir };
}

/**
 * Counts the messages the SMTP sink stored since the last drain and deletes them, so each run is
 * counted on its own and thousands of .eml files do not pile up in the temp dir. The directory
 * itself stays: the sink created it once and writes into it.
 */
export function drainOutbox(dir: string): number {
  mkdirSync(dir, { recursive: true });
  const messages = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  for (const f of messages) rmSync(path.join(dir, f));
  return messages.length;
}

export async function elapsedMs(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The nearest-rank percentile `p` (0–100) of the values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs the measured side and its baseline alternately, `runs` times each, and returns the median
 * of each. Alternating makes a burst of load from another process on this shared machine hit both
 * sides alike instead of skewing the ratio. Each callback returns the milliseconds it measured, so
 * it can keep its own setup outside the timed part.
 */
export async function interleavedMedians(
  runs: number,
  measured: (run: number) => Promise<number>,
  baseline: (run: number) => Promise<number>,
): Promise<{ measuredMs: number; baselineMs: number }> {
  const m: number[] = [];
  const b: number[] = [];
  for (let run = 0; run < runs; run++) {
    b.push(await baseline(run));
    m.push(await measured(run));
  }
  return { measuredMs: median(m), baselineMs: median(b) };
}

/** Calls work for every item with at most `limit` calls in flight, like a worker's task slots. */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

v8.setFlagsFromString('--expose-gc');
// The flag only takes effect for contexts made after it, hence a fresh one to fetch gc from.
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Heap in use after a full collection: what is really retained, not garbage waiting for the GC. */
export function retainedHeapBytes(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export const perSecond = (count: number, ms: number) => (count * 1000) / ms;
export const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`);
export const fmtRatio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(r >= 10 ? 1 : 2)}×` : 'n/a');
export const fmtBytes = (b: number) => `${b < 0 ? '-' : '+'}${(Math.abs(b) / 1024).toFixed(0)} KiB`;

export type Row = { name: string; measurement: string; baseline: string; ratio: string; goal: string; result: string };

export function printTable(rows: Row[]): void {
  const header: Row = { name: 'benchmark', measurement: 'measurement', baseline: 'baseline', ratio: 'ratio', goal: 'goal', result: 'result' };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => keys.map((k, i) => r[k].padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** The database's size on disk now: the SQLite file (its WAL checkpointed into it first) or PostgreSQL's database. */
export async function databaseBytes(db: Db): Promise<number> {
  if (providerOf(db) === 'postgresql') {
    const [row] = await db.$queryRawUnsafe<{ bytes: bigint }[]>('SELECT pg_database_size(current_database()) AS bytes');
    return Number(row!.bytes);
  }
  await db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
  const [row] = await db.$queryRawUnsafe<{ file: string }[]>("SELECT file FROM pragma_database_list WHERE name = 'main'");
  return statSync(row!.file).size;
}
