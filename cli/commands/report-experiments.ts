// `harpoon report experiments`: the A/B tests of email steps, live from the database (a table or
// --json), the same read model as GET /v1/metrics/experiments and the console's Experiments page.
import type { Command } from 'commander';
import { experimentsFilterSchema, experimentsReport } from '../../metrics/experiments';
import { experimentsText } from '../../metrics/experiments-text';
import { printJsonOrLines, UserError, withDb } from '../runtime';

type Options = { journey?: string; json?: boolean };

export function registerReportExperimentsCommand(report: Command) {
  report
    .command('experiments')
    .description('A/B tests of email steps: each variant sent, converted and its rate, and the winner or what the rule still needs')
    .option('--journey <key>', "one journey's tests")
    .option('--json', 'machine-readable output')
    .action(async ({ journey, json }: Options) => {
      const parsed = experimentsFilterSchema.safeParse({ journey });
      if (!parsed.success) throw new UserError(`--journey: ${parsed.error.issues[0]!.message}`);
      await withDb(async (db) => printJsonOrLines(json, await experimentsReport(db, parsed.data), experimentsText));
    });
}
