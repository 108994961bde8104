// `harpoon contacts ...`: the people in each account's buying group.
import type { Command } from 'commander';
import { commandGroups } from '../groups';
import { contactImporter } from '../../accounts/import-contacts';
import { notifyContactChanges } from '../../client/notify-contact-changes';
import type { Db } from '../../db/client';
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
    'Import or update contacts by email',
    (opts) => contactImporter({ createAccounts: Boolean(opts.createAccounts) }),
    tellRunningJourneys,
  ).option('--create-accounts', 'add an unknown account domain as a candidate account instead of rejecting the row');
}
