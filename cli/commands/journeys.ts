import type { Command } from 'commander';
import { launchJourney } from '../../client/launch';
import type { Db } from '../../db/client';
import { printJson, UserError, withDb, withTemporal } from '../runtime';

/** Finds an account by its id or its domain, or says plainly that there is none. */
async function findAccount(db: Db, ref: string) {
  const account =
    (await db.account.findUnique({ where: { id: ref } })) ??
    (await db.account.findUnique({ where: { domain: ref.toLowerCase() } }));
  if (!account) throw new UserError(`No account with id or domain "${ref}". List them with "harpoon accounts list".`);
  return account;
}

export function registerJourneyCommands(program: Command) {
  const journeys = program.command('journeys').description('launch, steer and inspect account journeys');

  journeys
    .command('launch <journey-key>')
    .description('start the journey for an account (a no-op when it is already running)')
    .requiredOption('--account <id-or-domain>', 'the account to run the journey for')
    .action(async (journeyKey: string, opts: { account: string }) => {
      await withTemporal(async (client, db, cfg) => {
        const account = await findAccount(db, opts.account);
        const outcome = await launchJourney(client, cfg.temporal.taskQueue, {
          journeyKey,
          journeyVersion: 1,
          accountId: account.id,
        });
        console.log(`${outcome.workflowId}: ${outcome.result.replace('_', ' ')}`);
      });
    });

  journeys
    .command('status <account>')
    .description("the account's journeys: status, stage, when they started")
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withDb(async (db) => {
        const account = await findAccount(db, ref);
        const runs = await db.journeyRun.findMany({ where: { accountId: account.id }, orderBy: { startedAt: 'asc' } });
        const rows = runs.map((r) => ({
          workflowId: r.workflowId,
          journeyKey: r.journeyKey,
          journeyVersion: r.journeyVersion,
          status: r.status,
          stage: r.stage,
          startedAt: r.startedAt.toISOString(),
          endedAt: r.endedAt?.toISOString() ?? null,
          exitReason: r.exitReason,
        }));
        if (opts.json) return printJson({ account: { id: account.id, domain: account.domain, name: account.name }, journeys: rows });
        if (rows.length === 0) return console.log(`${account.name} (${account.domain}) has no journeys yet.`);
        for (const r of rows) console.log(`${r.workflowId}  ${r.status}  stage=${r.stage ?? '-'}  since ${r.startedAt}`);
      });
    });
}
