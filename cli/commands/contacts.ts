// `harpoon contacts ...`: the people in each account's buying group.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { commandGroups } from '../groups';
import { contactImporter } from '../../accounts/import-contacts';
import { notifyContactChanges } from '../../client/notify-contact-changes';
import type { Db } from '../../db/client';
import { erasePersonalData, exportPersonalData } from '../../use-cases/personal-data';
import { printJson, printJsonOrLines, withDb } from '../runtime';
import { addImportCommand } from './accounts';

/** Queues new contacts and consent changes for running journeys; the journey dispatcher delivers them. */
async function tellRunningJourneys(db: Db, since: Date): Promise<void> {
  const queued = await notifyContactChanges(db, since);
  if (queued > 0) process.stderr.write(`Queued ${queued} contact change(s) for running journeys.\n`);
}

export function registerContactCommands(program: Command): void {
  const contacts = program.command('contacts').description(commandGroups.contacts);
  addImportCommand(
    contacts,
    'import',
    'Import or update contacts by email (a new contact without a consent value is subscribed, under legitimate interest; the report counts them)',
    (opts) => contactImporter({ createAccounts: Boolean(opts.createAccounts) }),
    tellRunningJourneys,
  ).option('--create-accounts', 'add an unknown account domain as a candidate account instead of rejecting the row');

  contacts
    .command('export <email-or-id>')
    .description('Everything Harpoon holds about a person, as JSON (a data-subject access request)')
    .option('--out <file>', 'write it to this file instead of printing it')
    .action((ref: string, opts: { out?: string }) =>
      withDb(async (db, cfg) => {
        const data = await exportPersonalData(db, ref, cfg.smtp.outboxDir);
        if (!opts.out) return printJson(data);
        writeFileSync(opts.out, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
        console.log(`Wrote what Harpoon holds about contact ${data.contact.id} to ${opts.out}.`);
      }),
    );

  contacts
    .command('erase <email-or-id>')
    .description("Erase a person on their request: name and address removed from the database, timeline and outbox; counts kept anonymous; a hash kept so no import brings them back; their journeys told")
    .requiredOption('--reason <text>', 'why, kept with the suppression (e.g. "their request of 2026-12-01")')
    .option('--json', 'machine-readable output')
    .action(function (this: Command, ref: string, opts: { reason: string; json?: boolean }) {
      return withDb(async (db, cfg) => {
        const r = await erasePersonalData(db, ref, { reason: opts.reason, outboxDir: cfg.smtp.outboxDir });
        // The audit log records the command's options after it ran, and keeps them for good: it gets
        // the reason as the suppression keeps it, without the person's name or address.
        this.setOptionValue('reason', r.reasonKept);
        printJsonOrLines(opts.json, r, (x) => [
          `Erased contact ${x.contactId} of ${x.account}: ${x.touchesAnonymised} timeline entries kept as anonymous counts, ${x.mentionsRemoved} other records cleaned of their name and address, ${x.unmatchedDeleted} unmatched events deleted, ${x.messagesDeleted.length} stored messages deleted.`,
          ...(x.eventAnswersWithdrawn > 0 ? [`Withdrew from ${x.eventAnswersWithdrawn} event(s) ahead: a seat they held went to the first on the waitlist.`] : []),
          x.journeysTold > 0 ? `Queued the change for ${x.journeysTold} running journey(s).` : 'No running journey to tell.',
          'A hash of the address is kept: imports leave the person out and nobody mails them again.',
        ]);
      });
    });
}
