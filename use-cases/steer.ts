// Operators' actions on an account's running journeys: pause, resume, stop.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { pauseSignal, resumeSignal, stopSignal } from '../workflows/journey-api';

export type SteerAction = 'pause' | 'resume' | 'stop';

export async function steerJourneys(
  db: Db,
  client: Client,
  target: { accountId: string; journeyKey?: string },
  action: SteerAction,
  reason: string,
): Promise<string[]> {
  const runs = await db.journeyRun.findMany({
    where: { accountId: target.accountId, journeyKey: target.journeyKey, status: { in: ['running', 'paused'] } },
    select: { workflowId: true },
  });
  for (const { workflowId } of runs) {
    const handle = client.workflow.getHandle(workflowId);
    if (action === 'pause') await handle.signal(pauseSignal, { reason });
    else if (action === 'resume') await handle.signal(resumeSignal);
    else await handle.signal(stopSignal, { reason });
  }
  return runs.map((r) => r.workflowId);
}
