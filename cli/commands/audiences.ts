// `harpoon audiences ...`: ad audiences for LinkedIn Matched Audiences and Google Customer Match,
// exported now to a file, or on a schedule by the worker to a folder.
import path from 'node:path';
import type { Command } from 'commander';
import { exportAudience } from '../../audiences/export-audience';
import { writeFileWhole } from '../../audiences/scheduled-exports';
import { addSchedule, listSchedules, removeSchedule, type ScheduleView } from '../../audiences/schedules';
import { audienceScheduleSchema } from '../../domain/audiences/schedule';
import { audienceSelectionSchema } from '../../domain/audiences/selection';
import { summaryLines } from '../../domain/audiences/summary';
import { audienceFormats } from '../../domain/audiences/upload-formats';
import { filterProblems } from '../../domain/metrics/filter';
import type { z } from 'zod';
import { commandGroups } from '../groups';
import { addListCommand } from '../list-command';
import { printJsonOrLines, UserError, withDb } from '../runtime';

type Flags = Record<string, string | undefined> & { json?: boolean };

function parsed<S extends z.ZodType>(schema: S, flags: Flags): z.infer<S> {
  const result = schema.safeParse(flags);
  if (!result.success) throw new UserError(filterProblems(result.error).join('; '));
  return result.data;
}

const selectionOptions = (command: Command) =>
  command
    .option('--tier <n>', "a tier's target accounts: 1, 2 or 3")
    .option('--journey <key>', 'the accounts a journey is running or paused for')
    .requiredOption('--format <format>', `${audienceFormats.join(' | ')}: LinkedIn Matched Audiences contact list, or Google Customer Match`);

function scheduleLine(s: ScheduleView): string {
  const last = s.lastRun ? (s.lastRun.error ? `last run ${s.lastRun.startedAt.slice(0, 16)} FAILED: ${s.lastRun.error}` : `last run ${s.lastRun.startedAt.slice(0, 16)}: ${s.lastRun.rows} rows, ${s.lastRun.file}`) : 'not run yet';
  return `${s.id}  ${s.audience}  ${s.format}  every ${s.every}  to ${s.dir}  next ${s.nextRunAt.slice(0, 16)}  ${last}`;
}

export function registerAudienceCommands(program: Command) {
  const audiences = program.command('audiences').description(commandGroups.audiences);

  selectionOptions(audiences.command('export').description("Write a tier's or a journey's ad audience as the platform's CSV (addresses SHA-256 hashed) and say who was left out"))
    .requiredOption('--out <file.csv>', 'the file to write (replaced whole if it exists)')
    .option('--json', 'machine-readable summary')
    .action(({ out, ...flags }: Flags & { out: string }) =>
      withDb(async (db) => {
        const { csv, summary } = await exportAudience(db, parsed(audienceSelectionSchema, flags));
        const file = path.resolve(out);
        await writeFileWhole(file, csv).catch((err: NodeJS.ErrnoException) => {
          throw new UserError(`--out: cannot write ${file} (${err.code ?? err.message}); give a file in an existing folder you can write to`);
        });
        printJsonOrLines(flags.json, { ...summary, file }, (s) => summaryLines(s, file));
      }),
    );

  const schedule = audiences.command('schedule').description('Exports the worker writes to a folder on a schedule: add, list, remove');

  selectionOptions(schedule.command('add').description("Have the worker write this audience's file to a folder every so often (the first at its next look)"))
    .requiredOption('--every <duration>', 'how often, from 1h: 12h, 1d, 1w')
    .requiredOption('--dir <folder>', 'an existing folder the worker can write to; files are named by audience, format and date')
    .option('--json', 'machine-readable output')
    .action((flags: Flags) =>
      withDb(async (db) => {
        const added = await addSchedule(db, parsed(audienceScheduleSchema, flags));
        const [view] = (await listSchedules(db)).filter((s) => s.id === added.id);
        printJsonOrLines(flags.json, view!, (s) => [scheduleLine(s)]);
      }),
    );

  addListCommand(schedule, 'Scheduled audience exports, with their last run (rows and file, or the error)', listSchedules, scheduleLine, 'No scheduled audience exports: harpoon audiences schedule add --tier 1 --format google --every 1d --dir <folder>');

  schedule
    .command('remove <id>')
    .description('Stop a scheduled export (the files it wrote stay)')
    .action((id: string) =>
      withDb(async (db) => {
        await removeSchedule(db, id);
        console.log(`audience schedule ${id} removed`);
      }),
    );
}
