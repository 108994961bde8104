// `harpoon report`: the ABM metrics, live from the database (a table, --json or --csv), or their daily
// trend (--trend). The filter is validated by the same schema GET /v1/metrics uses.
import type { Command } from 'commander';
import { filterProblems, metricsFilterSchema } from '../../domain/metrics/filter';
import { computeReport } from '../../metrics/report';
import { reportCsv, reportTable, trendCsv, trendTable } from '../../metrics/report-text';
import { snapshotScopeOf, snapshotTrend } from '../../metrics/snapshots';
import { commandGroups } from '../groups';
import { registerReportStepsCommand } from './report-steps';
import { printJsonOrLines, UserError, withDb } from '../runtime';

type ReportOptions = { journey?: string; tier?: string; owner?: string; from?: string; to?: string; json?: boolean; csv?: boolean; trend?: boolean };

export function registerReportCommand(program: Command) {
  // Positional options: `report steps --journey k` gives --journey to `steps`, not to `report`.
  const report = program
    .enablePositionalOptions()
    .command('report')
    .description(commandGroups.report)
    .option('--journey <key>', "one journey's accounts")
    .option('--tier <n>', 'one tier: 1, 2 or 3')
    .option('--owner <email>', "one sales rep's accounts")
    .option('--from <day>', 'first day of the period, YYYY-MM-DD (UTC)')
    .option('--to <day>', 'last day of the period, YYYY-MM-DD (UTC; default today)')
    .option('--trend', 'the daily snapshots instead of the live figures')
    .option('--json', 'machine-readable output')
    .option('--csv', 'one row per slice (or per day with --trend), for a spreadsheet')
    .action(async ({ json, csv, trend, ...raw }: ReportOptions) => {
      if (json && csv) throw new UserError('--json and --csv: choose one output format');
      const parsed = metricsFilterSchema.safeParse(raw);
      if (!parsed.success) throw new UserError(filterProblems(parsed.error).join('; '));
      const filter = parsed.data;
      await withDb(async (db) => {
        if (trend) {
          const scope = snapshotScopeOf(filter);
          return printJsonOrLines(json, await snapshotTrend(db, scope, filter), (rows) => [csv ? trendCsv(rows) : trendTable(scope, rows)]);
        }
        printJsonOrLines(json, await computeReport(db, filter), (report) => [csv ? reportCsv(report) : reportTable(report)]);
      });
    });
  registerReportStepsCommand(report);
}
