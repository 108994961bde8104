// The launch benchmark's baseline: the least a journey can be on Temporal, one activity and then a
// long sleep, started with no search attributes, memo or database.
import { proxyActivities, sleep } from '@temporalio/workflow';

const { firstStep } = proxyActivities<{ firstStep(accountId: string): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function noopJourney(accountId: string): Promise<void> {
  await firstStep(accountId);
  await sleep('30 days');
}
