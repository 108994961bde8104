// `harpoon report steps`: per-step analytics of one journey version (default: its latest), the
// figures GET /v1/metrics/steps and the console's journey page show.
import type { Command } from 'commander';
import { stepAnalyticsQuerySchema } from '../../domain/measurement/step-analytics-query';
import { computeStepReport } from '../../metrics/step-analytics';
import { stepReportTable } from '../../metrics/step-report-text';
import { printJsonOrLines, UserError, withDb } from '../runtime';

export function registerReportStepsCommand(report: Command) {
  report
    .command('steps')
    .description("Per-step analytics of a journey version: entered, sent, skipped by reason, people's opens, clicks and replies, moved on, goal exits")
    .requiredOption('--journey <key>', 'the journey')
    .option('--version <n>', 'a published version (default: the latest)')
    .option('--json', 'machine-readable output')
    .action(async ({ json, ...raw }: { journey: string; version?: string; json?: boolean }) => {
      const parsed = stepAnalyticsQuerySchema.safeParse(raw);
      if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
      await withDb(async (db) => printJsonOrLines(json, await computeStepReport(db, parsed.data), (r) => [stepReportTable(r)]));
    });
}
