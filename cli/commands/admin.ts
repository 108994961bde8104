// `harpoon admin ...`: what an operator does to a Temporal cluster, not to marketing data. `setup`
// prepares the configured cluster once (namespace check, Harpoon's search attributes); `deploy`
// shows and promotes versions of the workers under Worker Versioning. None needs the database.
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { config, type Config } from '../../config/env';
import { commandGroups } from '../groups';
import { printJson, UserError } from '../runtime';

/** A client of the configured cluster, without the database the other groups open. */
async function withCluster<T>(fn: (client: Client, cfg: Config, address: string) => Promise<T>): Promise<T> {
  const cfg = config();
  const { connectClient, temporalAddress } = await import('../../temporal/connection');
  const address = temporalAddress(cfg);
  let client: Client;
  try {
    client = await connectClient(cfg, { connectTimeoutMs: 5000 });
    await client.connection.ensureConnected();
  } catch (err) {
    throw new UserError(
      `Cannot reach Temporal at ${address} (${(err as Error).message}). ` +
        'Set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE, TEMPORAL_API_KEY or the TLS paths) to the cluster to set up, or start Harpoon with "npm start" for the embedded one.',
    );
  }
  try {
    return await fn(client, cfg, address);
  } finally {
    await client.connection.close();
  }
}

export function registerAdminCommands(program: Command) {
  const admin = program.command('admin').description(commandGroups.admin);

  admin
    .command('setup')
    .description("Prepare the configured Temporal cluster: check TEMPORAL_NAMESPACE exists and register Harpoon's search attributes (safe to run again)")
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      withCluster(async (client, cfg, address) => {
        const { ClusterSetupError, setUpCluster } = await import('../../temporal/cluster-setup');
        let report;
        try {
          report = await setUpCluster(client.connection, cfg.temporal.namespace, address);
        } catch (err) {
          if (err instanceof ClusterSetupError) throw new UserError(err.message, err.details);
          throw err;
        }
        if (opts.json) return printJson({ address, ...report });
        const added = report.searchAttributes.filter((a) => a.status === 'added');
        console.log(`Temporal at ${address}, namespace "${report.namespace}": exists.`);
        for (const a of report.searchAttributes) console.log(`  ${a.name.padEnd(16)} ${a.type.padEnd(8)} ${a.status}`);
        console.log(
          added.length === 0
            ? 'Nothing to do: every search attribute was already registered.'
            : `Registered ${added.length} search attribute${added.length === 1 ? '' : 's'}; ${report.searchAttributes.length - added.length} were already there.`,
        );
      }),
    );

  const deploy = admin
    .command('deploy')
    .description('Worker Versioning: the versions of the worker deployment (HARPOON_DEPLOYMENT_NAME) and which one is current');

  const deploymentName = (cfg: Config, option?: string) => {
    const name = option ?? cfg.temporal.deployment?.name;
    if (!name) throw new UserError('No deployment named: pass --deployment <name>, or set HARPOON_DEPLOYMENT_NAME as the workers have it.');
    return name;
  };
  const asUserError = async <T>(work: () => Promise<T>) => {
    const { DeploymentError } = await import('../../temporal/deployments');
    try {
      return await work();
    } catch (err) {
      if (err instanceof DeploymentError) throw new UserError(err.message);
      throw err;
    }
  };

  deploy
    .command('show')
    .description('The deployment\'s versions (build IDs), which is current, and which still drain workflows')
    .option('--deployment <name>', 'the Worker Deployment (default: HARPOON_DEPLOYMENT_NAME)')
    .option('--json', 'machine-readable output')
    .action((opts: { deployment?: string; json?: boolean }) =>
      withCluster(async (client, cfg) => {
        const { describeDeployment } = await import('../../temporal/deployments');
        const view = await asUserError(() => describeDeployment(client.connection, cfg.temporal.namespace, deploymentName(cfg, opts.deployment)));
        if (opts.json) return printJson(view);
        console.log(`Worker Deployment "${view.name}": current version ${view.currentBuildId ?? 'none (new workflows go to unversioned workers)'}`);
        for (const v of view.versions) {
          console.log(`  ${v.buildId.padEnd(24)} ${v.status}${v.drainage && v.status !== v.drainage ? ` (${v.drainage})` : ''}${v.createdAt ? `  since ${v.createdAt.slice(0, 16).replace('T', ' ')}` : ''}`);
        }
      }),
    );

  deploy
    .command('set-current <buildId>')
    .description('Promote a version: new workflows start on it and running journeys move to it at their next workflow task')
    .option('--deployment <name>', 'the Worker Deployment (default: HARPOON_DEPLOYMENT_NAME)')
    .option('--json', 'machine-readable output')
    .action((buildId: string, opts: { deployment?: string; json?: boolean }) =>
      withCluster(async (client, cfg) => {
        const { setCurrentVersion } = await import('../../temporal/deployments');
        const name = deploymentName(cfg, opts.deployment);
        const { previousBuildId } = await asUserError(() =>
          setCurrentVersion(client.connection, { namespace: cfg.temporal.namespace, deploymentName: name, buildId, identity: `harpoon admin deploy (${process.env.USER ?? 'cli'})` }),
        );
        if (opts.json) return printJson({ deployment: name, currentBuildId: buildId, previousBuildId: previousBuildId ?? null });
        console.log(
          previousBuildId === buildId
            ? `${name}: ${buildId} was already the current version; nothing changed.`
            : `${name}: ${buildId} is now the current version (was ${previousBuildId ?? 'none'}). New workflows start on it; running ones move to it at their next workflow task. ` +
                'Every Harpoon workflow is AUTO_UPGRADE, so the old version\'s workers may stop now.',
        );
      }),
    );
}
