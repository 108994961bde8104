// `harpoon contacts ...`: the people in each account's buying group.
import type { Command } from 'commander';
import { contactImporter } from '../../accounts/import-contacts';
import { addImportCommand } from './accounts';

export function registerContactCommands(program: Command): void {
  const contacts = program.command('contacts').description('Contacts: the buying group of each account, with roles and consent');
  addImportCommand(contacts, 'import', 'Import or update contacts by email', (opts) =>
    contactImporter({ createAccounts: Boolean(opts.createAccounts) }),
  ).option('--create-accounts', 'add an unknown account domain as a candidate account instead of rejecting the row');
}
