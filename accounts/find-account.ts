// Finding an account by what people type: any form of its domain ("https://www.Acme.com/" finds
// acme.com). The way the rest of the product looks accounts up by their natural key.
import type { Db, Tx } from '../db/client';
import { reaches, type ActingUser } from '../domain/access/acting-user';
import { normaliseDomain } from '../domain/accounts/domain-name';
import { forbidden, notFound } from '../domain/use-case-error';

export async function findAccountByDomain(db: Db | Tx, domain: string) {
  const normalised = normaliseDomain(domain);
  return normalised ? db.account.findUnique({ where: { domain: normalised } }) : null;
}

/** An account by its id or any form of its domain, as the actor may see it: a rep, the accounts they own. */
export async function accountFor(db: Db, actor: ActingUser, ref: string) {
  const account = (await db.account.findUnique({ where: { id: ref } })) ?? (await findAccountByDomain(db, ref));
  if (!account) throw notFound(`No account with id or domain "${ref}". List them with "harpoon accounts list".`);
  if (!reaches(actor, account.ownerId)) throw forbidden(`${account.domain} is owned by another rep: a rep sees their own accounts only`);
  return account;
}
