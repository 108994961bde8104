// `npx harpoon`: the command line for marketing ops and admins. Each command group lives in
// cli/commands/<group>.ts and registers itself on the program here.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/env';
import { registerAccountCommands } from './commands/accounts';
import { registerContactCommands } from './commands/contacts';
import { registerEventCommands } from './commands/events';
import { registerJourneyCommands } from './commands/journeys';
import { registerMailCommands } from './commands/mail';
import { registerNegativeProposalsCommand, registerSalesCommands } from './commands/sales';
import { registerStartCommand } from './commands/start';
import { registerTimelineCommand } from './commands/timeline';
import { UserError } from './user-error';

const program = new Command('harpoon')
  .description('Harpoon: account-based marketing journeys on Temporal')
  .showHelpAfterError()
  .exitOverride();

registerStartCommand(program);
registerAccountCommands(program);
registerTimelineCommand(program.commands.find((c) => c.name() === 'accounts')!);
registerContactCommands(program);
registerJourneyCommands(program);
registerEventCommands(program);
registerMailCommands(program);
registerSalesCommands(program);
registerNegativeProposalsCommand(program.commands.find((c) => c.name() === 'accounts')!);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof UserError || err instanceof ConfigError) {
    process.stderr.write(`harpoon: ${err.message}\n`);
    for (const line of err instanceof UserError ? err.details : []) process.stderr.write(`${line}\n`);
    process.exit(1);
  }
  throw err;
}
