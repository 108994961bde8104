// Builds a Harpoon worker: the workflow bundle plus activities bound to their dependencies.
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export type WorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Worker Versioning: this worker serves one version of the deployment; unset: unversioned. */
  deployment?: { name: string; buildId: string };
  /** The payload codec (temporal/data-converter.ts); also what the activities' own client uses. */
  dataConverter?: DataConverter;
};

export function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowsPath,
    activities: createActivities(opts.deps),
    // Each workflow declares its own behaviour (workflows/versioning.ts); this default covers any
    // that does not: move to the current version at the next workflow task.
    workerDeploymentOptions: opts.deployment
      ? {
          useWorkerVersioning: true,
          version: { deploymentName: opts.deployment.name, buildId: opts.deployment.buildId },
          defaultVersioningBehavior: 'AUTO_UPGRADE',
        }
      : undefined,
    dataConverter: opts.dataConverter,
  });
}
