// How Harpoon's workflows call their activities, shared so every workflow retries the same way.
import { proxyActivities, proxyLocalActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { sendsTaskQueue } from '../config/task-queues';

const bookkeeping = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
} as const;

/**
 * Short database work whose answer the journey needs at once, run in the worker as local
 * activities: no round trip through the server's task queue and no extra workflow task, only a
 * marker in history. Idempotent like every activity: a local one may run again after a failed task.
 */
export const localActs = proxyLocalActivities<Pick<Activities, 'beginJourney' | 'resolveAudience' | 'recordStepsEntered'>>(bookkeeping);

// Sends wait inside the activity while the mail relay is down (heartbeating), up to a few minutes
// an attempt; the heartbeat timeout finds a worker that died meanwhile. Retries come quickly so a
// send resumes soon after a restart.
const sending = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

/** Short database and bookkeeping activities: retried with backoff until they succeed. */
export const acts = proxyActivities<Activities>(bookkeeping);

type Sender = Pick<Activities, 'sendEmail'>;

/**
 * Sends go to the sends queue beside the workflow's own (config/task-queues.ts), where the relay's
 * rate limit applies. Read from workflowInfo() at the call, as a module-level proxy has no workflow.
 * No patch: replay matches a scheduled activity by type and ID, not by task queue, so journeys that
 * scheduled their sends on their own queue replay unchanged (test/replay, histories up to v8).
 */
function sendsProxy(options: ActivityOptions): Sender {
  return {
    sendEmail: (request) => proxyActivities<Sender>({ ...options, taskQueue: sendsTaskQueue(workflowInfo().taskQueue) }).sendEmail(request),
  };
}

export const sender = sendsProxy(sending);

/**
 * The same activities with a limit on attempts, for steps with a failure policy
 * (domain/journey/failure-policy.ts): the call fails once every attempt has.
 */
export function limitedActivities(maximumAttempts: number) {
  // Proxies resolve activities by name on access: they cannot be spread.
  const { requestHandoff } = proxyActivities<Pick<Activities, 'requestHandoff'>>({ ...bookkeeping, retry: { ...bookkeeping.retry, maximumAttempts } });
  const { sendEmail } = sendsProxy({ ...sending, retry: { ...sending.retry, maximumAttempts } });
  return { requestHandoff, sendEmail };
}
