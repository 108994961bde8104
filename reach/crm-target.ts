// CRM sync as a target of the reach feed: each configured CRM (HARPOON_HUBSPOT_*,
// HARPOON_SALESFORCE_*) is one ReachTarget of kind `crm`, so its events get the feed's durable
// deliveries, retries, failure list and replay like a webhook's. The row is kept in step with the
// configuration by the fan-out; its id names the CRM, so every worker node writes the same row.
import type { Db } from '../db/client';
import type { CrmConnection, CrmKind } from './crm/crm-connection';
import { crmNames } from './crm/crm-connection';
import { CrmError } from './crm/crm-error';
import { crmEventTypes, syncEventToCrm } from './crm/sync-event';
import type { AttemptOutcome } from './http-attempt';
import type { ReachEvent } from './reach-event';

const crmKinds = Object.keys(crmNames) as CrmKind[];
export const crmTargetId = (kind: CrmKind) => `crm-${kind}`;

/** A target for each configured CRM; the target of a CRM no longer configured is removed (its history stays). */
export async function keepCrmTargets(db: Db, crms: CrmConnection[]): Promise<void> {
  const configured = new Set(crms.map((c) => c.kind));
  for (const kind of crmKinds) {
    const id = crmTargetId(kind);
    if (configured.has(kind)) {
      const row = { kind: 'crm', url: kind, events: crmEventTypes.join(','), removedAt: null };
      await db.reachTarget.upsert({ where: { id }, create: { id, ...row }, update: row });
    } else {
      await db.reachTarget.updateMany({ where: { id, removedAt: null }, data: { removedAt: new Date() } });
    }
  }
}

/** One attempt at syncing an event into the CRM a target names (its `url` is the CRM's kind). */
export async function deliverToCrm(db: Db, crms: CrmConnection[], event: ReachEvent, crmKind: string): Promise<AttemptOutcome> {
  const crm = crms.find((c) => c.kind === crmKind);
  if (!crm) return { kind: 'refused', status: null, error: `${crmKind} is not configured on this worker (see "harpoon crm status"); configure it and replay the delivery` };
  try {
    const outcome = await syncEventToCrm(db, crm, event);
    return outcome.skipped ? { kind: 'refused', status: null, error: outcome.skipped } : { kind: 'delivered', status: null };
  } catch (err) {
    if (!(err instanceof CrmError)) throw err;
    return err.retryable
      ? { kind: 'retry', status: null, error: err.message, ...(err.retryAfterMs !== null ? { retryAfterMs: err.retryAfterMs } : {}) }
      : { kind: 'refused', status: null, error: err.message };
  }
}
