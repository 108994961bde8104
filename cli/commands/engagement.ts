// `harpoon engagement send`: an engagement event recorded as if it came from a tracked link or a
// form. It used to be `events send`, before "events" came to mean webinars and roundtables; that
// spelling still works (cli/commands/events.ts) and says where the command went.
import type { Command } from 'commander';
import { commandGroups } from '../groups';
import { recordEngagement, UnknownContactError } from '../../client/record-engagement';
import { eventType } from '../../domain/journey/vocabulary';
import { printJson, UserError, withDb } from '../runtime';

/** The send command on a group; `notice` is printed on stderr first (the old spelling). */
export function addSendCommand(group: Command, notice?: string) {
  group
    .command('send <type>')
    .description(`Record an engagement event as if it came from a tracked link or a form (${eventType.options.join(', ')})`)
    .requiredOption('--contact <email>', 'the contact who engaged')
    .option('--tag <tag>', 'link or page tag, e.g. pricing')
    .option('--json', 'machine-readable output')
    .action(async (type: string, opts: { contact: string; tag?: string; json?: boolean }) => {
      if (notice) process.stderr.write(`${notice}\n`);
      const parsed = eventType.safeParse(type);
      if (!parsed.success) throw new UserError(`Unknown event type "${type}": expected one of ${eventType.options.join(', ')}.`);
      // Only the database: the journey dispatcher (npm start, npm run worker) delivers the event,
      // whether or not Temporal is reachable right now.
      await withDb(async (db) => {
        try {
          const result = await recordEngagement(db, {
            type: parsed.data,
            contact: { email: opts.contact },
            tag: opts.tag,
            source: 'cli',
          });
          if (opts.json) return printJson(result);
          if (result.outcome === 'no_change') return console.log(`${opts.contact} is not subscribed: nothing to record`);
          console.log(`${type} recorded for ${opts.contact}; queued for ${result.queued.length} running journey(s)`);
        } catch (err) {
          if (err instanceof UnknownContactError) throw new UserError(err.message);
          throw err;
        }
      });
    });
}

export function registerEngagementCommands(program: Command) {
  addSendCommand(program.command('engagement').description(commandGroups.engagement));
}
