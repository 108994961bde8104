// Harpoon's task queues. Journeys (workflows and their bookkeeping activities) run on the configured
// queue; email sends on a queue of their own beside it, where the relay's rate limit applies
// (worker/create-worker.ts). Workflow code derives the sends queue from its own task queue, so
// every workflow finds it (journeys started long ago too) without carrying it in its input.
// No imports: the workflow bundle includes this file.

/** The queue the email sends of workflows on `taskQueue` go to: one relay, one sends queue. */
export function sendsTaskQueue(taskQueue: string): string {
  return `${taskQueue}-sends`;
}
