// `harpoon report attribution`: which touches earned the opportunities and the won revenue, live
// from the database (a table or --json), with the report's filter options; the query is validated by
// the same schema GET /v1/metrics/attribution uses.
import type { Command } from 'commander';
import { attributionBreakdowns, attributionModels } from '../../domain/measurement/attribution';
import { attributionQuerySchema } from '../../domain/measurement/attribution-query';
import { filterProblems } from '../../domain/metrics/filter';
import { computeAttribution } from '../../metrics/attribution';
import { attributionTable } from '../../metrics/attribution-text';
import { withFilterOptions } from './report-filter-options';
import { printJsonOrLines, UserError, withDb } from '../runtime';

type AttributionOptions = { json?: boolean } & Record<string, string | undefined>;

export function registerReportAttributionCommand(report: Command) {
  withFilterOptions(report.command('attribution').description('Multi-touch attribution of opportunities and won revenue to touches, by channel, journey, step or event'))
    .option('--model <model>', `${attributionModels.join(', ')} (default w-shaped)`)
    .option('--by <breakdown>', `${attributionBreakdowns.join(', ')} (default channel)`)
    .option('--lookback <duration>', 'how long before a conversion a touch counts, e.g. 30d or 12w (default 90d)')
    .option('--half-life <duration>', 'time-decay: the age at which a touch counts half (default 7d)')
    .action(async ({ json, ...raw }: AttributionOptions) => {
      const parsed = attributionQuerySchema.safeParse(raw);
      if (!parsed.success) throw new UserError(filterProblems(parsed.error).join('; '));
      const query = parsed.data;
      await withDb(async (db) => printJsonOrLines(json, await computeAttribution(db, query), (r) => [attributionTable(r)]));
    });
}
