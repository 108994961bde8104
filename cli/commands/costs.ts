// `harpoon costs ...`: what the programme spent, for cost per opportunity and ROI in `harpoon report`.
import type { Command } from 'commander';
import { costInputSchema } from '../../domain/metrics/costs';
import { addCost, costFor, listCosts, removeCost } from '../../metrics/costs';
import { MetricsError } from '../../metrics/metrics-error';
import { commandGroups } from '../groups';
import { printJson, UserError, withDb } from '../runtime';

/** A report or cost that cannot be made as asked is one line for the user, not a stack trace. */
export async function metricsErrorsAsUserErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof MetricsError) throw new UserError(err.message);
    throw err;
  }
}

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
      const parsed = costInputSchema.safeParse({ ...rest, amount: amount?.replace(/[_,](?=\d{3}\b)/g, '') });
      if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => (i.path.length ? `--${String(i.path[0])}: ${i.message}` : i.message)).join('; '));
      await withDb((db) =>
        metricsErrorsAsUserErrors(async () => {
          const cost = await addCost(db, parsed.data);
          if (json) return printJson(cost);
          console.log(`recorded ${cost.amount} ${cost.currency} for ${costFor(cost)}${cost.period ? ` in ${cost.period}` : ''} (${cost.id})`);
        }),
      );
    });

  costs
    .command('list')
    .description('The recorded costs')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      withDb(async (db) => {
        const rows = await listCosts(db);
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return console.log('No costs recorded. Add one with "harpoon costs add --amount N --currency C --journey <key>".');
        for (const c of rows) console.log(`${(c.period ?? 'all time').padEnd(8)}  ${`${c.amount} ${c.currency}`.padStart(14)}  ${c.for}${c.note ? `: ${c.note}` : ''}  (${c.id})`);
      }),
    );

  costs
    .command('remove <id>')
    .description('Take back a cost recorded by mistake (its ID is in costs list)')
    .action((id: string) =>
      withDb((db) =>
        metricsErrorsAsUserErrors(async () => {
          await removeCost(db, id);
          console.log(`removed cost ${id}`);
        }),
      ),
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
      const [{ importCrmOpportunities }, { AccountsError }] = await Promise.all([import('../../metrics/import-opportunities'), import('../../accounts/accounts-error')]);
      await withDb(async (db) => {
        try {
          const result = await importCrmOpportunities(db, file);
          if (opts.json) return printJson(result);
          console.log(`imported ${result.imported} opportunities, ${result.outsidePool} of accounts outside the target pool (a target account's opportunities are its sales tasks)`);
        } catch (err) {
          if (err instanceof AccountsError) throw new UserError(err.message, err.details);
          throw err;
        }
      });
    });
}
