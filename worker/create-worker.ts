// Builds Harpoon's workers: one for journeys (the workflow bundle and the activities bound to their
// dependencies) and one for email sends, each on its own task queue, sharing one connection.
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions as SdkWorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
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
  /** Worker Versioning: both workers serve one version of the deployment; unset: unversioned. */
  deployment?: { name: string; buildId: string };
  /** The payload codec (temporal/data-converter.ts); also what the activities' own client uses. */
  dataConverter?: DataConverter;
  /** Both by default. */
  roles?: readonly WorkerRole[];
  /**
   * Sends a second on the sends queue, enforced by the Temporal server for every worker polling it
   * (not per worker); undefined: no limit.
   */
  sendsPerSecond?: number;
  /**
   * The journeys' workflow code bundled beforehand (bundleWorkflowCode of workflowsPath); unset: it
   * is bundled here, about a second of CPU. Tests that make many workers in one process share one.
   */
  workflowBundle?: WorkflowBundleOption;
};

/**
 * How long a journey's workflow task may wait on this worker's own (sticky) queue before the server
 * moves it to the shared queue. The SDK's 10 s moved wake-ups that came in a burst to the back of
 * the shared queue, behind every journey still being launched, which this worker polls least while
 * its own queue is busy: at 20,000 open journeys a wake-up waited 440 s there (README, "The
 * worker's cache and concurrency"). A worker that died costs no such wait: the server sends a task
 * straight to the shared queue once the sticky queue has had no poller for 10 s; only the tasks
 * already queued for it when it died wait this long.
 */
export const journeysWorkerTuning = { stickyQueueScheduleToStartTimeout: '60s' } as const satisfies Partial<SdkWorkerOptions>;

export async function createWorkers(opts: WorkerOptions): Promise<Worker[]> {
  const roles = opts.roles ?? workerRoles;
  // One set of activities for both workers: sends share the relay's health and their commits.
  const activities = createActivities(opts.deps);
  const common: Pick<SdkWorkerOptions, 'connection' | 'namespace' | 'dataConverter' | 'workerDeploymentOptions'> = {
    connection: opts.connection,
    namespace: opts.namespace,
    dataConverter: opts.dataConverter,
    // Every workflow moves to the current version at its next workflow task (workflows/index.ts says why).
    workerDeploymentOptions: opts.deployment
      ? {
          useWorkerVersioning: true,
          version: { deploymentName: opts.deployment.name, buildId: opts.deployment.buildId },
          defaultVersioningBehavior: 'AUTO_UPGRADE',
        }
      : undefined,
  };
  const workers: Worker[] = [];
  if (roles.includes('journeys')) {
    workers.push(
      await Worker.create({
        ...common,
        ...journeysWorkerTuning,
        taskQueue: opts.taskQueue,
        ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
        // sendEmail stays here for the sends scheduled on this queue before sends had their own.
        activities,
      }),
    );
  }
  if (roles.includes('sends')) {
    workers.push(
      await Worker.create({
        ...common,
        taskQueue: sendsTaskQueue(opts.taskQueue),
        activities: { sendEmail: activities.sendEmail },
        ...(opts.sendsPerSecond === undefined ? {} : { maxTaskQueueActivitiesPerSecond: opts.sendsPerSecond }),
      }),
    );
  }
  return workers;
}
