// The running workers of one process (journeys, sends, or both: cfg.worker.roles) with everything
// their activities need, and an orderly way to stop them. One connection serves both.
import { ConfigError, type Config } from '../config/env';
import { defaultSalesConfig } from '../config/sales';
import { createDb, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { connectClient, connectWorkerConnection, temporalAddress } from '../temporal/connection';
import { dataConverterFor } from '../temporal/data-converter';
import type { SendFaults } from '../activities/send-email';
import { createWorkers } from './create-worker';
import { configuredCrms } from '../reach/crm/crm-connection';
import { createMailer } from './mailer';
import { installRuntime, temporalOutages } from './runtime';

/** The version this worker serves under Worker Versioning, or undefined (unversioned). */
function workerDeployment(cfg: Config) {
  const d = cfg.temporal.deployment;
  if (!d) return undefined;
  if (!d.buildId) {
    throw new ConfigError([
      `HARPOON_BUILD_ID: required for a worker when HARPOON_DEPLOYMENT_NAME is set (the version this worker runs, e.g. a commit hash); unset HARPOON_DEPLOYMENT_NAME to run unversioned`,
    ]);
  }
  return { name: d.name, buildId: d.buildId };
}

/** Answers when Temporal does, within a second or so. */
async function probeTemporal(cfg: Config): Promise<void> {
  const client = await connectClient(cfg, { connectTimeoutMs: 1000 });
  await client.connection.close();
}

/**
 * `log`: where the worker says that Temporal became unreachable, and that it is back. `sharedDb`:
 * the process's database client, when it has one (a process keeps one SQLite connection,
 * db/sqlite-adapter.ts says why); it stays open when the workers stop. Otherwise the workers open
 * their own and close it.
 */
export async function startWorkerProcess(cfg: Config, faults?: SendFaults, log: (line: string) => void = console.log, sharedDb?: Db) {
  const deployment = workerDeployment(cfg);
  installRuntime(cfg.logLevel);
  await migrateDatabase(cfg.databaseUrl);
  const db = sharedDb ?? (await createDb(cfg.databaseUrl));
  const mailer = createMailer(cfg);
  const closeOwn = async () => {
    mailer.transport.close();
    if (!sharedDb) await db.$disconnect();
  };
  let connection: Awaited<ReturnType<typeof connectWorkerConnection>> | undefined;
  let workers: Awaited<ReturnType<typeof createWorkers>>;
  try {
    connection = await connectWorkerConnection(cfg);
    workers = await createWorkers({
      connection,
      namespace: cfg.temporal.namespace,
      taskQueue: cfg.temporal.taskQueue,
      deployment,
      dataConverter: dataConverterFor(cfg),
      roles: cfg.worker.roles,
      sendsPerSecond: cfg.smtp.ratePerSecond,
      deps: { db, mailer, faults, sales: { ...defaultSalesConfig, ...cfg.sales }, reviews: cfg.reviews, crms: configuredCrms(cfg) },
    });
  } catch (err) {
    // A start that fails (Temporal unreachable, a bad deployment) leaves nothing open behind it:
    // its caller may start again in the same process, where a leftover SQLite client would be a
    // second connection (db/sqlite-adapter.ts says why that freezes the process).
    await connection?.close();
    await closeOwn();
    throw err;
  }
  const openConnection = connection;
  const stopWorkers = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  // A worker that stops on its own (a fatal error) takes the other with it: a process polls all its
  // queues or none, so its supervisor sees it die.
  const unwatch = temporalOutages.watchWith({ address: temporalAddress(cfg), log, probe: () => probeTemporal(cfg) });
  const done = Promise.allSettled(workers.map((worker) => worker.run().finally(stopWorkers))).then(async (results) => {
    unwatch();
    await openConnection.close();
    await closeOwn();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  const shutdown = async () => {
    stopWorkers();
    await done;
  };
  return { address: temporalAddress(cfg), queues: workers.map((w) => w.options.taskQueue), done, shutdown };
}
