// The running workers of one process (journeys, sends, or both: cfg.worker.roles) with everything
// their activities need, and an orderly way to stop them. One connection serves both.
import type { Config } from '../config/env';
import { reviewConfig } from '../config/reviews';
import { defaultSalesConfig } from '../config/sales';
import { createDb } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { connectWorkerConnection, temporalAddress } from '../temporal/connection';
import type { SendFaults } from '../activities/send-email';
import { createWorkers } from './create-worker';
import { createMailer } from './mailer';
import { installRuntime } from './runtime';

export async function startWorkerProcess(cfg: Config, faults?: SendFaults) {
  installRuntime(cfg.logLevel);
  await migrateDatabase(cfg.databaseUrl);
  const db = await createDb(cfg.databaseUrl);
  const mailer = createMailer(cfg);
  const connection = await connectWorkerConnection(cfg);
  const workers = await createWorkers({
    connection,
    namespace: cfg.temporal.namespace,
    taskQueue: cfg.temporal.taskQueue,
    roles: cfg.worker.roles,
    sendsPerSecond: cfg.smtp.ratePerSecond,
    deps: { db, mailer, faults, sales: { ...defaultSalesConfig, ...cfg.sales }, reviews: reviewConfig(cfg) },
  });
  const stopWorkers = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  // A worker that stops on its own (a fatal error) takes the other with it: a process polls all its
  // queues or none, so its supervisor sees it die.
  const done = Promise.allSettled(workers.map((worker) => worker.run().finally(stopWorkers))).then(async (results) => {
    await connection.close();
    mailer.transport.close();
    await db.$disconnect();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  const shutdown = async () => {
    stopWorkers();
    await done;
  };
  return { address: temporalAddress(cfg), queues: workers.map((w) => w.options.taskQueue), done, shutdown };
}
