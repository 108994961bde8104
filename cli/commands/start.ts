import type { Command } from 'commander';
import { commandGroups } from '../groups';
import { config } from '../../config/env';
import { runHarpoon } from '../../app/harpoon';
import { startTrackingServer } from '../../app/tracking-server';
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
      await untilSignalled(harpoon.stop);
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
      console.log(`[harpoon] tracking links and the API served at ${http.url} (public as ${cfg.http.publicUrl}; API reference at ${http.url}/docs)`);
      await untilSignalled(async () => {
        await http.stop();
        await db.$disconnect();
      });
    });
}
