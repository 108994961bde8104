// The open-journeys benchmark's baseline: what a journey's wait is on Temporal alone. One activity,
// a sleep, one activity at the wake-up (told when the sleep was due, it says how late it runs), then
// a long sleep that keeps the workflow open.
import { proxyActivities, sleep } from '@temporalio/workflow';

const { firstStep, wokeUp } = proxyActivities<{ firstStep(id: string): Promise<void>; wokeUp(id: string, dueMs: number): Promise<void> }>({
  startToCloseTimeout: '1 minute',
});

export async function sleeper(id: string, napMs: number): Promise<void> {
  await firstStep(id);
  const dueMs = Date.now() + napMs;
  await sleep(napMs);
  await wokeUp(id, dueMs);
  await sleep('30 days');
}
