// The A/B tests as `harpoon report experiments` prints them: one block per tested step, a row per
// variant, and the decision or what the rule still needs.
import type { ExperimentRow, ExperimentsReport } from './experiments';

const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)} %`);
const metricWords = { clicks: 'clicks', replies: 'replies', mqa: 'MQAs' } as const;

/** What the report says of a test's decision, in the same words on the console. */
export function decisionText(d: ExperimentRow['decision']): string {
  switch (d.status) {
    case 'decided':
      return `decided ${d.decidedAt.slice(0, 16).replace('T', ' ')} UTC: ${d.explanation}`;
    case 'due':
      return `due: ${d.explanation} (recorded at the step's next send or the hourly check)`;
    case 'waiting':
      return `not decided: ${d.explanation}`;
  }
}

/** The rule in one line, as the journey declares it. */
export const ruleText = (e: ExperimentRow) =>
  `split by ${e.split} (seed ${e.seed}); winner by ${metricWords[e.rule.metric]} within ${e.rule.within}, at least ${e.rule.minSample} per variant, ${Math.round(e.rule.confidence * 1000) / 10} % confidence`;

export function experimentsText(report: ExperimentsReport): string[] {
  if (report.experiments.length === 0) return ['No A/B tests: an email step with variants starts one (see README, "A/B variants").'];
  const lines = [`A/B tests as of ${report.asOf.slice(0, 16).replace('T', ' ')} UTC`];
  for (const e of report.experiments) {
    lines.push('', `${e.journey} v${e.version}, step ${e.step}: ${ruleText(e)}`);
    const rows = [
      ['variant', 'template', 'subject', 'share', 'assigned', 'sent', 'observed', 'converted', 'rate'],
      ...e.variants.map((v) => [v.key, v.template, v.subject ?? '-', pct(v.share), String(v.assigned), String(v.sent), String(v.observed), String(v.converted), pct(v.rate)]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) lines.push(`  ${r.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
    if (e.afterDecision > 0) lines.push(`  ${e.afterDecision} more ${e.split === 'account' ? 'accounts' : 'contacts'} got the winner after the decision`);
    lines.push(`  ${decisionText(e.decision)}`);
  }
  return lines;
}
