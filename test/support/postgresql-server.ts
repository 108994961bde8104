// A throwaway PostgreSQL server on loopback, for the suite on PostgreSQL (HARPOON_TEST_DATABASE=
// postgresql), the several-workers test and the benchmarks: the distribution's server binaries,
// a cluster in a temporary directory, gone when stopped. Never a mock.
//
// initdb refuses to run as root, so as root the cluster belongs to the `postgres` user the
// package creates (../shared/PLATFORM.md). Durability is off (fsync, synchronous_commit): a test
// cluster that dies is thrown away anyway, and its speed is the suite's.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '../../db/migrate';
import { freePort } from './free-port';

export type PostgresqlServer = {
  /** postgresql://harpoon@127.0.0.1:PORT/DB for a database on this server. */
  urlFor(database: string): string;
  /** A new empty database, or a copy of `template`. */
  createDatabase(name: string, template?: string): Promise<string>;
  stop(): Promise<void>;
};

const installAdvice =
  'PostgreSQL 15 server binaries (initdb, pg_ctl) were not found. Install them (Debian: apt-get install postgresql-15) or set PG_BIN_DIR to their directory.';

function binDir(): string {
  const candidates = [process.env.PG_BIN_DIR, ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`) : [])];
  const found = candidates.find((dir) => dir && existsSync(path.join(dir, 'initdb')));
  if (found) return found;
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  throw new Error(installAdvice);
}

/** Runs a server binary, as the `postgres` user when this process is root. */
function runAs(owner: { uid: number; gid: number } | undefined, file: string, args: string[]): string {
  try {
    return owner
      ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      : execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('Running as root, and there is no `postgres` user to own a PostgreSQL cluster (initdb refuses root). Run as another user.');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startPostgresqlServer(): Promise<PostgresqlServer> {
  const bin = binDir();
  const owner = postgresUser();
  // Under the system's temporary directory: the project's test folders are private to their
  // owner, and the server may run as another user.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  runAs(owner, path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'harpoon', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const settings = [
    `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1',
    '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off',
    '-c max_connections=400', '-c shared_buffers=64MB',
  ].join(' ');
  runAs(owner, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-o', settings, '-l', path.join(dir, 'server.log'), '-w', 'start']);

  const urlFor = (database: string) => `postgresql://harpoon@127.0.0.1:${port}/${database}`;
  const admin = new pg.Pool({ connectionString: urlFor('postgres'), max: 2 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await admin.end();
    try {
      runAs(owner, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test process that dies must not leave a server behind.
  process.once('exit', () => {
    if (!stopped) spawnSync(owner ? 'runuser' : path.join(bin, 'pg_ctl'), owner ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', 'stop'] : ['-D', dataDir, '-m', 'immediate', 'stop']);
  });

  return { urlFor, createDatabase: (name, template) => createDatabaseOn(admin, urlFor(name), template), stop };
}

/** A server with the database `template` migrated, for databases copied from it (stopped again if migrating fails). */
export async function startMigratedPostgresqlServer(template: string): Promise<PostgresqlServer> {
  const server = await startPostgresqlServer();
  try {
    await migrateDatabase(await server.createDatabase(template));
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/** Creates the database `url` names through `admin` (a pool on the same server), as a copy of `template` if given. */
export async function createDatabaseOn(admin: pg.Pool | pg.Client, url: string, template?: string): Promise<string> {
  const name = new URL(url).pathname.slice(1);
  const sql = `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`;
  // Copying a template fails while another session is connected to it; those are brief.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(sql);
      return url;
    } catch (err) {
      if (attempt === 20 || !/being accessed by other users/.test(String(err))) throw err;
      await sleep(100 * attempt);
    }
  }
}
