// `harpoon sales rep-tasks` and `harpoon sales rep-task done|skip`: the rep tasks journeys create
// (calls, LinkedIn touches, direct mail), through the same use-cases as the API and the console.
import type { Command } from 'commander';
import { closeRepTask, openRepTasks, type RepTaskSummary } from '../../use-cases/rep-tasks';
import { operator } from '../../domain/access/acting-user';
import { repTaskCloseInputs } from '../../domain/sales/rep-task-input';
import { shortInZone } from '../../domain/time/zone-time';
import { printJsonOrLines, withDb } from '../runtime';
import { actingAs, actingOwnerOption, ownerOption } from '../owner-option';
import { optionsInput } from '../schema-options';

const taskLines = (t: RepTaskSummary) => [
  `${t.id}  ${t.channel.padEnd(11)} due ${shortInZone(Date.parse(t.dueAt), t.timeZone)} ${t.timeZone}  ${t.account.domain}${t.contact ? `, ${t.contact.name} (${t.contact.role})` : ''}  ${t.owner ?? 'sales queue'}`,
  `    ${t.title}${t.waits ? '  (the journey waits for it)' : ''}`,
  ...(t.instructions ? [`    ${t.instructions}`] : []),
];

export function registerRepTaskCommands(sales: Command) {
  sales
    .command('rep-tasks')
    .description('Open rep tasks from journeys (calls, LinkedIn touches, direct mail), soonest due first')
    .addOption(ownerOption("only this rep's tasks"))
    .option('--json', 'machine-readable output')
    .action((opts: { owner?: string; json?: boolean }) =>
      withDb(async (db) =>
        printJsonOrLines(opts.json, await openRepTasks(db, operator, opts.owner), (tasks) =>
          tasks.length === 0 ? [opts.owner ? `No open rep tasks for ${opts.owner}.` : 'No open rep tasks.'] : tasks.flatMap(taskLines),
        ),
      ),
    );

  const task = sales.command('rep-task').description('Close a rep task: done or skipped');
  const close = (id: string, outcome: 'done' | 'skipped', note: string | undefined, owner: string | undefined) =>
    withDb(async (db) => {
      const closed = await closeRepTask(db, await actingAs(db, owner), id, { outcome, note });
      console.log(`${closed.id}: open → ${closed.status}`);
    });
  task
    .command('done <id>')
    .description('Mark a rep task done; a journey waiting for it moves on')
    .option('--note <text>', 'what came of it')
    .addOption(actingOwnerOption())
    .action((id: string, { owner, ...given }: { note?: string; owner?: string }) => close(id, 'done', optionsInput(repTaskCloseInputs.done, given).note, owner));
  task
    .command('skip <id>')
    .description('Skip a rep task, with the reason; a journey waiting for it moves on')
    .requiredOption('--reason <text>', 'why it was not done')
    .addOption(actingOwnerOption())
    .action((id: string, { owner, ...given }: { reason: string; owner?: string }) => close(id, 'skipped', optionsInput(repTaskCloseInputs.skip, given).reason, owner));
}
