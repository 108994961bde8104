// A running worker with everything its activities need, and an orderly way to stop it.
import type { Config } from '../config/env';
import { reviewConfig } from '../config/reviews';
import { defaultSalesConfig } from '../config/sales';
import { createDb } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { connectWorkerConnection, temporalAddress } from '../temporal/connection';
import { dataConverterFor } from '../temporal/data-converter';
import type { SendFaults } from '../activities/send-email';
import { createWorker } from './create-worker';
import { createMailer } from './mailer';
import { installRuntime } from './runtime';

export async function startWorkerProcess(cfg: Config, faults?: SendFaults) {
  installRuntime(cfg.logLevel);
  await migrateDatabase(cfg.databaseUrl);
  const db = await createDb(cfg.databaseUrl);
  const mailer = createMailer(cfg);
  const connection = await connectWorkerConnection(cfg);
  const worker = await createWorker({
    connection,
    namespace: cfg.temporal.namespace,
    taskQueue: cfg.temporal.taskQueue,
    dataConverter: dataConverterFor(cfg),
    deps: { db, mailer, faults, sales: { ...defaultSalesConfig, ...cfg.sales }, reviews: reviewConfig(cfg) },
  });
  const done = worker.run().finally(async () => {
    await connection.close();
    mailer.transport.close();
    await db.$disconnect();
  });
  const shutdown = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await done;
  };
  return { address: temporalAddress(cfg), worker, done, shutdown };
}
