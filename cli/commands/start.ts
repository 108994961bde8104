import type { Command } from 'commander';
import { commandGroups } from '../groups';
import { config } from '../../config/env';
import { runHarpoon } from '../../app/harpoon';
import { httpServerBanner, startTrackingServer } from '../../app/tracking-server';
import { createDb } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';

/** Runs until SIGINT/SIGTERM, then stops once, in order. */
function untilSignalled(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = () => {
      if (stopping) return;
      stopping = true;
      void stop().then(resolve);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  });
}

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description(commandGroups.start)
    .action(async () => {
      const harpoon = await runHarpoon(config());
      // Either a signal stops it, or a child that kept dying did (already stopped, message logged).
      const gaveUp = await Promise.race([untilSignalled(harpoon.stop).then(() => undefined), harpoon.failed]);
      if (gaveUp !== undefined) process.exit(1);
    });

  program
    .command('serve')
    .description(commandGroups.serve)
    .action(async () => {
      const cfg = config();
      await migrateDatabase(cfg.databaseUrl);
      const db = await createDb(cfg.databaseUrl);
      // No Temporal client: events are queued, and the journey dispatcher of a worker node delivers them.
      const http = await startTrackingServer(cfg, db, undefined, console.log);
      for (const line of httpServerBanner(http, cfg)) console.log(line);
      await untilSignalled(async () => {
        await http.stop();
        await db.$disconnect();
      });
    });
}
