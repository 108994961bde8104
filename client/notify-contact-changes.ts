// After contacts change outside a journey (an import), the account's running journeys hear of it,
// so a buying group that has just unsubscribed ends its journey now rather than at the next send.
// The changes are queued in the engagement outbox and delivered by the dispatcher, so an import
// never waits for Temporal. Each change has an event id made from what changed and when, so running
// this twice queues nothing new and a journey that hears a change twice counts it once.
import type { Db } from '../db/client';
import type { ConsentState } from '../domain/accounts/vocabulary';
import type { ContactChangedSignal } from '../workflows/journey-api';
import { listeningJourneys, queueDeliveries } from './journey-outbox';

/** Queues a contactChanged delivery per change since `since` and running journey; returns how many. */
export async function notifyContactChanges(db: Db, since: Date): Promise<number> {
  const changed = await db.contact.findMany({
    where: { updatedAt: { gte: since } },
    select: { id: true, accountId: true, createdAt: true, consent: true, consentAt: true },
    orderBy: { updatedAt: 'asc' },
  });
  const relevant = changed.filter((c) => c.createdAt >= since || (c.consentAt !== null && c.consentAt >= since));
  if (relevant.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const journeys = await listeningJourneys(tx, [...new Set(relevant.map((c) => c.accountId))]);
    let queued = 0;
    for (const contact of relevant) {
      const workflowIds = journeys.filter((j) => j.accountId === contact.accountId).map((j) => j.workflowId);
      if (workflowIds.length === 0) continue;
      const added = contact.createdAt >= since;
      const change: ContactChangedSignal['change'] = added ? 'added' : 'consent';
      const changedAt = added ? contact.createdAt : contact.consentAt!;
      const payload = {
        version: 1 as const,
        eventId: `contact|${contact.id}|${change}|${changedAt.getTime()}`,
        contactId: contact.id,
        change,
        consent: contact.consent as ConsentState,
      };
      queued += (await queueDeliveries(tx, contact.accountId, workflowIds, { kind: 'contactChanged', payload })).length;
    }
    return queued;
  });
}
