// `harpoon sales ...`: a sales rep's side of the handoff. The inbox and a task's evidence come from
// the database; every action goes to the task's workflow as a validated Update, so the journey
// reacts at once and an invalid transition is refused with one line.
import type { Command } from 'commander';
import { actOnTask, findRep, findTask, negativeProposals, salesInbox, type TaskDetail, type TaskSummary } from '../../use-cases/sales-tasks';
import type { Db } from '../../db/client';
import { operator, type ActingUser } from '../../domain/access/acting-user';
import { closedStatuses, rejectReasons, type SalesAction, type TaskStatus } from '../../domain/sales/vocabulary';
import { shortInZone } from '../../domain/time/zone-time';
import { printJsonOrLines, UserError, withDb, withTemporalOnDemand } from '../runtime';
import { handedOver, taskTiming } from '../sales-times';
import { commandGroups } from '../groups';
import { registerRepTaskCommands } from './rep-tasks';
import { formatMoney } from '../../domain/metrics/money';

/** `--owner <email>` on an action: act as that rep, who reaches their own tasks only; without it, as an operator. */
const actingAs = async (db: Db, owner: string | undefined): Promise<ActingUser> => (owner ? { role: 'sales', rep: await findRep(db, owner) } : operator);

function amountOf(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${field} "${text}" is not an amount: expected a positive number such as 48000`);
  return n;
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
    .option('--owner <email>', "only this rep's tasks")
    .option('--json', 'machine-readable output')
    .action((opts: { owner?: string; json?: boolean }) =>
      withDb(async (db) => printJsonOrLines(opts.json, await salesInbox(db, operator, opts.owner), (tasks) => inboxLines(tasks, opts.owner))),
    );

  sales
    .command('show <task>')
    .description('One task with its evidence (a task ID, or an account domain for its latest task)')
    .option('--json', 'machine-readable output')
    .action((ref: string, opts: { json?: boolean }) => withDb(async (db) => printJsonOrLines(opts.json, await findTask(db, operator, ref), taskLines)));

  const act = (ref: string, action: SalesAction, owner?: string) =>
    withTemporalOnDemand(async (temporal, db) => {
      const result = await actOnTask(db, temporal, await actingAs(db, owner), ref, action);
      console.log(`${result.taskId}: ${result.from} → ${result.to}`);
      if (result.note) console.log(`note: ${result.note}`);
    });
  const ownerOption = ['--owner <email>', 'act as this rep: refused unless the task is theirs'] as const;

  sales.command('accept <task>').description('Accept a handoff').option(...ownerOption)
    .action((ref: string, o: { owner?: string }) => act(ref, { kind: 'accept' }, o.owner));
  sales
    .command('reject <task>')
    .description("Reject a handoff; the account's running journeys react (as their sales section says: by default back to nurture, with a cooldown)")
    .option('--reason <code>', rejectReasons.join(' | '))
    .option('--note <text>', 'what sales know that marketing should')
    .option(...ownerOption)
    .action((ref: string, o: { reason?: string; note?: string; owner?: string }) => act(ref, { kind: 'reject', reason: o.reason, note: o.note }, o.owner));
  sales
    .command('opportunity <task>')
    .description('Record the opportunity of an accepted task')
    .option('--amount <n>', 'expected amount')
    .option('--currency <c>', 'ISO currency such as EUR')
    .option('--close <date>', 'expected close date, YYYY-MM-DD')
    .option(...ownerOption)
    .action((ref: string, o: { amount?: string; currency?: string; close?: string; owner?: string }) =>
      act(ref, { kind: 'opportunity', amount: amountOf(o.amount, '--amount'), currency: o.currency?.toUpperCase(), closeDate: o.close }, o.owner),
    );
  for (const kind of ['won', 'lost'] as const) {
    sales
      .command(`${kind} <task>`)
      .description(kind === 'won' ? 'The deal is won: the account moves to deliver or expand' : 'The deal is lost')
      .option('--amount <n>', 'final amount')
      .option('--currency <c>', 'ISO currency such as EUR')
      .option('--reason <text>', 'why (lost)')
      .option(...ownerOption)
      .action((ref: string, o: { amount?: string; currency?: string; reason?: string; owner?: string }) =>
        act(
          ref,
          kind === 'won'
            ? { kind, amount: amountOf(o.amount, '--amount'), currency: o.currency?.toUpperCase() }
            : { kind, amount: amountOf(o.amount, '--amount'), reason: o.reason },
          o.owner,
        ),
      );
  }
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
