// `npm start`: the whole product in one process tree on its embedded defaults: a Temporal dev
// server (unless TEMPORAL_ADDRESS is set), the database with migrations applied, an SMTP sink
// (unless SMTP_URL is set), the worker, the journey dispatcher that delivers engagement events to
// running journeys, the daily metrics snapshots, the tracking/unsubscribe HTTP server and the demo data.
// Stops in reverse order on SIGINT/SIGTERM, leaving no orphan process. A child that dies on its own
// (the dev server, the SMTP sink) is started again (app/supervisor.ts); one that keeps dying stops
// the whole tree with a message, and `failed` settles with it.
import path from 'node:path';
import type { Config } from '../config/env';
import { withoutPassword } from '../config/shown-value';
import { startAudienceExportJob } from '../audiences/scheduled-exports';
import { startAutoEnrolment } from '../client/auto-enrol';
import { configuredCrms } from '../reach/crm/crm-connection';
import { startCrmSyncJob } from '../reach/crm/crm-sync-job';
import { startJourneyDispatcher } from '../client/journey-dispatcher';
import { startReachFanout } from '../reach/reach-fanout';
import { createDb } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { defaultBackoffMs } from '../domain/supervision/restart-policy';
import { startSmtpSink } from '../mail/smtp-sink';
import { startSnapshotJob } from '../metrics/snapshots';
import { connectClient } from '../temporal/connection';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { startWorkerProcess } from '../worker/worker-process';
import { seedDemo } from './seed-demo';
import { supervise } from './supervisor';
import { httpServerBanner, startTrackingServer } from './tracking-server';

type Stoppable = { name: string; stop: () => Promise<void> };

export type RunOptions = {
  log?: (line: string) => void;
  faults?: Parameters<typeof startWorkerProcess>[1];
  /** The pauses between restarts of a child that died (tests shorten them). */
  restartBackoffMs?: readonly number[];
  /**
   * The caller stops Harpoon on SIGINT, SIGTERM and SIGHUP (`npm start`). The dev server then runs
   * in a process group of its own: a terminal's Ctrl-C, sent to the whole group, would otherwise
   * stop it first, under a worker still finishing its tasks, and its supervisor would take that for
   * a crash and start it again.
   */
  handlesSignals?: boolean;
};

export async function runHarpoon(cfg: Config, opts: RunOptions = {}) {
  const log = opts.log ?? console.log;
  const started: Stoppable[] = [];
  let giveUp!: (message: string) => void;
  /** Settles when a child kept dying and Harpoon stopped itself, with the message it logged. */
  const failed = new Promise<string>((resolve) => (giveUp = resolve));
  const policy = { ...cfg.restarts, backoffMs: opts.restartBackoffMs ?? defaultBackoffMs };
  const onGiveUp = (message: string) => void stopAll().then(() => giveUp(message));
  const stopAll = async () => {
    for (const part of started.splice(0).reverse()) {
      log(`[harpoon] stopping ${part.name}`);
      await part.stop().catch((err) => log(`[harpoon] ${part.name} did not stop cleanly: ${String(err)}`));
    }
  };

  try {
    await migrateDatabase(cfg.databaseUrl);
    const db = await createDb(cfg.databaseUrl);
    started.push({ name: 'database', stop: () => db.$disconnect() });
    log(`[harpoon] database ready: ${withoutPassword(cfg.databaseUrl)}`);

    if (!cfg.temporal.address) {
      // The same ports and the same file each time, so a restarted server has every journey.
      const start = () =>
        startDevServer({
          cliPath: cfg.temporal.cliPath,
          port: cfg.temporal.port,
          uiPort: cfg.temporal.uiPort,
          namespace: cfg.temporal.namespace,
          dbFilename: path.join(cfg.dataDir, 'temporal.db'),
          ownProcessGroup: opts.handlesSignals,
        });
      // A server the SDK downloaded and runs itself (no CLI installed) is not watched.
      const watched = (server: DevServer) => ({ ...server, exited: server.exited ?? new Promise<string>(() => {}) });
      const server = watched(await start());
      const supervisor = supervise(server, {
        name: 'the Temporal dev server',
        start: async () => watched(await start()),
        policy,
        log,
        advice: `Check that ports ${cfg.temporal.port} and ${cfg.temporal.uiPort} are free and that ${cfg.dataDir} has disk space.`,
        onGiveUp,
      });
      started.push({ name: 'Temporal dev server', stop: supervisor.stop });
      log(`[harpoon] Temporal dev server on ${server.address}, Web UI at ${server.uiUrl}`);
    }
    const client = await connectClient(cfg);
    started.push({ name: 'Temporal client', stop: () => client.connection.close() });

    if (!cfg.smtp.url) {
      const start = async () => {
        const sink = await startSmtpSink({ port: cfg.smtp.sinkPort, outboxDir: cfg.smtp.outboxDir });
        return { ...sink, exited: sink.closed };
      };
      const sink = await start();
      const supervisor = supervise(sink, {
        name: 'the SMTP sink',
        start,
        policy,
        log,
        advice: `Check that nothing else listens on port ${cfg.smtp.sinkPort} and that ${cfg.smtp.outboxDir} is writable.`,
        onGiveUp,
      });
      started.push({ name: 'SMTP sink', stop: supervisor.stop });
      log(`[harpoon] SMTP sink on ${sink.url}, messages in ${cfg.smtp.outboxDir} (npx harpoon mail list)`);
    }

    const worker = await startWorkerProcess(cfg, opts.faults, log, db);
    started.push({ name: 'worker', stop: worker.shutdown });
    log(`[harpoon] worker polling task queues ${worker.queues.map((q) => `"${q}"`).join(' and ')}`);

    // Stopped before the Temporal client it signals through (parts stop in reverse order).
    const dispatcher = startJourneyDispatcher({ db, client, taskQueue: cfg.temporal.taskQueue, log });
    started.push({ name: 'journey dispatcher', stop: dispatcher.stop });
    const enrolment = startAutoEnrolment({ db, client, taskQueue: cfg.temporal.taskQueue, intervalMs: cfg.autoEnrolIntervalMs, log });
    started.push({ name: 'auto-enrolment', stop: enrolment.stop });
    const crmSync = startCrmSyncJob({ db, client, crms: configuredCrms(cfg), intervalMs: cfg.crm.intervalMs, log });
    started.push({ name: 'CRM sync', stop: crmSync.stop });
    const reach = startReachFanout({ db, client, taskQueue: cfg.temporal.taskQueue, crms: configuredCrms(cfg), log });
    started.push({ name: 'reach fan-out', stop: reach.stop });

    const snapshots = startSnapshotJob(db, (line) => log(`[harpoon] ${line}`));
    started.push({ name: 'metrics snapshots', stop: snapshots.stop });
    const audienceExports = startAudienceExportJob(db, (line) => log(`[harpoon] ${line}`));
    started.push({ name: 'audience exports', stop: audienceExports.stop });

    const http = await startTrackingServer(cfg, db, dispatcher.kick, log, client);
    started.push({ name: 'HTTP server', stop: http.stop });
    for (const line of httpServerBanner(http, cfg, true)) log(line);

    if (cfg.seed) for (const line of await seedDemo(db, client, cfg)) log(`[harpoon] ${line}`);
  } catch (err) {
    await stopAll();
    throw err;
  }

  log('[harpoon] ready. Press Ctrl-C to stop.');
  return { stop: stopAll, failed };
}
