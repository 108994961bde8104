// After contacts change outside a journey (an import), the account's running journeys hear of it,
// so a buying group that has just unsubscribed ends its journey now rather than at the next send.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { ConsentState } from '../domain/accounts/vocabulary';
import { contactChangedSignal } from '../workflows/journey-api';

export async function notifyContactChanges(db: Db, client: Client, since: Date): Promise<number> {
  const changed = await db.contact.findMany({
    where: { updatedAt: { gte: since } },
    select: { id: true, accountId: true, createdAt: true, consent: true, consentAt: true },
  });
  const relevant = changed.filter((c) => c.createdAt >= since || (c.consentAt !== null && c.consentAt >= since));
  if (relevant.length === 0) return 0;
  const runs = await db.journeyRun.findMany({
    where: { accountId: { in: [...new Set(relevant.map((c) => c.accountId))] }, status: { in: ['running', 'paused'] } },
    select: { workflowId: true, accountId: true },
  });
  let signalled = 0;
  for (const run of runs) {
    for (const contact of relevant.filter((c) => c.accountId === run.accountId)) {
      const change = contact.createdAt >= since ? 'added' : 'consent';
      try {
        await client.workflow.getHandle(run.workflowId).signal(contactChangedSignal, {
          version: 1,
          contactId: contact.id,
          change,
          consent: contact.consent as ConsentState,
        });
        signalled++;
      } catch {
        // The journey ended meanwhile: nothing left to tell.
      }
    }
  }
  return signalled;
}
