// A target account for tests whose point is not the account itself: named by its slug
// (<slug>.example), tier 2 unless told, with contacts given by the local part of their email; the
// first is the champion, the others users. Its contacts come back in email order.
import type { Db } from '../../db/client';

export function createTargetAccount(db: Db, slug: string, opts: { contacts: string[]; ownerId?: string; tier?: number }) {
  return db.account.create({
    data: {
      domain: `${slug}.example`,
      name: slug,
      tier: opts.tier ?? 2,
      poolStatus: 'target',
      ownerId: opts.ownerId,
      contacts: { create: opts.contacts.map((local, i) => ({ email: `${local}@${slug}.example`, role: i === 0 ? 'champion' : 'user' })) },
    },
    include: { contacts: { orderBy: { email: 'asc' } } },
  });
}
