import { findAccountByDomain } from '../accounts/find-account';
import type { Db } from '../db/client';
import { UserError } from './user-error';

/** Finds an account by its id or any form of its domain, or says plainly that there is none. */
export async function findAccount(db: Db, ref: string) {
  const account = (await db.account.findUnique({ where: { id: ref } })) ?? (await findAccountByDomain(db, ref));
  if (!account) throw new UserError(`No account with id or domain "${ref}". List them with "harpoon accounts list".`);
  return account;
}
