// `harpoon sales rep-tasks` and `harpoon sales rep-task done|skip`: the rep tasks journeys create
// (calls, LinkedIn touches, direct mail), through the same use-cases as the API and the console.
import type { Command } from 'commander';
import { closeRepTask, openRepTasks, type RepTaskSummary } from '../../use-cases/rep-tasks';
import { findRep } from '../../use-cases/sales-tasks';
import type { Db } from '../../db/client';
import { operator, type ActingUser } from '../../domain/access/acting-user';
import { shortInZone } from '../../domain/time/zone-time';
import { printJsonOrLines, withDb } from '../runtime';

const actingAs = async (db: Db, owner: string | undefined): Promise<ActingUser> => (owner ? { role: 'sales', rep: await findRep(db, owner) } : operator);

const taskLines = (t: RepTaskSummary) => [
  `${t.id}  ${t.channel.padEnd(11)} due ${shortInZone(Date.parse(t.dueAt), t.timeZone)} ${t.timeZone}  ${t.account.domain}${t.contact ? `, ${t.contact.name} (${t.contact.role})` : ''}  ${t.owner ?? 'sales queue'}`,
  `    ${t.title}${t.waits ? '  (the journey waits for it)' : ''}`,
  ...(t.instructions ? [`    ${t.instructions}`] : []),
];

export function registerRepTaskCommands(sales: Command) {
  sales
    .command('rep-tasks')
    .description('Open rep tasks from journeys (calls, LinkedIn touches, direct mail), soonest due first')
    .option('--owner <email>', "only this rep's tasks")
    .option('--json', 'machine-readable output')
    .action((opts: { owner?: string; json?: boolean }) =>
      withDb(async (db) =>
        printJsonOrLines(opts.json, await openRepTasks(db, operator, opts.owner), (tasks) =>
          tasks.length === 0 ? [opts.owner ? `No open rep tasks for ${opts.owner}.` : 'No open rep tasks.'] : tasks.flatMap(taskLines),
        ),
      ),
    );

  const task = sales.command('rep-task').description('Close a rep task: done or skipped');
  const ownerOption = ['--owner <email>', 'act as this rep: refused unless the task is theirs'] as const;
  const close = (id: string, outcome: 'done' | 'skipped', note: string | undefined, owner: string | undefined) =>
    withDb(async (db) => {
      const closed = await closeRepTask(db, await actingAs(db, owner), id, { outcome, note });
      console.log(`${closed.id}: open → ${closed.status}`);
    });
  task
    .command('done <id>')
    .description('Mark a rep task done; a journey waiting for it moves on')
    .option('--note <text>', 'what came of it')
    .option(...ownerOption)
    .action((id: string, o: { note?: string; owner?: string }) => close(id, 'done', o.note, o.owner));
  task
    .command('skip <id>')
    .description('Skip a rep task, with the reason; a journey waiting for it moves on')
    .requiredOption('--reason <text>', 'why it was not done')
    .option(...ownerOption)
    .action((id: string, o: { reason: string; owner?: string }) => close(id, 'skipped', o.reason, o.owner));
}
