// What CLI commands share: config, a database that is migrated before first use, a Temporal client
// (loaded only by the commands that talk to Temporal), and uniform output (`--json` for scripts, or
// lines for people). Errors are said in one place, cli/main.ts.
import type { Client } from '@temporalio/client';
import { config, type Config } from '../config/env';
import { createDb, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { UserError } from './user-error';

export { UserError };

/** After a full page of a list read newest first, the line that says how to read on. */
export const readOnLine = (rows: readonly { id: string }[], limit: number): string[] =>
  rows.length === limit && rows.length > 0 ? [`(${limit} shown; for the ones after them: the same command with --before ${rows.at(-1)!.id})`] : [];

// A command and its audit entry (cli/audit-command.ts) both open the database: one migration check
// per process is enough.
const migrated = new Set<string>();

export async function withDb<T>(fn: (db: Db, cfg: Config) => Promise<T>): Promise<T> {
  const cfg = config();
  if (!migrated.has(cfg.databaseUrl)) {
    await migrateDatabase(cfg.databaseUrl);
    migrated.add(cfg.databaseUrl);
  }
  const db = await createDb(cfg.databaseUrl);
  try {
    return await fn(db, cfg);
  } finally {
    await db.$disconnect();
  }
}

async function connectTemporal(cfg: Config): Promise<Client> {
  const { connectClient, temporalAddress } = await import('../temporal/connection');
  try {
    const client = await connectClient(cfg);
    await client.connection.ensureConnected();
    return client;
  } catch (err) {
    throw new UserError(
      `Cannot reach Temporal at ${temporalAddress(cfg)} (${(err as Error).message}). ` +
        'Start Harpoon with "npm start" in another terminal, or set TEMPORAL_ADDRESS.',
    );
  }
}

/**
 * For use-cases that reach Temporal only once they have decided the request may go ahead (a rep's
 * action on another rep's task is refused without it, as through the API).
 */
export async function withTemporalOnDemand<T>(fn: (temporal: () => Promise<Client>, db: Db, cfg: Config) => Promise<T>): Promise<T> {
  return withDb(async (db, cfg) => {
    let connecting: Promise<Client> | undefined;
    try {
      return await fn(() => (connecting ??= connectTemporal(cfg)), db, cfg);
    } finally {
      // Closes the connection if one opened; a failed connect was already thrown to the command
      // that asked for it (through `temporal()`), so there is nothing left to report or close.
      await (await connecting?.catch(() => undefined))?.connection.close();
    }
  });
}

export async function withTemporal<T>(fn: (client: Client, db: Db, cfg: Config) => Promise<T>): Promise<T> {
  return withTemporalOnDemand(async (temporal, db, cfg) => fn(await temporal(), db, cfg));
}

/**
 * For commands that read the database and add what Temporal knows when it is reachable: `client` is
 * undefined, and `unreachable` says why, when it is not (waiting a few seconds at most).
 */
export async function withTemporalIfReachable<T>(
  fn: (client: Client | undefined, db: Db, cfg: Config, unreachable?: string) => Promise<T>,
): Promise<T> {
  return withDb(async (db, cfg) => {
    const { connectClient, temporalAddress } = await import('../temporal/connection');
    let client: Client;
    try {
      client = await connectClient(cfg, { connectTimeoutMs: 3000 });
    } catch (err) {
      return fn(undefined, db, cfg, `Temporal at ${temporalAddress(cfg)} is unreachable (${(err as Error).message})`);
    }
    try {
      return await fn(client, db, cfg);
    } finally {
      await client.connection.close();
    }
  });
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** What a command found, as JSON for scripts (`--json`) or as the lines people read. */
export function printJsonOrLines<T>(json: boolean | undefined, value: T, lines: (value: T) => readonly string[]): void {
  if (json) return printJson(value);
  process.stdout.write(lines(value).map((line) => `${line}\n`).join(''));
}
