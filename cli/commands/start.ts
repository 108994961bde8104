import os from 'node:os';
import type { Command } from 'commander';
import { commandGroups } from '../groups';
import { config } from '../../config/env';
import { runHarpoon } from '../../app/harpoon';
import { httpServerBanner, startTrackingServer } from '../../app/tracking-server';
import { createDb } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { DevServerPortTaken } from '../../temporal/taken-ports';
import { UserError } from '../user-error';

/**
 * Stops once on SIGINT, SIGTERM or SIGHUP and ends the process here, loading nothing after the
 * signal. A terminal's Ctrl-C signals its whole foreground process group, tsx's esbuild service
 * with it, which dies at once: a module first imported after that cannot be compiled. (Once the
 * action returned, commander's postAction hook imported cli/audit-command.ts, and every Ctrl-C of
 * `npm start` ended on esbuild's "The service is no longer running" and its stack.)
 *
 * Listening starts before anything is started; `running` hands over the stop once it is all up.
 * A signal before then ends the process at once, as Node would (128 + the signal's number); the
 * dev server goes with it (temporal/dev-server.ts kills it on exit). After it, everything stops
 * in order and the process ends with 0: a stop that was asked for is a success.
 *
 * `npm start` runs `node --import tsx`, not the tsx command: that one's parent process, on a
 * signal, SIGKILLs its child when the child has not acknowledged it within 2 × 30 ms, which a busy
 * Harpoon (starting, or stopping under load) may not, and a killed Harpoon cannot stop the dev
 * server, which runs in a process group of its own (app/harpoon.ts, handlesSignals).
 */
function stopOnSignals() {
  let stop: (() => Promise<void>) | undefined;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (!stop) {
      console.log(`[harpoon] ${signal} received while starting: stopped before it was ready`);
      process.exit(128 + os.constants.signals[signal]);
    }
    console.log(`[harpoon] ${signal} received: stopping`);
    stop().then(
      () => {
        console.log('[harpoon] stopped');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`[harpoon] did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  /** Hands over the stop; never settles (a signal ends the process). */
  return { running: (stopAll: () => Promise<void>) => new Promise<never>(() => void (stop = stopAll)) };
}

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description(commandGroups.start)
    .action(async () => {
      const signals = stopOnSignals();
      const harpoon = await runHarpoon(config(), { handlesSignals: true }).catch((err: unknown) => {
        // A port taken by a dev server left running is the user's to free: one line, no stack.
        throw err instanceof DevServerPortTaken ? new UserError(err.message) : err;
      });
      // Either a signal stops it (and ends the process), or a child that kept dying did (already
      // stopped, message logged).
      await Promise.race([signals.running(harpoon.stop), harpoon.failed]);
      process.exit(1);
    });

  program
    .command('serve')
    .description(commandGroups.serve)
    .action(async () => {
      const cfg = config();
      const signals = stopOnSignals();
      await migrateDatabase(cfg.databaseUrl);
      const db = await createDb(cfg.databaseUrl);
      // No Temporal client: events are queued, and the journey dispatcher of a worker node delivers them.
      const http = await startTrackingServer(cfg, db, undefined, console.log);
      for (const line of httpServerBanner(http, cfg)) console.log(line);
      await signals.running(async () => {
        await http.stop();
        await db.$disconnect();
      });
    });
}
