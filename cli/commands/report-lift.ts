// `harpoon report lift --journey <key>`: what the journey changed, its treated accounts against the
// ones it held out, live from the database; the same figures as GET /v1/metrics/lift and the
// console's Lift page.
import type { Command } from 'commander';
import { liftFilterSchema, type LiftFilter } from '../../domain/measurement/lift-filter';
import { filterProblems } from '../../domain/metrics/filter';
import { computeLift } from '../../metrics/lift';
import { liftTable } from '../../metrics/lift-text';
import { withFilterOptions } from './report-filter-options';
import { printJsonOrLines, UserError, withDb } from '../runtime';

type LiftOptions = { journey?: string; tier?: string; owner?: string; from?: string; to?: string; json?: boolean };

export function registerReportLiftCommand(report: Command) {
  withFilterOptions(
    report.command('lift').description("A journey's incrementality: its treated accounts against those it held out, with 95 % intervals"),
    'the journey whose holdout to measure (required)',
  ).action(async ({ json, ...raw }: LiftOptions) => {
      const parsed = liftFilterSchema.safeParse(raw);
      if (!parsed.success) throw new UserError(filterProblems(parsed.error).join('; '));
      await withDb(async (db) => printJsonOrLines(json, await computeLift(db, parsed.data as LiftFilter), liftTable));
    });
}
