// `npm start`: the whole product in one process tree on its embedded defaults: a Temporal dev
// server (unless TEMPORAL_ADDRESS is set), the database with migrations applied, the worker, and
// the demo data. Stops in reverse order on SIGINT/SIGTERM, leaving no orphan process.
import path from 'node:path';
import type { Config } from '../config/env';
import { createDb } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { connectClient } from '../temporal/connection';
import { startDevServer } from '../temporal/dev-server';
import { startWorkerProcess } from '../worker/worker-process';
import { seedDemo } from './seed-demo';

type Stoppable = { name: string; stop: () => Promise<void> };

export async function runHarpoon(cfg: Config, log: (line: string) => void = console.log) {
  const started: Stoppable[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) {
      log(`[harpoon] stopping ${part.name}`);
      await part.stop().catch((err) => log(`[harpoon] ${part.name} did not stop cleanly: ${String(err)}`));
    }
  };

  try {
    await migrateDatabase(cfg.databaseUrl);
    log(`[harpoon] database ready: ${cfg.databaseUrl}`);

    if (!cfg.temporal.address) {
      const server = await startDevServer({
        cliPath: cfg.temporal.cliPath,
        port: cfg.temporal.port,
        uiPort: cfg.temporal.uiPort,
        namespace: cfg.temporal.namespace,
        dbFilename: path.join(cfg.dataDir, 'temporal.db'),
      });
      started.push({ name: 'Temporal dev server', stop: server.stop });
      log(`[harpoon] Temporal dev server on ${server.address}, Web UI at ${server.uiUrl}`);
    }

    const worker = await startWorkerProcess(cfg);
    started.push({ name: 'worker', stop: worker.shutdown });
    log(`[harpoon] worker polling task queue "${cfg.temporal.taskQueue}"`);

    if (cfg.seed) {
      const db = await createDb(cfg.databaseUrl);
      const client = await connectClient(cfg);
      try {
        for (const line of await seedDemo(db, client, cfg)) log(`[harpoon] ${line}`);
      } finally {
        await client.connection.close();
        await db.$disconnect();
      }
    }
  } catch (err) {
    await stopAll();
    throw err;
  }

  log('[harpoon] ready. Press Ctrl-C to stop.');
  return { stop: stopAll };
}
