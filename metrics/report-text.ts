// The report as people read it (a table) and as spreadsheets read it (CSV). Only presentation: every
// number comes from the report's JSON as it is.
import { csvCell } from '../domain/csv/spreadsheet-cell';
import { summarize, type Metrics } from '../domain/metrics/summarize';
import type { Report } from './report';
import type { TrendRow } from './snapshots';

export const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)} %`);
export const num = (n: number | null, places = 0) => (n === null ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places }));
/** Columns line up: names to the left, numbers to the right (and text columns listed in `left`). */
export function table(header: readonly string[], rows: readonly string[][], left: readonly number[] = []): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const pad = (cells: readonly string[]) => cells.map((c, i) => (i === 0 || left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [pad(header), ...rows.map(pad)].map((l) => `  ${l}`);
}

/** What a report covers: its scope and period, in words. */
export function describeScope(r: Pick<Report, 'filter' | 'period'>): string {
  const f = r.filter;
  const parts = [f.journey ? `journey ${f.journey}` : 'target pool', f.tier ? `tier ${f.tier}` : '', f.owner ? `owner ${f.owner}` : ''].filter(Boolean);
  return `${parts.join(', ')}; ${r.period.from ? r.period.from.slice(0, 10) : 'all time'} to ${new Date(Date.parse(r.period.to) - 1).toISOString().slice(0, 10)} (UTC)`;
}

const sliceHeader = ['accounts', 'engaged', 'rate', 'penetration', 'MQAs', 'accepted', 'opps', 'won', 'revenue', 'cost', 'cost/opp', 'ROI'];
// In the header's order: accounts … penetration, MQAs … revenue, cost … ROI.
const sliceCells = ({ shortTerm: s, midTerm: m, longTerm: l }: Metrics) => [
  num(s.targetAccounts), num(s.engagedAccounts), pct(s.engagementRate), pct(s.buyingGroupPenetration),
  num(m.mqas), num(m.accepted), num(m.opportunities), num(l.won), num(l.revenueInfluenced),
  num(m.cost), num(m.costPerOpportunity), pct(l.roi),
];

export function reportTable(r: Report): string {
  const s = r.shortTerm;
  const m = r.midTerm;
  const l = r.longTerm;
  const cur = r.currency ? ` ${r.currency}` : '';
  const v = l.velocityDays;
  const line = (label: string, value: string, why = '') => `  ${label.padEnd(30)} ${value}${why ? `  (${why})` : ''}`;
  const out = [
    `Metrics for ${describeScope(r)}, as of ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    'Short term',
    line('target accounts', num(s.targetAccounts)),
    line('contacts known per account', num(s.contactsPerAccount, 2), `${s.contactsKnown} contacts`),
    line('contacts reached', num(s.contactsReached), 'sent at least one email'),
    line('engagement rate', pct(s.engagementRate), `${s.engagedAccounts} of ${s.targetAccounts} accounts engaged, ${s.contactsEngaged} contacts`),
    line('buying-group penetration', pct(s.buyingGroupPenetration), `${s.engagedKeyRoles} of ${s.keyRoleSlots} key roles engaged`),
    '',
    'Mid term',
    line('MQAs', num(m.mqas), `${m.handoffs} handoffs`),
    line('sales acceptance rate', pct(m.salesAcceptanceRate), `${m.accepted} accepted, ${m.rejected} rejected`),
    line('time to accept (median)', m.medianHoursToAccept === null ? '-' : `${m.medianHoursToAccept} h`),
    line('event registrations', num(m.eventRegistrations)),
    line('attendance rate', pct(m.attendanceRate), `${m.eventAttended} attended, ${m.eventNoShows} no-shows`),
    line('opportunities', num(m.opportunities), `pipeline ${num(m.pipeline, 2)}${cur}`),
    line('cost', `${num(m.cost, 2)}${cur}`, r.unallocatedCost > 0 ? `${num(r.unallocatedCost, 2)}${cur} more reaches no account yet` : ''),
    line('cost per opportunity', m.costPerOpportunity === null ? '-' : `${num(m.costPerOpportunity, 2)}${cur}`),
    line('share of all opportunities', pct(m.shareOfOpportunities), `${m.opportunities} of ${m.allOpportunities}`),
    '',
    'Long term',
    line('win rate', pct(l.winRate), `${l.won} won, ${l.lost} lost`),
    line('average contract value', l.averageContractValue === null ? '-' : `${num(l.averageContractValue, 2)}${cur}`),
    line('won revenue', `${num(l.wonRevenue, 2)}${cur}`),
    line('revenue influenced', `${num(l.revenueInfluenced, 2)}${cur}`),
    line('ROI', pct(l.roi)),
    line('funnel velocity (median days)', `engaged→MQA ${num(v.engagedToMqa, 1)}, MQA→accepted ${num(v.mqaToAccepted, 1)}, accepted→opportunity ${num(v.acceptedToOpportunity, 1)}, opportunity→won ${num(v.opportunityToWon, 1)}`),
    '',
    'Deliverability',
    line('bounce rate', pct(r.deliverability.bounceRate), `${r.deliverability.bounced} bounced, ${r.deliverability.sent} sent`),
    line('spam complaint rate', r.deliverability.complaintRate === null ? '-' : `${(r.deliverability.complaintRate * 100).toFixed(2)} %`, `${r.deliverability.complained} complaints; providers act at ${(r.deliverability.complaintThreshold * 100).toFixed(1)} %`),
    ...r.deliverability.warnings.map((w) => `  WARNING: ${w}`),
    '',
    'Account funnel',
    ...table(['stage', 'accounts', 'conversion'], r.funnel.map((f) => [f.stage, num(f.accounts), f.conversion === null ? '' : pct(f.conversion)])),
  ];
  const slices = (title: string, rows: [string, Metrics][]) => (rows.length ? ['', title, ...table(['', ...sliceHeader], rows.map(([name, metrics]) => [name, ...sliceCells(metrics)]))] : []);
  out.push(...slices('By tier', r.byTier.map((t) => [t.tier === null ? 'no tier' : `tier ${t.tier}`, t])));
  out.push(...slices('By owner', r.byOwner.map((o) => [o.owner ?? 'no owner', o])));
  out.push(...slices('By journey', r.byJourney.map((j) => [j.journey, j])));
  const engaged = r.accounts.filter((a) => a.stage !== 'target');
  out.push('', `Engaged accounts (${engaged.length} of ${r.accounts.length}), with the key roles still to reach`);
  out.push(
    ...(engaged.length
      ? table(['account', 'tier', 'stage', 'engaged', 'reached', 'cost', 'missing key roles'], engaged.map((a) => [a.domain, String(a.tier ?? '-'), a.stage, `${a.contactsEngaged}/${a.contacts}`, String(a.contactsReached), num(a.cost, 2), a.missingKeyRoles.join(', ') || 'none']), [2, 6])
      : ['  none yet']),
  );
  return out.join('\n');
}

/** Every number of a Metrics object under a flat column name (shortTerm.engagementRate, funnel.mqa, ...). */
function flatten(m: Metrics): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const group of ['shortTerm', 'midTerm', 'longTerm'] as const) {
    for (const [k, value] of Object.entries(m[group])) {
      if (value !== null && typeof value === 'object') for (const [kk, vv] of Object.entries(value)) out[`${group}.${k}.${kk}`] = vv as number | null;
      else out[`${group}.${k}`] = value as number | null;
    }
  }
  for (const f of m.funnel) out[`funnel.${f.stage}`] = f.accounts;
  return out;
}

type CsvRow = Record<string, string | number | null>;
/**
 * The columns are `template`'s, in its order, whatever the rows hold: a file with no rows still has its
 * header, and a stored snapshot's figures come back from PostgreSQL's jsonb with their keys sorted
 * (shortest first), which made the trend's columns another order there than on SQLite.
 */
const csv = (rows: CsvRow[], template: CsvRow) => {
  const columns = Object.keys(template);
  return [columns, ...rows.map((r) => columns.map((c) => r[c]))].map((r) => r.map(csvCell).join(',')).join('\n');
};

/** One row per slice (the whole scope, each tier, owner and journey), one column per figure. */
export function reportCsv(r: Report): string {
  const row = (slice: string, m: Metrics) => ({ slice, currency: r.currency, ...flatten(m) });
  const all = row('all', r);
  return csv(
    [
      all,
      ...r.byTier.map((t) => row(`tier:${t.tier ?? 'none'}`, t)),
      ...r.byOwner.map((o) => row(`owner:${o.owner ?? 'none'}`, o)),
      ...r.byJourney.map((j) => row(`journey:${j.journey}`, j)),
    ],
    all,
  );
}

export function trendTable(scope: string, rows: readonly TrendRow[]): string {
  if (rows.length === 0) return `No daily snapshots of ${scope} yet: the worker (npm start, npm run worker) writes one for each day once it is over.`;
  return [
    `Daily snapshots of ${scope} (each day's figures since the start, as of the end of that day, UTC)`,
    ...table(['day', ...sliceHeader], rows.map((t) => [t.day, ...sliceCells(t.metrics)])),
  ].join('\n');
}

const trendRow = (day: string, metrics: TrendRow['metrics']) => ({ day, currency: metrics.currency, ...flatten(metrics) });
const noAccounts = summarize([], { fromMs: null, toMs: 0 }, { targetAccounts: 0, outsidePool: 0 });

/** One row per day; no snapshots yet still gives the header. */
export const trendCsv = (rows: readonly TrendRow[]) => csv(rows.map((t) => trendRow(t.day, t.metrics)), trendRow('', { ...noAccounts, currency: null }));
