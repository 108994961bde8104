// Inbound CRM sync: deals won or lost in the CRM reach their Harpoon sales tasks, and through the
// tasks' workflows the journeys. Reads the deals changed since the CRM's cursor, maps each through
// the link table to its task, decides by the conflict rules (crm-mapping.ts inboundDecision) and
// applies an outcome only through the sales use-case, as a person's action would be. A conflict is
// written on the account's timeline, where the people who must correct one side by hand look. The
// cursor moves past a deal once it is handled, so a failure part-way resumes where it stopped.
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { operator } from '../../domain/access/acting-user';
import { UseCaseError } from '../../domain/use-case-error';
import { nameFields } from '../../domain/fields/field-ref';
import { actOnTask } from '../../use-cases/sales-tasks';
import { changedDeals, dealObjectType } from './changed-deals';
import { recordTouch } from '../../timeline/record-touch';
import { crmNames, type CrmConnection, type CrmKind } from './crm-connection';
import { inboundDecision } from './crm-mapping';
import { harpoonKeyOf } from './link-store';

export type InboundReport = {
  crm: CrmKind;
  /** Deals the CRM changed since the cursor. */
  read: number;
  /** One line per task that took the CRM's outcome. */
  applied: string[];
  /** Outcomes the rules kept out of Harpoon, or the task's workflow refused, with why. */
  conflicts: string[];
  /** Deals that are not Harpoon's (no link): left alone. */
  unknown: number;
  /** Where the next sync starts. */
  cursor: string;
};

/** Where a CRM's first sync starts: an hour before the first deal Harpoon linked (none: now). */
async function startingPoint(db: Db, crm: CrmKind): Promise<Date> {
  const stored = await db.crmCursor.findUnique({ where: { crm } });
  if (stored) return stored.modifiedSince;
  const first = await db.crmLink.findFirst({ where: { crm, objectType: dealObjectType[crm] }, orderBy: { createdAt: 'asc' } });
  return new Date((first?.createdAt.getTime() ?? Date.now()) - 3_600_000);
}

export async function syncCrmOutcomes(db: Db, crm: CrmConnection, temporal: () => Promise<Client>, opts: { since?: Date } = {}): Promise<InboundReport> {
  let cursor = opts.since ?? (await startingPoint(db, crm.kind));
  const deals = await changedDeals(crm, cursor);
  const report: InboundReport = { crm: crm.kind, read: deals.length, applied: [], conflicts: [], unknown: 0, cursor: cursor.toISOString() };
  const save = (to: Date) => db.crmCursor.upsert({ where: { crm: crm.kind }, create: { crm: crm.kind, modifiedSince: to }, update: { modifiedSince: to } });
  for (const deal of deals) {
    const taskId = await harpoonKeyOf(db, crm.kind, dealObjectType[crm.kind], deal.crmId);
    const task = taskId ? await db.salesTask.findUnique({ where: { id: taskId } }) : null;
    if (!task) report.unknown++;
    else {
      // Once per change of the deal: a sync that reads the same change again records nothing twice.
      const conflict = async (why: string) => {
        report.conflicts.push(`deal ${deal.crmId}: ${why}`);
        await recordTouch(db, {
          idempotencyKey: `crm|${crm.kind}|${deal.crmId}|${deal.modifiedAt.getTime()}|conflict`,
          accountId: task.accountId,
          type: 'crm_conflict',
          detail: { crm: crmNames[crm.kind], deal: deal.crmId, task: task.id, outcome: deal.state.outcome, why },
          at: new Date(),
        });
      };
      const decision = inboundDecision(task, deal.state);
      if (decision.kind === 'conflict') await conflict(decision.why);
      if (decision.kind === 'apply') {
        try {
          for (const action of decision.actions) await actOnTask(db, temporal, operator, task.id, action);
          report.applied.push(`deal ${deal.crmId}: ${decision.why}`);
        } catch (err) {
          // The task's workflow said no (it moved on meanwhile): reported; anything else is retried next round.
          if (!(err instanceof UseCaseError)) throw err;
          // A field named in the refusal is the deal's (its currency, say).
          await conflict(`not applied, ${nameFields(err.message, (name) => `the deal's ${name}`)}`);
        }
      }
    }
    // HubSpot's filter is "at or after": the next read starts just past this change.
    cursor = new Date(Math.max(cursor.getTime(), deal.modifiedAt.getTime() + 1));
    await save(cursor);
  }
  report.cursor = cursor.toISOString();
  return report;
}
