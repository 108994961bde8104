// How Harpoon's workflows call their activities, shared so every workflow retries the same way.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/** Short database and bookkeeping activities: retried with backoff until they succeed. */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * Short database work whose answer the journey needs at once, run in the worker as local
 * activities: no round trip through the server's task queue and no extra workflow task, only a
 * marker in history. Idempotent like every activity: a local one may run again after a failed task.
 */
export const localActs = proxyLocalActivities<Pick<Activities, 'beginJourney' | 'resolveAudience'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// Sends wait inside the activity while the mail relay is down (heartbeating), up to a few minutes
// an attempt; the heartbeat timeout finds a worker that died meanwhile. Retries come quickly so a
// send resumes soon after a restart.
export const sender = proxyActivities<Pick<Activities, 'sendEmail'>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
