// `harpoon crm ...`: CRM sync with HubSpot and Salesforce (reach/crm/): its state, and inbound sync
// of won and lost deals on demand (the worker runs it on a schedule too).
import type { Command } from 'commander';
import { commandGroups } from '../groups';
import { printJsonOrLines, UserError, withDb, withTemporalOnDemand } from '../runtime';

export function registerCrmCommands(program: Command) {
  const crm = program.command('crm').description(commandGroups.crm);

  crm
    .command('status')
    .description('Which CRMs are synced, how far inbound sync has read, and the records linked')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const { crmStatus } = await import('../../reach/crm/crm-status');
      await withDb(async (db, cfg) =>
        printJsonOrLines(opts.json, await crmStatus(db, cfg), (s) =>
          s.off
            ? [s.off]
            : s.crms.map((c) => {
                const links = Object.entries(c.linked).map(([type, n]) => `${n} ${type}`).join(', ') || 'nothing yet';
                return `${c.name} at ${c.url}${c.apiVersion ? ` (API ${c.apiVersion})` : ''}: deals read up to ${c.readSince ?? 'never (first sync pending)'}; linked: ${links}`;
              }),
        ),
      );
    });

  crm
    .command('sync')
    .description('Read the deals won or lost in each CRM since the last sync and apply them to their sales tasks (by the conflict rules)')
    .option('--since <time>', 'read again from this moment (ISO 8601, such as 2026-12-01 or 2026-12-01T09:00:00Z)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { since?: string; json?: boolean }) => {
      const since = opts.since === undefined ? undefined : new Date(opts.since);
      if (since && Number.isNaN(since.getTime())) throw new UserError(`--since: "${opts.since}" is not a date: expected ISO 8601 such as 2026-12-01 or 2026-12-01T09:00:00Z`);
      const [{ configuredCrms, crmNames }, { syncCrmOutcomes }, { crmOffMessage }] = await Promise.all([
        import('../../reach/crm/crm-connection'),
        import('../../reach/crm/inbound-sync'),
        import('../../reach/crm/crm-status'),
      ]);
      await withTemporalOnDemand(async (temporal, db, cfg) => {
        const crms = configuredCrms(cfg);
        if (crms.length === 0) throw new UserError(crmOffMessage);
        const reports = [];
        for (const c of crms) reports.push(await syncCrmOutcomes(db, c, temporal, { since }));
        printJsonOrLines(opts.json, reports, (all) =>
          all.flatMap((r) => [
            `${crmNames[r.crm]}: ${r.read} deals changed, ${r.applied.length} applied, ${r.conflicts.length} not applied, ${r.unknown} not Harpoon's; next sync reads from ${r.cursor}`,
            ...r.applied.map((line) => `  applied ${line}`),
            ...r.conflicts.map((line) => `  not applied ${line}`),
          ]),
        );
      });
    });
}
