// Operators' actions on an account's running journeys: pause, resume, stop. A pause and a resume
// are on the account's timeline once the journey has the signal (a stop is, when the journey ends).
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { recordTouch } from '../timeline/record-touch';
import { pauseSignal, resumeSignal, stopSignal } from '../workflows/journey-api';

export type SteerAction = 'pause' | 'resume' | 'stop';

/** What the timeline says of each action; a stop is recorded by the journey as it ends. */
const noted: Partial<Record<SteerAction, string>> = { pause: 'paused', resume: 'resumed' };

export async function steerJourneys(
  db: Db,
  client: Client,
  target: { accountId: string; journeyKey?: string },
  action: SteerAction,
  reason: string,
): Promise<string[]> {
  const runs = await db.journeyRun.findMany({
    where: { accountId: target.accountId, journeyKey: target.journeyKey, status: { in: ['running', 'paused'] } },
    select: { workflowId: true, journeyKey: true },
  });
  for (const { workflowId, journeyKey } of runs) {
    const handle = client.workflow.getHandle(workflowId);
    if (action === 'pause') await handle.signal(pauseSignal, { reason });
    else if (action === 'resume') await handle.signal(resumeSignal);
    else await handle.signal(stopSignal, { reason });
    const past = noted[action];
    if (!past) continue;
    const at = new Date();
    await recordTouch(db, {
      idempotencyKey: `${workflowId}|${action}|${at.getTime()}`,
      accountId: target.accountId,
      workflowId,
      journeyKey,
      type: `journey_${past}`,
      detail: { reason, text: `journey ${journeyKey} ${past}: ${reason}` },
      at,
    });
  }
  return runs.map((r) => r.workflowId);
}
