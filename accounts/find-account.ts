// Finding an account by what people type: any form of its domain ("https://www.Acme.com/" finds
// acme.com). The way the rest of the product looks accounts up by their natural key.
import type { Db, Tx } from '../db/client';
import { normaliseDomain } from '../domain/accounts/domain-name';

export async function findAccountByDomain(db: Db | Tx, domain: string) {
  const normalised = normaliseDomain(domain);
  return normalised ? db.account.findUnique({ where: { domain: normalised } }) : null;
}
