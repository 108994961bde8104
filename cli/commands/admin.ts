// `harpoon admin ...`: what an operator does to a Temporal cluster, not to marketing data. `setup`
// prepares the configured cluster once (namespace check, Harpoon's search attributes); it needs no
// database.
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
}
