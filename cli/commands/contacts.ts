// `harpoon contacts ...`: the people in each account's buying group.
import type { Command } from 'commander';
import { contactImporter } from '../../accounts/import-contacts';
import { notifyContactChanges } from '../../client/notify-contact-changes';
import { config } from '../../config/env';
import type { Db } from '../../db/client';
import { connectClient } from '../../temporal/connection';
import { addImportCommand } from './accounts';

/** Tells running journeys about new contacts and consent changes; the import stands either way. */
async function tellRunningJourneys(db: Db, since: Date): Promise<void> {
  let client;
  try {
    client = await connectClient(config());
    await client.connection.ensureConnected();
  } catch {
    process.stderr.write('Temporal is not reachable: running journeys will see the changes at their next email.\n');
    return;
  }
  try {
    const signalled = await notifyContactChanges(db, client, since);
    if (signalled > 0) process.stderr.write(`Told running journeys about ${signalled} contact change(s).\n`);
  } finally {
    await client.connection.close();
  }
}

export function registerContactCommands(program: Command): void {
  const contacts = program.command('contacts').description('Contacts: the buying group of each account, with roles and consent');
  addImportCommand(
    contacts,
    'import',
    'Import or update contacts by email',
    (opts) => contactImporter({ createAccounts: Boolean(opts.createAccounts) }),
    tellRunningJourneys,
  ).option('--create-accounts', 'add an unknown account domain as a candidate account instead of rejecting the row');
}
