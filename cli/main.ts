// `npx harpoon`: the command line for marketing ops and admins. Each command group lives in
// cli/commands/<group>.ts and registers itself on the program here. A call loads only the group it
// names (Temporal, Prisma and MJML cost hundreds of milliseconds to load); `--help` loads none.
import { inspect } from 'node:util';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors';
import { forCli } from '../domain/fields/field-ref';
import { UseCaseError } from '../domain/use-case-error';
import { CrmError, crmFailureForPerson } from '../reach/crm/crm-error';
import { commandGroups, groupAliases, type CommandGroup } from './groups';
import { UserError } from './user-error';

// `harpoon ... --json | head` closes the pipe early: that is the reader being done, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/**
 * Ends the CLI with `code` once its readers have taken everything it wrote. On a pipe, stdout and
 * stderr are written asynchronously, and process.exit() drops what the pipe had not taken yet: the
 * refusal of a 5,000-row file piped to `wc -l` or `less` lost all but its first few hundred lines.
 */
async function exitOnceRead(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit(code);
}

/** What a refusal says, first line first; undefined for a fault. */
function refusalLines(err: unknown): string[] | undefined {
  // Rules shared with the API name their fields by marker; here they read as flags.
  // A use-case's field problems are the API's `issues`; its message already says them in words.
  if (err instanceof UseCaseError || err instanceof UserError) return [err.message, ...err.details];
  if (err instanceof ConfigError) return [err.message];
  if (err instanceof CrmError) return [crmFailureForPerson(err)];
  return undefined;
}

/** Says on stderr why the call failed (Commander has said its own) and gives the exit code. */
function failure(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  // The one place the CLI says no: a use-case's refusal (whatever its kind), its own, the
  // configuration's, or a CRM's (`crm sync`), in one line (and one per detail or field) with exit
  // code 1, as the API answers a status.
  const refusal = refusalLines(err);
  if (refusal) {
    process.stderr.write(refusal.map((line, i) => `${i === 0 ? 'harpoon: ' : ''}${forCli(line)}\n`).join(''));
    return 1;
  }
  // A fault, not a refusal: its stack, as Node says an uncaught error, but only once the output is out.
  process.stderr.write(`${inspect(err)}\n`);
  return 1;
}

const loaders: Record<CommandGroup, (program: Command) => Promise<void>> = {
  start: async (p) => (await import('./commands/start')).registerStartCommand(p),
  serve: async (p) => (await import('./commands/start')).registerStartCommand(p),
  accounts: async (p) => {
    const [{ registerAccountCommands }, { registerTimelineCommand }, { registerNegativeProposalsCommand }] = await Promise.all([
      import('./commands/accounts'),
      import('./commands/timeline'),
      import('./commands/sales'),
    ]);
    registerAccountCommands(p);
    const accounts = p.commands.find((c) => c.name() === 'accounts')!;
    registerTimelineCommand(accounts);
    registerNegativeProposalsCommand(accounts);
  },
  contacts: async (p) => (await import('./commands/contacts')).registerContactCommands(p),
  journeys: async (p) => (await import('./commands/journeys')).registerJourneyCommands(p),
  'programme-events': async (p) => (await import('./commands/programme-events')).registerEventCommands(p),
  engagement: async (p) => (await import('./commands/engagement')).registerEngagementCommands(p),
  mail: async (p) => (await import('./commands/mail')).registerMailCommands(p),
  sales: async (p) => (await import('./commands/sales')).registerSalesCommands(p),
  report: async (p) => (await import('./commands/report')).registerReportCommand(p),
  costs: async (p) => (await import('./commands/costs')).registerCostCommands(p),
  opportunities: async (p) => (await import('./commands/costs')).registerOpportunityCommands(p),
  crm: async (p) => (await import('./commands/crm')).registerCrmCommands(p),
  keys: async (p) => (await import('./commands/keys')).registerKeyCommands(p),
  reviews: async (p) => (await import('./commands/reviews')).registerReviewCommands(p),
  audiences: async (p) => (await import('./commands/audiences')).registerAudienceCommands(p),
  webhooks: async (p) => (await import('./commands/webhooks')).registerWebhookCommands(p),
  alerts: async (p) => (await import('./commands/webhooks')).registerAlertCommands(p),
  audit: async (p) => (await import('./commands/audit')).registerAuditCommand(p),
  admin: async (p) => (await import('./commands/admin')).registerAdminCommands(p),
};

/** The group a call names (`harpoon accounts list`, `harpoon help accounts`), if any. */
function namedGroup(args: readonly string[]): CommandGroup | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const word = words[0] === 'help' ? words[1] : words[0];
  if (word === undefined) return undefined;
  if (Object.hasOwn(groupAliases, word)) return groupAliases[word];
  return Object.hasOwn(commandGroups, word) ? (word as CommandGroup) : undefined;
}

const program = new Command('harpoon')
  .description('Harpoon: account-based marketing journeys on Temporal')
  // One line saying what is wrong, and where the help is: the whole help under it buried the line.
  .showHelpAfterError('(run the command with --help for its options)')
  .exitOverride();

// Every command that may change something is on the audit log once it has succeeded (cli/audit-command.ts).
program.hook('postAction', async (_program, action) => (await import('./audit-command')).auditCommand(action));

try {
  const group = namedGroup(process.argv.slice(2));
  if (group) await loaders[group](program);
  else for (const [name, description] of Object.entries(commandGroups)) program.command(name).description(description);
  await program.parseAsync(process.argv);
} catch (err) {
  await exitOnceRead(failure(err));
}
