// The people who asked to be erased, recognised by the hash of their address
// (domain/privacy/erasure.ts): imports skip them and ingested events about them are kept anonymous.
import type { Db, Tx } from '../db/client';
import { batches } from '../db/transaction';
import { emailHash } from '../domain/privacy/erasure';
import { emailKey } from '../domain/accounts/email-address';

/** Of these addresses, the ones whose people asked to be erased. */
export async function suppressedAddresses(db: Db | Tx, emails: readonly string[]): Promise<Set<string>> {
  const byHash = new Map(emails.map((e) => [emailHash(e), emailKey(e)]));
  const found = new Set<string>();
  for (const batch of batches([...byHash.keys()])) {
    for (const r of await db.suppression.findMany({ where: { emailHash: { in: batch } }, select: { emailHash: true } })) found.add(byHash.get(r.emailHash)!);
  }
  return found;
}
