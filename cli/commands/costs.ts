// `harpoon costs ...`: what the programme spent, for cost per opportunity and ROI in `harpoon report`.
import type { Command } from 'commander';
import { costInputSchema } from '../../domain/metrics/costs';
import { addCost, costFor, listCosts, removeCost } from '../../metrics/costs';
import { commandGroups } from '../groups';
import { addListCommand } from '../list-command';
import { printJsonOrLines, UserError, withDb } from '../runtime';
import { formatMoney } from '../../domain/metrics/money';

export function registerCostCommands(program: Command) {
  const costs = program.command('costs').description(commandGroups.costs);

  costs
    .command('add')
    .description('Record a cost: of a journey, of an event, or of a volume of emails')
    .requiredOption('--amount <n>', 'the amount, such as 1200')
    .requiredOption('--currency <c>', 'ISO currency such as EUR (every cost in the same one)')
    .option('--journey <key>', "a journey's cost, shared by the accounts that ran it")
    .option('--event <key>', "an event's cost, shared by the accounts that registered")
    .option('--emails <count>', 'the number of emails the amount paid for: charged per email sent')
    .option('--period <month>', 'the month it belongs to, YYYY-MM (default: the whole programme)')
    .option('--note <text>', 'what it was')
    .option('--json', 'machine-readable output')
    .action(async ({ json, amount, ...rest }: Record<string, string | undefined> & { json?: boolean }) => {
      const parsed = costInputSchema.safeParse({ ...rest, amount });
      if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => (i.path.length ? `--${String(i.path[0])}: ${i.message}` : i.message)).join('; '));
      await withDb(async (db) =>
        printJsonOrLines(json, await addCost(db, parsed.data), (cost) => [
          `recorded ${formatMoney(cost.amount, cost.currency)} for ${costFor(cost)}${cost.period ? ` in ${cost.period}` : ''} (${cost.id})`,
        ]),
      );
    });

  addListCommand(
    costs,
    'The recorded costs',
    listCosts,
    (c) => `${(c.period ?? 'all time').padEnd(8)}  ${formatMoney(c.amount, c.currency).padStart(16)}  ${c.for}${c.note ? `: ${c.note}` : ''}  (${c.id})`,
    'No costs recorded. Add one with "harpoon costs add --amount N --currency C --journey <key>".',
  );

  costs
    .command('remove <id>')
    .description('Take back a cost recorded by mistake (its ID is in costs list)')
    .action((id: string) =>
      withDb(async (db) => {
        await removeCost(db, id);
        console.log(`removed cost ${id}`);
      }),
    );
}

/** `harpoon opportunities import <file>`: the CRM's opportunities, for the share that comes from target accounts. */
export function registerOpportunityCommands(program: Command) {
  const opportunities = program.command('opportunities').description(commandGroups.opportunities);
  opportunities
    .command('import <file>')
    .description('CRM opportunities by account domain (CSV or JSON: id, account_domain, opened_at, amount, currency, status, closed_at); all-or-nothing, re-importable')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { importCrmOpportunities } = await import('../../metrics/import-opportunities');
      await withDb(async (db) =>
        printJsonOrLines(opts.json, await importCrmOpportunities(db, file), (result) => [
          `imported ${result.imported} opportunities, ${result.outsidePool} of accounts outside the target pool (a target account's opportunities are its sales tasks)`,
        ]),
      );
    });
}
