// Emails a journey has rendered but the mail relay has not taken yet, because it was unreachable:
// what `journeys status` shows as "waiting for the mail relay since …".
import type { Db } from '../db/client';

export type RelayWait = { count: number; since: Date; lastError: string | null };

export async function emailsWaitingForRelay(db: Db, workflowIds: string[]): Promise<Map<string, RelayWait>> {
  const rows = await db.emailSend.findMany({
    where: { workflowId: { in: workflowIds }, status: 'queued', relayWaitSince: { not: null } },
    select: { workflowId: true, relayWaitSince: true, error: true },
    orderBy: { relayWaitSince: 'asc' },
  });
  const waits = new Map<string, RelayWait>();
  for (const row of rows) {
    const wait = waits.get(row.workflowId);
    if (wait) {
      wait.count++;
      wait.lastError = row.error ?? wait.lastError;
    } else waits.set(row.workflowId, { count: 1, since: row.relayWaitSince!, lastError: row.error });
  }
  return waits;
}
