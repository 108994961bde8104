import type { Command } from 'commander';
import { config } from '../../config/env';
import { runHarpoon } from '../../app/harpoon';

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description('run Harpoon on its embedded defaults: Temporal dev server, database, worker (what `npm start` does)')
    .action(async () => {
      const harpoon = await runHarpoon(config());
      await new Promise<void>((resolve) => {
        let stopping = false;
        const onSignal = () => {
          if (stopping) return;
          stopping = true;
          void harpoon.stop().then(resolve);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
    });
}
