// `harpoon report`: the ABM metrics, live from the database (a table, --json or --csv), or their daily
// trend (--trend). The filter is validated by the same schema GET /v1/metrics uses.
import type { Command } from 'commander';
import { filterProblems, metricsFilterSchema } from '../../domain/metrics/filter';
import { computeReport } from '../../metrics/report';
import { reportCsv, reportTable, trendCsv, trendTable } from '../../metrics/report-text';
import { snapshotScopeOf, snapshotTrend } from '../../metrics/snapshots';
import { commandGroups } from '../groups';
import { registerReportAttributionCommand } from './report-attribution';
import { registerReportLiftCommand } from './report-lift';
import { registerReportExperimentsCommand } from './report-experiments';
import { registerReportStepsCommand } from './report-steps';
import { withFilterOptions } from './report-filter-options';
import { printJsonOrLines, UserError, withDb } from '../runtime';

type ReportOptions = { journey?: string; tier?: string; owner?: string; from?: string; to?: string; json?: boolean; csv?: boolean; trend?: boolean };

export function registerReportCommand(program: Command) {
  // `report` and its subcommands share option names (`report lift --journey k`): options after a
  // subcommand's name are that subcommand's. Commander needs this on every command above the
  // subcommand, the root included (which has no options of its own, so nothing else changes).
  program.enablePositionalOptions();
  const report = withFilterOptions(program.command('report').enablePositionalOptions().description(commandGroups.report))
    .option('--trend', 'the daily snapshots instead of the live figures')
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
        printJsonOrLines(json, await computeReport(db, filter), (r) => [csv ? reportCsv(r) : reportTable(r)]);
      });
    });
  registerReportAttributionCommand(report);
  registerReportLiftCommand(report);
  registerReportExperimentsCommand(report);
  registerReportStepsCommand(report);
}
