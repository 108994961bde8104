// Test-only workflow: plays a list of engagement events to a journey at their moments on the
// server's clock, so on the time-skipping server a journey hears months of engagement exactly when
// the forecast assumes it (a client sending signals could not hit those moments).
import { getExternalWorkflowHandle, sleep } from '@temporalio/workflow';
import { engagementSignal, type EngagementSignal } from '../../../workflows/journey-api';

/** Returns how many events the journey heard; stops at the first it cannot hear (it has ended). */
export async function playEngagement(journeyWorkflowId: string, events: EngagementSignal[]): Promise<number> {
  const journey = getExternalWorkflowHandle(journeyWorkflowId);
  let heard = 0;
  for (const event of events) {
    const wait = event.atMs - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      await journey.signal(engagementSignal, event);
    } catch {
      return heard;
    }
    heard++;
  }
  return heard;
}
