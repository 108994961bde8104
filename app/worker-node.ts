// `npm run worker`: one worker node against the configured cluster and database: the workers
// (journeys and sends, or the one role HARPOON_WORKER_ROLES names), and with the journeys role the
// jobs that need a Temporal client: the journey dispatcher that delivers engagement events to
// running journeys, the reach fan-out (webhooks, chat alerts), the auto-enrolment reconciler,
// inbound CRM sync, the daily metrics snapshots and the scheduled audience exports. Each of those
// runs on one node at a time (a lease each, db/leases.ts); the others stand by. Stops in order: the
// audience exports, the snapshots, CRM sync, the reconciler, the reach fan-out, the dispatcher,
// their Temporal client, the workers, then the database they share.
import type { Config } from '../config/env';
import { startAudienceExportJob } from '../audiences/scheduled-exports';
import { startAutoEnrolment } from '../client/auto-enrol';
import { startJourneyDispatcher } from '../client/journey-dispatcher';
import { createDb, type Db } from '../db/client';
import { startSnapshotJob } from '../metrics/snapshots';
import { configuredCrms } from '../reach/crm/crm-connection';
import { startCrmSyncJob } from '../reach/crm/crm-sync-job';
import { startReachFanout } from '../reach/reach-fanout';
import { connectClient } from '../temporal/connection';
import { startWorkerProcess } from '../worker/worker-process';

/**
 * `sharedDb`: the process's database client, when it has one already (a test's); it stays open when
 * the node stops. Otherwise the node opens one for its workers and jobs together (a process keeps
 * one SQLite connection, db/sqlite-adapter.ts says why) and closes it.
 */
export async function startWorkerNode(cfg: Config, log: (line: string) => void = console.log, sharedDb?: Db) {
  if (!cfg.worker.roles.includes('journeys')) {
    const worker = await startWorkerProcess(cfg, undefined, log, sharedDb);
    return { address: worker.address, queues: worker.queues, done: worker.done, shutdown: worker.shutdown };
  }
  const db = sharedDb ?? (await createDb(cfg.databaseUrl));
  const disconnect = () => (sharedDb ? Promise.resolve() : db.$disconnect());
  const worker = await startWorkerProcess(cfg, undefined, log, db).catch(async (err: unknown) => {
    await disconnect();
    throw err;
  });
  let stopped: Promise<void> | undefined;
  try {
    const client = await connectClient(cfg);
    const dispatcher = startJourneyDispatcher({ db, client, taskQueue: cfg.temporal.taskQueue, log });
    const reach = startReachFanout({ db, client, taskQueue: cfg.temporal.taskQueue, crms: configuredCrms(cfg), log });
    const snapshots = startSnapshotJob(db, log);
    const audienceExports = startAudienceExportJob(db, log);
    const enrolment = startAutoEnrolment({ db, client, taskQueue: cfg.temporal.taskQueue, intervalMs: cfg.autoEnrolIntervalMs, log });
    const crmSync = startCrmSyncJob({ db, client, crms: configuredCrms(cfg), intervalMs: cfg.crm.intervalMs, log });
    const shutdown = () =>
      (stopped ??= (async () => {
        await audienceExports.stop();
        await snapshots.stop();
        await crmSync.stop();
        await enrolment.stop();
        await reach.stop();
        await dispatcher.stop();
        await client.connection.close();
        try {
          await worker.shutdown();
        } finally {
          await disconnect();
        }
      })());
    // A worker that stops on its own (a fatal error) takes the dispatcher with it.
    const done = worker.done.finally(shutdown);
    return { address: worker.address, queues: worker.queues, done, shutdown };
  } catch (err) {
    try {
      await worker.shutdown();
    } finally {
      await disconnect();
    }
    throw err;
  }
}
