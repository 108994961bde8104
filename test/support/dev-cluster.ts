// A real Temporal dev server (in memory, headless, free port, Harpoon's search attributes) plus a
// Harpoon worker and a fresh database file: the whole system as `npm start` runs it.
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../../config/env';
import { connectClient } from '../../temporal/connection';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { startWorkerProcess } from '../../worker/worker-process';
import { freePort } from './free-port';
import { freshDb, type FreshDb } from './fresh-db';

export type DevCluster = {
  cfg: Config;
  env: Record<string, string>;
  client: Client;
  fresh: FreshDb;
  stop(): Promise<void>;
};

export async function startDevCluster(extraEnv: Record<string, string> = {}): Promise<DevCluster> {
  const fresh = await freshDb();
  const port = await freePort();
  const server: DevServer = await startDevServer({ port, uiPort: port + 1000, namespace: 'default', headless: true });
  const env = {
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: fresh.url,
    HARPOON_DATA_DIR: fresh.dir,
    TEMPORAL_TASK_QUEUE: 'e2e',
    HTTP_PORT: String(await freePort()),
    SMTP_SINK_PORT: String(await freePort()),
    ...extraEnv,
  };
  const cfg = loadConfig({ ...process.env, ...env });
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  let client: Client;
  try {
    worker = await startWorkerProcess(cfg);
    client = await connectClient(cfg);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    cfg,
    env,
    client,
    fresh,
    async stop() {
      await client.connection.close();
      await worker.shutdown();
      await server.stop();
      await fresh.db.$disconnect();
    },
  };
}
