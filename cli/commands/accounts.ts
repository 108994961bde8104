// `harpoon accounts ...`: the target account list. Import, score, list and explain accounts; steer
// the pool by hand (exclude, include, tier, retire); keep the negative list and the sales reps.
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { commandGroups } from '../groups';
import type { z } from 'zod';
import { loadScoringModel } from '../../config/scoring';
import { getAccountView, listAccounts, type AccountSummary } from '../../accounts/account-view';
import { describeAccount } from '../../accounts/describe-account';
import { accountImporter } from '../../accounts/import-accounts';
import { negativeRuleImporter } from '../../accounts/import-negative-rules';
import { salesRepImporter } from '../../accounts/import-sales-reps';
import { listSalesReps, salesRepLine } from '../../accounts/sales-rep-list';
import { config } from '../../config/env';
import { importTable, type ImportOptions, type Importer, type ImportReport, type RunContext } from '../../accounts/import-table';
import { includeAccount, retireAccount, setTierOverride, type ManualChange } from '../../accounts/manual-changes';
import { addNegativeRule, excludedWithoutConfirmation, listNegativeRules, parseNegativeReason, parseRuleKey } from '../../accounts/negative-list';
import { readTable } from '../../accounts/read-table';
import { summarisePoolChanges, type PoolChange } from '../../accounts/rebalance-pool';
import { scoreAccounts } from '../../accounts/score-accounts';
import { shownDomain } from '../../accounts/shown-domain';
import { negativeReasonLabels } from '../../domain/accounts/negative-list';
import { keyBuyingGroupRoles, poolStatus, poolStatuses, tier as tierSchema, type Actor } from '../../domain/accounts/vocabulary';
import type { Db } from '../../db/client';
import { addListCommand } from '../list-command';
import { printJsonOrLines, UserError, withDb } from '../runtime';
import { plural } from '../../domain/words/plural';

function currentUser(): Actor {
  try {
    return `user:${os.userInfo().username}`;
  } catch {
    return `user:${process.env.USER ?? 'unknown'}`;
  }
}

/** Who acts and the scoring model in force, for commands that change accounts. */
export function runContext(actor: Actor = currentUser()): RunContext {
  return { actor, model: loadScoringModel() };
}

function importReportLines(report: ImportReport): string[] {
  const { rows, created, updated, unchanged, rejected, what } = report;
  // `what` names the rows in the plural ("sales reps"): one of them drops the s.
  const made = plural(created, what.replace(/s$/, ''), what);
  return [
    `${report.file}: ${plural(rows, 'row')}: ${made} created, ${updated} updated, ${unchanged} unchanged${rejected ? `, ${rejected} rejected` : ''}.`,
    ...report.notes.map((n) => `  ${n}`),
    ...(report.rejectsFile
      ? [`The ${plural(rejected, 'rejected row')} and what is wrong with ${rejected === 1 ? 'it' : 'each'} are in ${report.rejectsFile}; fix ${rejected === 1 ? 'it' : 'them'} there and import that file.`]
      : []),
  ];
}

export type ImportCommandOptions = ImportOptions & { json?: boolean; rejects?: string };

/** The import command shared by accounts, contacts, reps and the negative list. */
export function addImportCommand<S extends z.ZodType>(
  parent: Command,
  name: string,
  description: string,
  importer: (opts: ImportCommandOptions & Record<string, unknown>) => Importer<S>,
  /** Runs after a successful import with the moment it began (e.g. to tell running journeys). */
  afterImport?: (db: Db, since: Date) => Promise<void>,
): Command {
  return parent
    .command(`${name} <file>`)
    .description(`${description} (CSV with a header row, or a JSON array). All-or-nothing unless --partial.`)
    .option('--partial', 'import the valid rows and write the rejected ones, with reasons, to a file')
    .option('--rejects <file>', 'where --partial writes rejected rows, a file that does not exist yet (default: <file>.rejects.<ext>)')
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, opts: ImportCommandOptions & Record<string, unknown>) => {
      // Checked before anything is read: a misplaced --rejects would be ignored, or would overwrite the input.
      if (opts.rejects !== undefined && !opts.partial) throw new UserError('--rejects: only with --partial (without it, an import with a bad row writes nothing and lists every problem)');
      if (opts.rejects !== undefined && path.resolve(opts.rejects) === path.resolve(file)) throw new UserError(`--rejects: ${opts.rejects} is the file being imported; name another file`);
      await withDb(async (db) => {
        const since = new Date();
        const report = await importTable(db, importer(opts), readTable(file), { actor: 'import', model: loadScoringModel() }, {
          partial: opts.partial,
          partialOffered: true,
          rejectsFile: opts.rejects,
        });
        printJsonOrLines(opts.json, report, importReportLines);
        await afterImport?.(db, since);
      });
    });
}

function changeLines(changes: readonly PoolChange[]): string[] {
  const summary = summarisePoolChanges(changes);
  if (summary.length === 0) return ['  The pool is otherwise unchanged.'];
  const shown = changes.slice(0, 20).map((c) => `    ${c.domain}: ${c.field === 'tier' ? 'tier' : 'status'} ${c.from ?? '(none)'} -> ${c.to ?? '(none)'}, ${c.reason}`);
  return [...summary.map((line) => `  ${line}`), ...shown, ...(changes.length > shown.length ? [`    ... and ${changes.length - shown.length} more`] : [])];
}

const manualChangeLines = (result: ManualChange) => [`${result.domain}: ${result.outcome}.`, ...changeLines(result.changes)];

/** Validates a command-line value with a vocabulary schema (tiers are typed as text, hence `convert`). */
function parseOption<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  raw: string,
  flag: string,
  expected: string,
  convert: (raw: string) => unknown = (v) => v,
): T {
  const parsed = schema.safeParse(convert(raw));
  if (!parsed.success) throw new UserError(`${flag} ${JSON.stringify(raw)}: expected ${expected}`);
  return parsed.data;
}

const accountLine = (r: AccountSummary) =>
  [
    String(r.tier ?? '-').padEnd(4),
    r.status.padEnd(9),
    (r.score === null ? '-' : String(r.score)).padStart(5),
    `${keyBuyingGroupRoles.length - r.gaps.length}/${keyBuyingGroupRoles.length}`.padStart(9),
    ` ${shownDomain(r.domain)}  ${r.name}`,
  ].join('  ');

const tierExpected = '1 (one-to-one), 2 (one-to-few) or 3 (one-to-many)';

export function registerAccountCommands(program: Command): void {
  const accounts = program.command('accounts').description(commandGroups.accounts);

  addImportCommand(accounts, 'import', 'Import or update accounts by domain (an empty cell keeps what is stored; owner_email none removes the owner, tier auto lets the score set the tier)', () => accountImporter);

  accounts
    .command('list')
    .description('List accounts, best tier and score first')
    .option('--tier <n>', `only this tier: ${tierExpected}`)
    .option('--status <status>', `only this pool status: ${poolStatuses.join(', ')}`)
    .option('--json', 'print JSON for scripts')
    .action((opts: { tier?: string; status?: string; json?: boolean }) =>
      withDb(async (db) => {
        const filter = {
          tier: opts.tier === undefined ? undefined : parseOption(tierSchema, opts.tier, '--tier', tierExpected, Number),
          status: opts.status === undefined ? undefined : parseOption(poolStatus, opts.status, '--status', `one of ${poolStatuses.join(', ')}`),
        };
        printJsonOrLines(opts.json, await listAccounts(db, filter), (rows) =>
          rows.length === 0 ? ['No accounts match.'] : ['TIER  STATUS     SCORE  KEY ROLES  DOMAIN / NAME', ...rows.map(accountLine), `${rows.length} accounts.`],
        );
      }),
    );

  accounts
    .command('show <domain>')
    .description("Explain one account: score, tier, pool status, buying group and history")
    .option('--json', 'print JSON for scripts')
    .action((domain: string, opts: { json?: boolean }) =>
      withDb(async (db) => printJsonOrLines(opts.json, await getAccountView(db, domain), (view) => [describeAccount(view)])),
    );

  accounts
    .command('score [domain]')
    .description('Re-assess accounts with the scoring model in force, then apply the pool rules')
    .option('--all', 'score every account')
    .option('--json', 'print the result as JSON')
    .action((domain: string | undefined, opts: { all?: boolean; json?: boolean }) =>
      withDb(async (db) => {
        if (Boolean(domain) === Boolean(opts.all)) throw new UserError('Give either one account domain or --all, e.g. "harpoon accounts score --all".');
        printJsonOrLines(opts.json, await scoreAccounts(db, domain ? { domain } : { all: true }, runContext('system')), (run) => [
          `Scored ${run.scored} accounts; ${run.scoreChanged} scores or recommended tiers changed.`,
          ...changeLines(run.changes),
        ]);
      }),
    );

  accounts
    .command('exclude <target>')
    .description('Put a domain, or a rule such as suffix:gov.cn or industry:Tobacco, on the negative list')
    .requiredOption('--reason <reason>', `one of ${Object.entries(negativeReasonLabels).map(([k, v]) => `${k} (${v})`).join(', ')}`)
    .option('--note <text>', 'a note kept with the rule')
    .option('--dry-run', 'change nothing: show which accounts the rule would take out of the pool')
    .option('--yes', `apply a rule that takes more than ${excludedWithoutConfirmation} accounts out of the pool (refused without it)`)
    .option('--json', 'print the result as JSON')
    .action((target: string, opts: { reason: string; note?: string; dryRun?: boolean; yes?: boolean; json?: boolean }) =>
      withDb(async (db) => {
        const options = { dryRun: opts.dryRun === true, confirmed: opts.yes === true };
        const outcome = await addNegativeRule(db, parseRuleKey(target), parseNegativeReason(opts.reason), opts.note, runContext(), options);
        printJsonOrLines(opts.json, outcome, (result) => [
          result.applied
            ? `Rule ${result.rule} is on the negative list; matching accounts never enter a journey.`
            : `Dry run: rule ${result.rule} is not on the negative list; added, it would change:`,
          ...changeLines(result.changes),
        ]);
      }),
    );

  accounts
    .command('include <target>')
    .description('Take a domain or rule off the negative list, or bring a retired account back')
    .option('--reason <text>', 'why, kept in the history', 'included by hand')
    .option('--json', 'print the result as JSON')
    .action((target: string, opts: { reason: string; json?: boolean }) =>
      withDb(async (db) => printJsonOrLines(opts.json, await includeAccount(db, target, opts.reason, runContext()), manualChangeLines)),
    );

  accounts
    .command('tier <domain> <tier>')
    .description('Fix an account\'s tier by hand (it sticks through re-scoring); "auto" hands it back to the score')
    .requiredOption('--reason <text>', 'why, kept in the history')
    .option('--json', 'print the result as JSON')
    .action((domain: string, tier: string, opts: { reason: string; json?: boolean }) =>
      withDb(async (db) => {
        const fixed = tier.trim().toLowerCase() === 'auto' ? null : parseOption(tierSchema, tier, 'tier', `${tierExpected}, or auto`, Number);
        printJsonOrLines(opts.json, await setTierOverride(db, domain, fixed, opts.reason, runContext()), manualChangeLines);
      }),
    );

  accounts
    .command('retire <domain>')
    .description('Take an account out of the pool until someone includes it again')
    .requiredOption('--reason <text>', 'why, kept in the history')
    .option('--json', 'print the result as JSON')
    .action((domain: string, opts: { reason: string; json?: boolean }) =>
      withDb(async (db) => printJsonOrLines(opts.json, await retireAccount(db, domain, opts.reason, runContext()), manualChangeLines)),
    );

  const negative = accounts.command('negative').description('The negative list: domains, domain suffixes and industries that are never targeted');
  addListCommand(negative, 'Show the negative-list rules', listNegativeRules, (r) => `${`${r.kind}:${r.value}`.padEnd(40)} ${r.reason}${r.note ? `  (${r.note})` : ''}`, 'The negative list is empty.');
  addImportCommand(negative, 'import', 'Import negative-list rules (columns kind, value, reason, note)', () => negativeRuleImporter);

  const reps = accounts.command('reps').description('Sales reps: the account owners that handoffs go to');
  addListCommand(reps, 'Show the sales reps: ID (for SalesOwner in the Web UI), time zone, daily capacity', (db) => listSalesReps(db, config().sales.dailyCapacity), salesRepLine, 'No sales reps yet.');
  addImportCommand(reps, 'import', 'Import or update sales reps (columns email, name, manager_email, timezone, daily_capacity; none clears one)', () => salesRepImporter);
}
