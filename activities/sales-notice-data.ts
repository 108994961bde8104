// Loads what an internal sales email says, by the IDs the workflow passed: the task with its
// evidence, the account, the recipient (a rep, or the escalation queue) and the task's owner.
import type { Db } from '../db/client';
import type { HandoffEvidence } from '../domain/sales/evidence';
import type { SalesNotice, SalesNoticeData } from '../mail/sales-notice';

export async function loadSalesNotice(db: Db, notice: SalesNotice, queue: string): Promise<SalesNoticeData | null> {
  const task = await db.salesTask.findUnique({ where: { id: notice.taskId }, include: { account: true, owner: true } });
  if (!task) return null;
  const rep = notice.salesRepId ? await db.salesRep.findUnique({ where: { id: notice.salesRepId } }) : null;
  return {
    notice: notice.notice,
    taskId: task.id,
    to: rep?.email ?? queue,
    recipientName: rep?.name ?? null,
    ownerName: task.owner?.name ?? null,
    account: { name: task.account.name, domain: task.account.domain, tier: task.account.tierOverride ?? task.account.tier },
    evidence: task.evidence as unknown as HandoffEvidence,
    dueAt: task.dueAt,
    timeZone: task.owner?.timezone ?? task.account.timezone,
  };
}
