// A real Temporal dev server (headless, free port, Harpoon's search attributes, persisted to a file
// so it can be stopped and started again) plus a Harpoon worker node (worker and journey
// dispatcher) and a fresh database file: the whole system as `npm run worker` runs it.
import './quiet-runtime';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll } from 'vitest';
import { startTrackingServer } from '../../app/tracking-server';
import { startWorkerNode } from '../../app/worker-node';
import { loadConfig, type Config } from '../../config/env';
import type { HttpServer } from '../../http/server';
import { connectClient } from '../../temporal/connection';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { freePort } from './free-port';
import { freshDb, type FreshDb } from './fresh-db';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';

/** A tracking server's log in tests: requests go unsaid, failures are said, so a 500 comes with its cause. */
export const sayHttpFailures = (line: string): void => {
  if (/^\[http\] (error|could not)/.test(line)) process.stderr.write(`${line}\n`);
};

export type DevCluster = {
  cfg: Config;
  env: Record<string, string>;
  client: Client;
  fresh: FreshDb;
  /** What the worker node logged (the dispatcher's notices among it). */
  logs: string[];
  /** Stops the Temporal server alone, as an outage would; the worker node keeps running. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  startServer(): Promise<void>;
  /** The tracking server (links, API, console) on a free port, as `npm start` runs it; `stop()` stops it too. */
  startTrackingServer(): Promise<HttpServer>;
  stop(): Promise<void>;
};

export async function startDevCluster(extraEnv: Record<string, string> = {}): Promise<DevCluster> {
  const fresh = await freshDb();
  const port = await freePort();
  const serverOptions = { port, uiPort: port + 1000, httpPort: await freePort(), metricsPort: await freePort(), namespace: 'default', headless: true, dbFilename: path.join(fresh.dir, 'temporal.db') };
  let server: DevServer | undefined = await startDevServer(serverOptions);
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
  const logs: string[] = [];
  let node: Awaited<ReturnType<typeof startWorkerNode>>;
  let client: Client;
  try {
    // The test's own client serves the node too: one SQLite connection in the process, as in npm start.
    node = await startWorkerNode(cfg, (line) => logs.push(line), fresh.db);
    client = await connectClient(cfg);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const trackingServers: HttpServer[] = [];
  return {
    cfg,
    env,
    client,
    fresh,
    logs,
    async stopServer() {
      await server?.stop();
      server = undefined;
    },
    async startServer() {
      server ??= await startDevServer(serverOptions);
    },
    async startTrackingServer() {
      const tracking = await startTrackingServer({ ...cfg, http: { ...cfg.http, port: 0 } }, fresh.db, undefined, sayHttpFailures);
      trackingServers.push(tracking);
      return tracking;
    },
    async stop() {
      for (const tracking of trackingServers) await tracking.stop();
      await client.connection.close();
      await node.shutdown();
      await server?.stop();
      await fresh.db.$disconnect();
    },
  };
}

/**
 * A dev cluster whose mail goes to a real SMTP server on loopback, as a relay would take it:
 * `relayDir` holds what the relay received. `stop()` stops the relay and the cluster.
 */
export type ClusterWithRelay = DevCluster & { relayDir: string };

export async function startDevClusterWithRelay(extraEnv: Record<string, string> = {}): Promise<ClusterWithRelay> {
  const relayPort = await freePort();
  const cluster = await startDevCluster({ SMTP_URL: `smtp://127.0.0.1:${relayPort}`, ...extraEnv });
  const relayDir = path.join(cluster.fresh.dir, 'relay');
  let relay: SmtpSink;
  try {
    relay = await startSmtpSink({ port: relayPort, outboxDir: relayDir });
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return {
    ...cluster,
    relayDir,
    async stop() {
      await relay.stop();
      await cluster.stop();
    },
  };
}

/** The test file's cluster with a relay: started before its tests, stopped after them; `use` receives it once it runs. */
export function withDevClusterWithRelay(use: (cluster: ClusterWithRelay) => void): void {
  let cluster: ClusterWithRelay | undefined;
  beforeAll(async () => {
    cluster = await startDevClusterWithRelay();
    use(cluster);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
}
