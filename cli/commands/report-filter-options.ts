// The filter options `harpoon report` and each of its subcommands take, declared once. Options after
// a subcommand's name are the subcommand's own (positional options, see report.ts), so each
// subcommand declares them rather than reading its parent's.
import type { Command } from 'commander';

export function withFilterOptions(command: Command, journeyHelp = "one journey's accounts"): Command {
  return command
    .option('--journey <key>', journeyHelp)
    .option('--tier <n>', 'one tier: 1, 2 or 3')
    .option('--owner <email>', "one sales rep's accounts")
    .option('--from <day>', 'first day of the period, YYYY-MM-DD (UTC)')
    .option('--to <day>', 'last day of the period, YYYY-MM-DD (UTC; default today)')
    .option('--json', 'machine-readable output');
}
