// Builds Harpoon's workers: one for journeys (the workflow bundle and the activities bound to their
// dependencies) and one for email sends, each on its own task queue, sharing one connection.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { sendsTaskQueue } from '../config/task-queues';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** What a worker process polls for: journeys (workflows, bookkeeping) and sends (emails to the relay). */
export type WorkerRole = 'journeys' | 'sends';
export const workerRoles: readonly WorkerRole[] = ['journeys', 'sends'];

export type WorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  /** The journeys' queue; sends go to the queue beside it (config/task-queues.ts). */
  taskQueue: string;
  deps: ActivityDeps;
  /** Both by default. */
  roles?: readonly WorkerRole[];
  /**
   * Sends a second on the sends queue, enforced by the Temporal server for every worker polling it
   * (not per worker); undefined: no limit.
   */
  sendsPerSecond?: number;
};

export async function createWorkers(opts: WorkerOptions): Promise<Worker[]> {
  const roles = opts.roles ?? workerRoles;
  // One set of activities for both workers: sends share the relay's health and their commits.
  const activities = createActivities(opts.deps);
  const workers: Worker[] = [];
  if (roles.includes('journeys')) {
    workers.push(
      await Worker.create({
        connection: opts.connection,
        namespace: opts.namespace,
        taskQueue: opts.taskQueue,
        workflowsPath,
        // sendEmail stays here for the sends scheduled on this queue before sends had their own.
        activities,
      }),
    );
  }
  if (roles.includes('sends')) {
    workers.push(
      await Worker.create({
        connection: opts.connection,
        namespace: opts.namespace,
        taskQueue: sendsTaskQueue(opts.taskQueue),
        activities: { sendEmail: activities.sendEmail },
        ...(opts.sendsPerSecond === undefined ? {} : { maxTaskQueueActivitiesPerSecond: opts.sendsPerSecond }),
      }),
    );
  }
  return workers;
}
