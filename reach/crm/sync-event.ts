// Outbound CRM sync: one ReachEvent into one CRM, the entry point the reach feed calls for a CRM
// target (its Temporal retry policy retries what throws). Idempotent: every record goes through the
// link table and a search before a create (link-store.ts), so a retry, a redelivery or a crash
// between a create and its link makes nothing twice. Throws CrmError (retryable or not, and after
// how long) for the CRM's refusals; other errors (the database) are retryable by nature.
import type { Db } from '../../db/client';
import type { ReachEvent, ReachEventType } from '../reach-event';
import type { CrmConnection } from './crm-connection';
import type { CrmSyncOutcome } from './crm-sync-outcome';
import { loadEventFacts } from './event-facts';
import { hubspotSync } from './hubspot-sync';
import { salesforceSync } from './salesforce-sync';

/**
 * What each event becomes in a CRM: the handoff's people and task, the deal, or a new owner on the
 * task and deal made before (reassign-owner.ts); the others nothing.
 */
const syncedAs: Partial<Record<ReachEventType, 'handoff' | 'deal' | 'owner'>> = {
  'handoff.created': 'handoff',
  'handoff.reassigned': 'owner',
  opportunity: 'deal',
  won: 'deal',
  lost: 'deal',
};

/** The events a CRM target of the reach feed hears. */
export const crmEventTypes = Object.keys(syncedAs) as ReachEventType[];

export async function syncEventToCrm(db: Db, crm: CrmConnection, event: ReachEvent): Promise<CrmSyncOutcome> {
  const outcome = (records: string[], skipped: string | null): CrmSyncOutcome => ({ crm: crm.kind, eventId: event.id, records, skipped });
  const part = syncedAs[event.type];
  if (!part) return outcome([], `${event.type} is not synced to a CRM (only ${crmEventTypes.join(', ')} are)`);
  const facts = await loadEventFacts(db, event);
  if (!facts) return outcome([], `the account ${event.accountId} no longer exists in Harpoon`);
  if (!facts.task) return outcome([], `${event.type} ${event.id} names no sales task Harpoon has`);
  const sync = crm.kind === 'hubspot' ? hubspotSync(db, crm) : salesforceSync(db, crm);
  if (part === 'owner') {
    const moved = await sync.owner(facts.task);
    return outcome(moved.records, moved.skipped);
  }
  return outcome(await sync[part](facts, facts.task), null);
}
