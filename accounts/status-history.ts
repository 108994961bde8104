// The status history: every change of tier, tier override or pool status, with old and new value,
// reason and actor, so "why is this account here?" always has an answer.
import type { Tx } from '../db/client';
import type { Actor } from '../domain/accounts/vocabulary';
import { batches } from '../db/transaction';

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
}
