// The status history: every change of tier, tier override or pool status, with old and new value,
// reason and actor, so "why is this account here?" always has an answer. Every pool status change
// goes through here, so here an account taken out of the pool also loses its open rep tasks.
import type { Tx } from '../db/client';
import type { Actor } from '../domain/accounts/vocabulary';
import { batches } from '../db/transaction';
import { poolExits } from '../domain/accounts/eligibility';
import { cancelOpenRepTasks } from '../use-cases/cancel-rep-tasks';
import { listeningJourneys, queueManyDeliveries } from '../client/journey-outbox';

export type StatusField = 'poolStatus' | 'tier' | 'tierOverride';

export type StatusChangeEntry = {
  accountId: string;
  field: StatusField;
  oldValue: string | number | null;
  newValue: string | number | null;
  reason: string;
  actor: Actor;
};

const text = (value: string | number | null) => (value === null ? null : String(value));

export async function recordStatusChanges(tx: Tx, entries: readonly StatusChangeEntry[]): Promise<void> {
  const at = new Date();
  for (const batch of batches(entries)) {
    await tx.statusChange.createMany({
      data: batch.map((e) => ({ ...e, oldValue: text(e.oldValue), newValue: text(e.newValue), at })),
    });
  }
  // As its journey email is skipped from now on, whatever a running journey planned.
  for (const status of poolExits) {
    const accountIds = entries.filter((e) => e.field === 'poolStatus' && e.newValue === status).map((e) => e.accountId);
    await cancelOpenRepTasks(tx, { of: { accountIds }, why: `the account was ${status}: no journey touches it now`, at });
    // Its running journeys hear it and end by their `account_retired` goal, instead of running on
    // with every email skipped.
    const journeys = await listeningJourneys(tx, accountIds);
    await queueManyDeliveries(
      tx,
      journeys.map(({ workflowId, accountId }) => ({
        accountId,
        workflowIds: [workflowId],
        delivery: { kind: 'accountChanged', payload: { version: 1, eventId: `pool|${accountId}|${status}|${at.getTime()}`, poolStatus: status } },
      })),
    );
  }
}
