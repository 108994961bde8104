// The people of one account, named for whoever reads that account's timeline or journeys: the doors
// check who may read the account (marketing, admin, the rep who owns it) before they get here, and
// only this account's contacts are named.
import type { Db } from '../db/client';
import type { People } from '../domain/timeline/mentions';
import { fullName } from '../mail/person-name';

export const personLabel = (c: { firstName: string | null; lastName: string | null; email: string }) => fullName(c.firstName ?? '', c.lastName ?? '') || c.email;

export async function peopleOf(db: Db, accountId: string): Promise<People> {
  const contacts = await db.contact.findMany({ where: { accountId }, select: { id: true, firstName: true, lastName: true, email: true } });
  return new Map(contacts.map((c) => [c.id, personLabel(c)]));
}
