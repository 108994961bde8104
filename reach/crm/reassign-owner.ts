// handoff.reassigned in a CRM, the same for both vendors: the records Harpoon made for the task (its
// task, and its deal once there is one) get the task's owner now, looked up as when they were made.
// Nothing is ever made for a reassignment: a record not made yet is made with the owner of that
// moment when its own event syncs. An owner the CRM cannot take (no user there, or the task back in
// the sales queue) is not blanked: the CRM keeps the previous one, and the outcome says so and why.
import type { CrmSyncOutcome } from './crm-sync-outcome';

/** A record of the task in the CRM: as linked (null: not made yet), and whether the task should have one by now. */
export type OwnedRecord = { objectType: string; crmId: string | null; due: boolean };

export type Reassignment = {
  vendor: 'HubSpot' | 'Salesforce';
  taskId: string;
  records: OwnedRecord[];
  /** The task's owner now, and the CRM user with that e-mail (null: none). Asked only when a record is there to change. */
  owner: () => Promise<{ email: string | null; crmId: string | null }>;
  setOwner: (objectType: string, crmId: string, ownerCrmId: string) => Promise<void>;
};

export async function reassignOwner(r: Reassignment): Promise<Pick<CrmSyncOutcome, 'records' | 'skipped'>> {
  const made = r.records.filter((x): x is OwnedRecord & { crmId: string } => x.crmId !== null);
  const later = r.records
    .filter((x) => x.crmId === null && x.due)
    .map((x) => `no ${x.objectType} of ${r.taskId} in ${r.vendor} yet: it will be created with the task's current owner when its event syncs`);
  if (made.length === 0) {
    // Nothing is wrong, so the delivery is not refused: the handoff's own sync makes it with the owner then.
    return { records: [`${r.taskId} is not in ${r.vendor} yet (its handoff has not synced): nothing to reassign; its task will be created with its current owner when its handoff syncs`], skipped: null };
  }
  const { email, crmId: ownerId } = await r.owner();
  if (email === null || ownerId === null) {
    const kept = made.map((x) => `${x.objectType} ${x.crmId}`).join(' and ');
    const why =
      email === null
        ? `${r.taskId} went back to the sales queue in Harpoon (no owner), and Harpoon does not blank an owner in ${r.vendor}: assign ${kept} there, or give the account an owner in Harpoon (that reassignment syncs too)`
        : `${email}, the new owner of ${r.taskId}, has no ${r.vendor === 'Salesforce' ? 'active user' : 'user (owner)'} in ${r.vendor}: add them there and replay this delivery`;
    return { records: [...made.map((x) => `kept the previous owner of ${x.objectType} ${x.crmId} (${r.taskId})`), ...later], skipped: `${r.vendor} keeps the previous owner of ${kept}: ${why}` };
  }
  const lines: string[] = [];
  for (const x of made) {
    // The same owner again (a retry, a replay, a second move) is a harmless repeat.
    await r.setOwner(x.objectType, x.crmId, ownerId);
    lines.push(`updated ${x.objectType} ${x.crmId} owner to ${ownerId} (${email})`);
  }
  return { records: [...lines, ...later], skipped: null };
}
