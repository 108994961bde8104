// `harpoon engagement send`: an engagement event recorded as if it came from a tracked link or a
// form. It used to be `events send`, before "events" came to mean webinars and roundtables; that
// spelling still works (cli/commands/events.ts) and says where the command went.
import type { Command } from 'commander';
import { commandGroups } from '../groups';
import { recordEngagement } from '../../engagement/record-engagement';
import { eventTypes } from '../../domain/journey/vocabulary';
import { ingestibleEventTypes } from '../../domain/engagement/ingested-event';
import { printJsonOrLines, UserError, withDb } from '../runtime';
import { emailKey } from '../../domain/accounts/email-address';

/** The send command on a group; `notice` is printed on stderr first (the old spelling). */
export function addSendCommand(group: Command, notice?: string) {
  group
    .command('send <type>')
    .description(`Record an engagement event as if it came from a tracked link or a form (${ingestibleEventTypes.join(', ')})`)
    .requiredOption('--contact <email>', 'the contact who engaged')
    .option('--tag <tag>', 'link or page tag, e.g. pricing')
    .option('--json', 'machine-readable output')
    .action(async (type: string, opts: { contact: string; tag?: string; json?: boolean }) => {
      if (notice) process.stderr.write(`${notice}\n`);
      // The API's rule: a programme-event answer recorded here would count in the report and in no
      // event's seats, waitlist or `programme-events show`.
      const known = ingestibleEventTypes.find((t) => t === type);
      if (!known && (eventTypes as readonly string[]).includes(type)) {
        throw new UserError(
          `"${type}" is a programme-event answer: registrations come through the invitation links, attendance with "harpoon programme-events attendance <event-key> <file>"; engagement send takes ${ingestibleEventTypes.join(', ')}.`,
        );
      }
      if (!known) throw new UserError(`Unknown event type "${type}": expected one of ${ingestibleEventTypes.join(', ')}.`);
      // Only the database: the journey dispatcher (npm start, npm run worker) delivers the event,
      // whether or not Temporal is reachable right now.
      // Named as it is stored (lower case, an internationalised domain in punycode), however it was typed.
      const contact = emailKey(opts.contact);
      await withDb(async (db) =>
        printJsonOrLines(opts.json, await recordEngagement(db, { type: known, contact: { email: contact }, tag: opts.tag, source: 'cli' }), (result) => [
          result.outcome === 'no_change' ? `${contact} is not subscribed: nothing to record` : `${type} recorded for ${contact}; queued for ${result.queued.length} running journey(s)`,
        ]),
      );
    });
}

export function registerEngagementCommands(program: Command) {
  addSendCommand(program.command('engagement').description(commandGroups.engagement));
}
