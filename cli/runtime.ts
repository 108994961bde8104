// What CLI commands share: config, a database that is migrated before first use, a Temporal client
// (loaded only by the commands that talk to Temporal), and uniform output (`--json` for scripts, one
// clear line on error).
import type { Client } from '@temporalio/client';
import { config, type Config } from '../config/env';
import { createDb, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { UserError } from './user-error';

export { UserError };

export async function withDb<T>(fn: (db: Db, cfg: Config) => Promise<T>): Promise<T> {
  const cfg = config();
  await migrateDatabase(cfg.databaseUrl);
  const db = await createDb(cfg.databaseUrl);
  try {
    return await fn(db, cfg);
  } finally {
    await db.$disconnect();
  }
}

export async function withTemporal<T>(fn: (client: Client, db: Db, cfg: Config) => Promise<T>): Promise<T> {
  return withDb(async (db, cfg) => {
    const { connectClient, temporalAddress } = await import('../temporal/connection');
    let client: Client;
    try {
      client = await connectClient(cfg);
      await client.connection.ensureConnected();
    } catch (err) {
      throw new UserError(
        `Cannot reach Temporal at ${temporalAddress(cfg)} (${(err as Error).message}). ` +
          'Start Harpoon with "npm start" in another terminal, or set TEMPORAL_ADDRESS.',
      );
    }
    try {
      return await fn(client, db, cfg);
    } finally {
      await client.connection.close();
    }
  });
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
