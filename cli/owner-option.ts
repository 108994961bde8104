// `--owner <email>` on the sales and rep-task commands: whose work to list, or as which rep to act.
// Refused when empty: an unset shell variable (`--owner "$REP"`) was read as no owner at all, which
// lists every rep's work and acts as an operator, while the API refuses `?owner=`.
import { Option } from 'commander';
import type { Db } from '../db/client';
import { operator, type ActingUser } from '../domain/access/acting-user';
import { findRep } from '../use-cases/sales-tasks';
import { UserError } from './user-error';

function ownerEmail(text: string): string {
  if (text.trim() === '') throw new UserError(`--owner is empty: expected a sales rep's e-mail address (list them with "harpoon accounts reps list"), or no --owner at all`);
  return text;
}

export const ownerOption = (description: string) => new Option('--owner <email>', description).argParser(ownerEmail);

/** As an action's `--owner`: that rep, who reaches their own tasks only. */
export const actingOwnerOption = () => ownerOption('act as this rep: refused unless the task is theirs');

/** The rep an action's `--owner` names; without it, an operator. */
export const actingAs = async (db: Db, owner: string | undefined): Promise<ActingUser> => (owner === undefined ? operator : { role: 'sales', rep: await findRep(db, owner) });
