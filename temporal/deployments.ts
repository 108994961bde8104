// Worker Versioning's deployment side (`harpoon admin deploy ...`): which version of Harpoon's
// workers is current, and promoting a new one. Workers join a version by their config
// (HARPOON_DEPLOYMENT_NAME, HARPOON_BUILD_ID); the server routes new workflows, and the next
// workflow task of every AUTO_UPGRADE one, to the current version.
import { isGrpcServiceError, type ConnectionLike } from '@temporalio/client';
// default import: @temporalio/proto is CommonJS, and tsx's native ESM sees no named exports in it
import proto from '@temporalio/proto';

const { WorkerDeploymentVersionStatus, VersionDrainageStatus } = proto.temporal.api.enums.v1;

/** The cluster refused or cannot do what was asked; `message` says why and what to do. */
export class DeploymentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeploymentError';
  }
}

const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;
const UNIMPLEMENTED = 12;

export type DeploymentVersionView = {
  buildId: string;
  /** current, ramping, draining, drained or inactive (never current yet). */
  status: string;
  /** For a draining or drained version: whether workflows may still need its workers. */
  drainage?: 'draining' | 'drained';
  createdAt?: string;
};
export type DeploymentView = { name: string; currentBuildId?: string; versions: DeploymentVersionView[] };

const statusName: Record<number, string> = {
  [WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE]: 'inactive',
  [WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT]: 'current',
  [WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING]: 'ramping',
  [WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING]: 'draining',
  [WorkerDeploymentVersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED]: 'drained',
};
const drainageName: Record<number, 'draining' | 'drained'> = {
  [VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINING]: 'draining',
  [VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINED]: 'drained',
};

const iso = (ts: { seconds?: unknown } | null | undefined) => (ts?.seconds != null ? new Date(Number(ts.seconds) * 1000).toISOString() : undefined);

function unsupported(err: unknown): DeploymentError | undefined {
  return isGrpcServiceError(err) && err.code === UNIMPLEMENTED
    ? new DeploymentError(`This Temporal server does not support Worker Deployments (${err.details}); upgrade the server, or unset HARPOON_DEPLOYMENT_NAME and HARPOON_BUILD_ID to run unversioned workers.`)
    : undefined;
}

export async function describeDeployment(connection: ConnectionLike, namespace: string, deploymentName: string): Promise<DeploymentView> {
  try {
    const { workerDeploymentInfo: info } = await connection.workflowService.describeWorkerDeployment({ namespace, deploymentName });
    return {
      name: deploymentName,
      currentBuildId: info?.routingConfig?.currentDeploymentVersion?.buildId ?? undefined,
      versions: (info?.versionSummaries ?? []).map((v) => ({
        buildId: v.deploymentVersion?.buildId ?? '',
        status: statusName[v.status ?? 0] ?? 'unknown',
        drainage: drainageName[v.drainageInfo?.status ?? v.drainageStatus ?? 0],
        createdAt: iso(v.createTime),
      })),
    };
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === NOT_FOUND) {
      throw new DeploymentError(
        `No Worker Deployment "${deploymentName}" in namespace "${namespace}" yet: start a worker with HARPOON_DEPLOYMENT_NAME=${deploymentName} and HARPOON_BUILD_ID set, and it appears.`,
      );
    }
    throw unsupported(err) ?? err;
  }
}

/**
 * Makes `buildId` the current version of the deployment: new workflows start on it, and running
 * AUTO_UPGRADE ones move to it at their next workflow task. Idempotent. Refused (in words) while no
 * worker of that version polls Harpoon's task queue.
 */
export async function setCurrentVersion(
  connection: ConnectionLike,
  opts: { namespace: string; deploymentName: string; buildId: string; identity: string },
): Promise<{ previousBuildId?: string }> {
  try {
    const response = await connection.workflowService.setWorkerDeploymentCurrentVersion({
      namespace: opts.namespace,
      deploymentName: opts.deploymentName,
      buildId: opts.buildId,
      identity: opts.identity,
    });
    return { previousBuildId: response.previousDeploymentVersion?.buildId ?? undefined };
  } catch (err) {
    if (isGrpcServiceError(err) && (err.code === NOT_FOUND || err.code === FAILED_PRECONDITION)) {
      throw new DeploymentError(
        `Cannot make build "${opts.buildId}" current in Worker Deployment "${opts.deploymentName}" (${err.details}). ` +
          `Start its workers first (HARPOON_DEPLOYMENT_NAME=${opts.deploymentName} HARPOON_BUILD_ID=${opts.buildId} npm run worker) and wait until they poll; ` +
          '"harpoon admin deploy show" lists the versions the server knows.',
      );
    }
    throw unsupported(err) ?? err;
  }
}
