// Delivers one reach event to one target (a webhook, a chat channel): the activity makes one HTTP
// attempt and records it; Temporal retries it with exponential backoff, sooner or later when the
// receiver said Retry-After, for about an hour. A refusal (4xx) is not retried. When the attempts run
// out the delivery is marked failed, to be replayed by a person (harpoon webhooks replay).
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { acts } from './activity-proxies';
import type { ReachDeliveryInput } from './reach-delivery-api';

/** 1 s, 2 s, 4 s ... up to 10 minutes apart: 15 attempts span about an hour. */
const reachRetry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 15 } as const;

const { attemptReachDelivery } = proxyActivities<Pick<Activities, 'attemptReachDelivery'>>({
  // Above the HTTP timeout of one attempt (activities/reach.ts), so the attempt records its own outcome.
  startToCloseTimeout: '1 minute',
  retry: { ...reachRetry, nonRetryableErrorTypes: ['ReachRefused'] },
});

export async function reachDelivery(input: ReachDeliveryInput): Promise<'delivered' | 'failed'> {
  try {
    await attemptReachDelivery(input);
    return 'delivered';
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    await acts.markReachDeliveryFailed({ ...input, error: err.cause?.message ?? err.message });
    return 'failed';
  }
}
