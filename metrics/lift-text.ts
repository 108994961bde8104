// The lift report as a person reads it in a terminal: each outcome's rate in both groups with its
// 95 % interval, the lift and its interval, and the warnings first, so nobody reads a lift off
// groups too small to carry one.
import type { Interval, MeanLift, RateLift } from '../domain/measurement/lift';
import { liftOutcomes, type Incrementality, type LiftOutcome } from '../domain/measurement/incrementality';
import type { LiftReport } from './lift';

export const outcomeLabels: Record<LiftOutcome, string> = { engaged: 'engaged accounts', mqa: 'MQA', opportunity: 'opportunity', won: 'won' };

export const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)} %`);
export const pctRange = (i: Interval | null) => (i === null ? '' : `[${pct(i.low)} to ${pct(i.high)}]`);
export const amount = (n: number | null) => (n === null ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
export const amountRange = (i: Interval | null) => (i === null ? '' : `[${amount(i.low)} to ${amount(i.high)}]`);

/** A difference of rates in percentage points, signed: "+20.0". */
export const points = (n: number) => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}`;

/** One rate: "treated 30.0 % (3/10) [10.8 % to 60.3 %]; held out …; lift +20.0 points [−16.0 to 51.4], ×3.00". */
export function rateLine(r: RateLift): string {
  const group = (g: RateLift['treated']) => `${pct(g.rate)} (${g.events}/${g.accounts}) ${pctRange(g.interval)}`.trim();
  const lift = r.difference === null ? 'lift -' : `lift ${points(r.difference)} points${r.interval ? ` [${points(r.interval.low)} to ${points(r.interval.high)}]` : ''}${r.relative === null ? '' : `, relative ${points(r.relative)} %`}`;
  return `treated ${group(r.treated)}; held out ${group(r.heldOut)}; ${lift}${r.tooFew ? ` (${r.tooFew})` : ''}`;
}

export function meanLine(m: MeanLift, currency: string | null): string {
  const cur = currency ? ` ${currency}` : '';
  const group = (g: MeanLift['treated']) => `${amount(g.mean)}${cur} ${amountRange(g.interval)}`.trim();
  return `treated ${group(m.treated)}; held out ${group(m.heldOut)}; difference ${amount(m.difference)}${cur} ${amountRange(m.interval)}`.trim();
}

function block(i: Incrementality, currency: string | null): string[] {
  return [
    `  accounts: ${i.treatedAccounts} treated, ${i.heldOutAccounts} held out`,
    ...(i.warning ? [`  warning: ${i.warning}`] : []),
    ...liftOutcomes.map((o) => `  ${outcomeLabels[o].padEnd(17)} ${rateLine(i.rates[o])}`),
    `  ${'pipeline/account'.padEnd(17)} ${meanLine(i.pipelinePerAccount, currency)}`,
  ];
}

export function liftTable(r: LiftReport): string[] {
  const period = `${r.period.from?.slice(0, 10) ?? 'the beginning'} to ${r.filter.to ?? 'now'}`;
  const holdout = r.holdout ? `${pct(r.holdout.share)} held out of each tier, seed "${r.holdout.seed}"` : 'no accounts assigned yet';
  return [
    `Lift of ${r.filter.journey} (${holdout}); ${period} (UTC); 95 % intervals`,
    ...block(r, r.currency),
    ...r.byStratum.flatMap((s) => [`${s.stratum}:`, ...block(s, r.currency)]),
  ];
}
