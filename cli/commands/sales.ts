// `harpoon sales ...`: a sales rep's side of the handoff. The inbox and a task's evidence come from
// the database; every action goes to the task's workflow as a validated Update, so the journey
// reacts at once and an invalid transition is refused with one line.
import type { Command } from 'commander';
import { actOnTask, findTask, negativeProposals, salesInbox, type TaskDetail, type TaskSummary } from '../../use-cases/sales-tasks';
import { operator } from '../../domain/access/acting-user';
import { requiredAmount } from '../../domain/accounts/fields';
import { salesActionInputs } from '../../use-cases/sales-action-input';
import { closedStatuses, rejectReasons, type SalesAction, type TaskStatus } from '../../domain/sales/vocabulary';
import { shortInZone } from '../../domain/time/zone-time';
import { printJsonOrLines, UserError, withDb, withTemporalOnDemand } from '../runtime';
import { actingAs, actingOwnerOption, ownerOption } from '../owner-option';
import { optionsInput } from '../schema-options';
import { handedOver, taskTiming } from '../sales-times';
import { commandGroups } from '../groups';
import { registerRepTaskCommands } from './rep-tasks';
import { formatMoney } from '../../domain/metrics/money';

/** `--amount` read as the imports read an amount: `85 000` and `1,200,000` are taken, a decimal comma or an ambiguous point refused. */
function amountOf(text: string): number {
  const read = requiredAmount.safeParse(text);
  if (read.success) return read.data;
  throw new UserError(`--amount ${read.error.issues[0]!.message}`);
}

/** An action's options, each command registering only those its action takes (`--close` is closeDate). */
type ActionOptions = { amount?: string; currency?: string; close?: string; reason?: string; note?: string };

/**
 * The options as the action's input, read by the schema the API and the console use. A field the
 * action needs but was not given is the workflow's validator's to refuse: it says first when the
 * task's status rules the action out.
 */
function actionOf(kind: SalesAction['kind'], { amount, currency, close, ...text }: ActionOptions): SalesAction {
  const input = {
    ...text,
    ...(amount === undefined ? {} : { amount: amountOf(amount) }),
    ...(currency === undefined ? {} : { currency: currency.toUpperCase() }),
    ...(close === undefined ? {} : { closeDate: close }),
  };
  return { kind, ...optionsInput(salesActionInputs[kind].partial(), input) } as SalesAction;
}

function taskLines(t: TaskDetail): string[] {
  const e = t.evidence;
  return [
    `${t.id}  ${t.status}`,
    // A closed task keeps the rep it had when it closed; the account may have another owner by now.
    `${t.account.name} (${t.account.domain}), tier ${t.account.tier ?? '-'}, ${closedStatuses.includes(t.status as TaskStatus) ? 'rep' : 'owner'} ${t.owner ?? 'none'}`,
    `handed over ${handedOver(t)}; ${t.status === 'created' ? `answer ${taskTiming(t)}` : taskTiming(t)}`,
    `why: ${e.why}`,
    `engagement score ${e.score}${Object.keys(e.scoreBreakdown).length ? ` (${Object.entries(e.scoreBreakdown).map(([r, p]) => `${r} ${p}`).join(', ')})` : ''}`,
    'engaged contacts:',
    ...(e.engagedContacts.length ? e.engagedContacts.map((c) => `  ${c.name} (${c.role}): ${c.did.join(', ')}`) : ['  none']),
    `buying-group gaps: ${e.gaps.join(', ') || 'none'}`,
    `recent timeline (${t.timeZone}):`,
    ...e.recent.map((r) => `  ${shortInZone(Date.parse(r.at), t.timeZone)} ${r.what}`),
    `suggested next action: ${t.nextAction}`,
    ...(t.reason ? [`reason: ${t.reason}${t.note ? ` (${t.note})` : ''}`] : []),
    ...(t.amount !== null ? [`amount: ${formatMoney(t.amount, t.currency)}${t.closeDate ? `, close ${t.closeDate}` : ''}`] : []),
  ];
}

const inboxLine = (t: TaskSummary) => [
  `${t.id}  ${t.status.padEnd(11)} ${taskTiming(t)}  ${t.account.domain} (tier ${t.account.tier ?? '-'}, score ${t.score})  ${t.owner ?? 'no owner'}`,
  `    next: ${t.nextAction}`,
];

/** What the rep can act on first; queued tasks apart, saying when they arrive. */
function inboxLines(tasks: TaskSummary[], owner: string | undefined): string[] {
  if (tasks.length === 0) return [owner ? `No open tasks for ${owner}.` : 'No open sales tasks.'];
  const queued = tasks.filter((t) => t.queue);
  return [
    ...tasks.filter((t) => !t.queue).flatMap(inboxLine),
    ...(queued.length > 0 ? ["Queued for the owner's daily capacity (not yet to act on):", ...queued.flatMap(inboxLine)] : []),
  ];
}

export function registerSalesCommands(program: Command) {
  const sales = program.command('sales').description(commandGroups.sales);

  sales
    .command('inbox')
    .description('Open handoff tasks: what you can act on first (soonest due first), then the queued ones with when they arrive')
    .addOption(ownerOption("only this rep's tasks"))
    .option('--json', 'machine-readable output')
    .action((opts: { owner?: string; json?: boolean }) =>
      withDb(async (db) => printJsonOrLines(opts.json, await salesInbox(db, operator, opts.owner), (tasks) => inboxLines(tasks, opts.owner))),
    );

  sales
    .command('show <task>')
    .description('One task with its evidence (a task ID, or an account domain for its latest task)')
    .option('--json', 'machine-readable output')
    .action((ref: string, opts: { json?: boolean }) => withDb(async (db) => printJsonOrLines(opts.json, await findTask(db, operator, ref), taskLines)));

  const act = (kind: SalesAction['kind']) => (ref: string, { owner, ...options }: ActionOptions & { owner?: string }) => {
    const action = actionOf(kind, options);
    return withTemporalOnDemand(async (temporal, db) => {
      const result = await actOnTask(db, temporal, await actingAs(db, owner), ref, action);
      console.log(`${result.taskId}: ${result.from} → ${result.to}`);
      if (result.note) console.log(`note: ${result.note}`);
    });
  };
  const amountHelp = 'a number such as 48000, 48,000 or 48000.50 (a point before decimals)';
  const currencyHelp = 'ISO currency such as EUR (default: the one amounts are kept in)';

  sales.command('accept <task>').description('Accept a handoff').addOption(actingOwnerOption()).action(act('accept'));
  sales
    .command('reject <task>')
    .description("Reject a handoff; the account's running journeys react (as their sales section says: by default back to nurture, with a cooldown)")
    .option('--reason <code>', rejectReasons.join(' | '))
    .option('--note <text>', 'what sales know that marketing should')
    .addOption(actingOwnerOption())
    .action(act('reject'));
  sales
    .command('opportunity <task>')
    .description('Record the opportunity of an accepted task')
    .option('--amount <n>', `expected amount: ${amountHelp}`)
    .option('--currency <c>', 'ISO currency such as EUR')
    .option('--close <date>', 'expected close date, YYYY-MM-DD, from a year ago to 10 years ahead')
    .addOption(actingOwnerOption())
    .action(act('opportunity'));
  sales
    .command('won <task>')
    .description('The deal is won: the account moves to deliver or expand')
    .option('--amount <n>', `final amount: ${amountHelp}`)
    .option('--currency <c>', currencyHelp)
    .addOption(actingOwnerOption())
    .action(act('won'));
  sales
    .command('lost <task>')
    .description('The deal is lost')
    .option('--amount <n>', `the amount lost: ${amountHelp}`)
    .option('--currency <c>', currencyHelp)
    .option('--reason <text>', 'why')
    .addOption(actingOwnerOption())
    .action(act('lost'));
  registerRepTaskCommands(sales);
}

/** `accounts negative proposals`: accounts sales called not_icp, for a human to confirm with `accounts exclude`. */
export function registerNegativeProposalsCommand(accounts: Command) {
  const negative = accounts.commands.find((c) => c.name() === 'negative')!;
  negative
    .command('proposals')
    .description('Negative-list entries proposed by sales (not_icp rejections), waiting for a human')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      withDb(async (db) => {
        const rows = (await negativeProposals(db)).map((r) => ({ domain: r.value, account: r.account.name, task: r.taskId, note: r.note, proposedAt: r.createdAt }));
        printJsonOrLines(opts.json, rows, () =>
          rows.length === 0
            ? ['No proposals.']
            : [...rows.map((r) => `${r.domain.padEnd(36)} ${r.account}, from ${r.task}${r.note ? `: ${r.note}` : ''}`), 'Confirm one with: harpoon accounts exclude <domain> --reason cant_serve'],
        );
      }),
    );
}
