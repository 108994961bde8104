// Finding what a path names, or answering 404 / 403: shared by the resources that name accounts.
import type { FastifyRequest } from 'fastify';
import { findAccountByDomain } from '../../accounts/find-account';
import type { Db } from '../../db/client';
import { repOf } from '../auth';
import { ApiError, notFound } from '../../http/errors';

/** An account by its domain (any form) or id; a sales key only reaches the accounts its rep owns. */
export async function accountFor(db: Db, req: FastifyRequest, ref: string) {
  const account = (await db.account.findUnique({ where: { id: ref } })) ?? (await findAccountByDomain(db, ref));
  if (!account) throw notFound(`no account with id or domain "${ref}": GET /v1/accounts lists them`);
  const rep = repOf(req);
  if (rep && account.ownerId !== rep.id) throw new ApiError(403, `${account.domain} is not owned by this key's rep`);
  return account;
}
