// The ABM dashboard: the account funnel with conversion, penetration by key role, the engagement
// trend from the daily snapshots, and cost per opportunity, win rate, velocity and ROI, filtered by
// journey, tier, owner and period (the report's own filter and refusals), with a CSV export and the
// accounts furthest down the funnel. Figures refresh within seconds of an event (console.js).
import { keyBuyingGroupRoles } from '../../domain/accounts/vocabulary';
import { marketingOnly } from '../../domain/access/roles';
import { metricsFilterSchema } from '../../domain/metrics/filter';
import { funnelStages } from '../../domain/metrics/summarize';
import { UseCaseError } from '../../domain/use-case-error';
import { computeReport, type Report } from '../../metrics/report';
import { reportCsv } from '../../metrics/report-text';
import { snapshotScopeOf, snapshotTrend, type TrendRow } from '../../metrics/snapshots';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, jsonScript, type Html } from '../html';
import { layout, sendPage } from '../layout';
import { filterFields, filterOptions, queryOf, reportForQuery, type FilterOptions } from '../report-filter';
import { accountPath } from './account';

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);
const num = (n: number | null, places = 0) => (n === null ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: places }));

function filters(query: Record<string, string>, options: FilterOptions, problems: string[]): Html {
  return html`<form method="get" action="/console/dashboard" class="filters card" aria-label="Filter">
${filterFields(query, options)}
<button type="submit">Apply</button>
<a href="/console/dashboard.csv${queryOf(query) ? `?${queryOf(query)}` : ''}" download>Export CSV</a>
${problems.length > 0 ? html`<p class="error" role="alert">${problems.join('; ')}</p>` : ''}
</form>`;
}

/** Share of accounts in which each key role has engaged. */
const penetrationByRole = (r: Report) =>
  keyBuyingGroupRoles.map((role) => ({ role, share: r.accounts.length === 0 ? null : r.accounts.filter((a) => a.engagedKeyRoles.includes(role)).length / r.accounts.length }));

const stageLabel = (stage: string) => (stage === 'mqa' ? 'MQA' : stage);

/** A median number of days, or words when no account has made that step yet ("– d" reads as a figure). */
const days = (d: number | null) => (d === null ? 'no data yet' : `${num(d, 1)} d`);

function figures(r: Report): Html {
  const v = r.longTerm.velocityDays;
  const cur = r.currency ? ` ${r.currency}` : '';
  const m = r.midTerm;
  const mqaToWon = [v.mqaToAccepted, v.acceptedToOpportunity, v.opportunityToWon].every((d) => d !== null) ? v.mqaToAccepted! + v.acceptedToOpportunity! + v.opportunityToWon! : null;
  // Sales acceptance counts answered handoffs only, while the funnel's "accepted" step is a share of
  // MQA accounts: the label and the counts under it say which, so the two never look contradictory.
  const tiles: [label: string, value: string, note?: string][] = [
    ['target accounts', num(r.shortTerm.targetAccounts)],
    ['engaged accounts', `${num(r.shortTerm.engagedAccounts)} (${pct(r.shortTerm.engagementRate)})`],
    ['buying-group penetration', pct(r.shortTerm.buyingGroupPenetration)],
    ['MQAs', num(m.mqas)],
    ['sales acceptance of answered handoffs', pct(m.salesAcceptanceRate), `${num(m.accepted)} accepted, ${num(m.rejected)} rejected, of ${num(m.handoffs)} handed off`],
    ['opportunities', `${num(m.opportunities)} (${num(m.pipeline)}${cur})`],
    ['cost per opportunity', `${num(m.costPerOpportunity)}${cur}`],
    ['win rate', pct(r.longTerm.winRate)],
    ['won revenue', `${num(r.longTerm.wonRevenue)}${cur}`],
    ['ROI', pct(r.longTerm.roi)],
    ['median days engaged → MQA', days(v.engagedToMqa)],
    ['median days MQA → won', days(mqaToWon)],
    ['bounce rate', pct(r.deliverability.bounceRate), `${num(r.deliverability.bounced)} bounced of ${num(r.deliverability.sent + r.deliverability.bounced)}`],
    ['spam complaint rate', r.deliverability.complaintRate === null ? pct(null) : `${(r.deliverability.complaintRate * 100).toFixed(2)} %`, `providers act at ${(r.deliverability.complaintThreshold * 100).toFixed(1)} %`],
  ];
  return html`<div class="figures">${tiles.map(([label, value, note]) => html`<div class="figure"><b>${value}</b><span>${label}</span>${note ? html`<small class="muted">${note}</small>` : ''}</div>`)}</div>`;
}

/** The daily snapshots of the filter's scope, or why there are none to show. */
type Trend = { rows: TrendRow[] } | { unavailable: string };

function body(r: Report, trend: Trend, ids: Map<string, string>): Html {
  const rows = 'rows' in trend ? trend.rows : [];
  const funnel = funnelStages.map((stage) => r.funnel.find((f) => f.stage === stage) ?? { stage, accounts: 0, conversion: null });
  const roles = penetrationByRole(r);
  // Only accounts that have moved at all: with nobody engaged, the list was the pool in alphabetical order.
  const hot = r.accounts
    .filter((a) => a.contactsEngaged > 0 || a.stage !== funnelStages[0])
    .sort((a, b) => funnelStages.indexOf(b.stage) - funnelStages.indexOf(a.stage) || b.contactsEngaged - a.contactsEngaged)
    .slice(0, 15);
  return html`${r.deliverability.warnings.map((w) => html`<p class="notice" role="alert">Deliverability: ${w}</p>`)}<div id="figures" data-live>${figures(r)}</div>
${jsonScript('dashboard-data', {
  funnel: funnel.map((f) => ({ stage: f.stage, accounts: f.accounts })),
  roles,
  trend: rows.map((t) => ({ day: t.day, engaged: t.metrics.shortTerm.engagedAccounts, mqas: t.metrics.midTerm.mqas })),
})}
<div class="grid2">
<section class="card"><h2 id="funnel-title">Account funnel</h2><div class="chart"><canvas id="funnel-chart" role="img" aria-labelledby="funnel-title"></canvas></div>
<table id="funnel-table" data-live><thead><tr><th scope="col">Stage</th><th scope="col" class="num">Accounts</th><th scope="col" class="num">Share of the step before</th></tr></thead><tbody>
${funnel.map((f, i) => html`<tr><td>${f.stage}</td><td class="num" data-stage="${f.stage}">${f.accounts}</td><td class="num">${i === 0 ? '' : f.conversion === null ? `no ${stageLabel(funnelStages[i - 1]!)} accounts yet` : `${pct(f.conversion)} of ${stageLabel(funnelStages[i - 1]!)}`}</td></tr>`)}</tbody></table></section>
<section class="card"><h2 id="roles-title">Penetration by key role</h2><div class="chart"><canvas id="roles-chart" role="img" aria-labelledby="roles-title"></canvas></div>
<table id="roles-table" data-live><thead><tr><th scope="col">Role</th><th scope="col" class="num">Accounts where it engaged</th></tr></thead><tbody>${roles.map((x) => html`<tr><td>${x.role}</td><td class="num">${pct(x.share)}</td></tr>`)}</tbody></table></section>
</div>
<section class="card"><h2 id="trend-title">Engagement trend (daily snapshots)</h2>
${'unavailable' in trend ? html`<p class="muted">${trend.unavailable}</p>` : rows.length === 0 ? html`<p class="muted">No daily snapshots yet: the worker writes one for each day once it is over.</p>` : html`<div class="chart"><canvas id="trend-chart" role="img" aria-labelledby="trend-title"></canvas></div>`}</section>
<section class="card" id="hot-accounts" data-live><h2>Accounts furthest along</h2>
${hot.length === 0
  ? html`<p class="muted">No account has engaged yet.</p>`
  : html`<table><thead><tr><th scope="col">Account</th><th scope="col">Tier</th><th scope="col">Owner</th><th scope="col">Stage</th><th scope="col" class="num">Engaged contacts</th><th scope="col">Key roles not engaged yet</th></tr></thead><tbody>
${hot.map((a) => html`<tr><td>${ids.has(a.domain) ? html`<a href="${accountPath(ids.get(a.domain)!)}">${a.name}</a>` : a.name}</td><td>${a.tier ?? ''}</td><td>${a.owner ?? ''}</td><td>${a.stage}</td><td class="num">${a.contactsEngaged} of ${a.contacts}</td><td>${a.missingKeyRoles.map((role) => role.replace(/_/g, ' ')).join(', ')}</td></tr>`)}
</tbody></table>`}</section>`;
}

export const dashboardPages: ConsolePages = (deps) => async (app) => {
  const { db } = deps;
  const reportFor = (query: Record<string, string>) => reportForQuery(db, query, metricsFilterSchema, (filter) => computeReport(db, filter));

  app.get('/console/dashboard', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const query = req.query as Record<string, string>;
    const [options, result] = await Promise.all([filterOptions(db), reportFor(query)]);
    let content: Html;
    if ('problems' in result) content = filters(query, options, result.problems);
    else {
      let trend: Trend;
      try {
        trend = { rows: await snapshotTrend(db, snapshotScopeOf(result.input), result.input) };
      } catch (err) {
        if (!(err instanceof UseCaseError)) throw err;
        trend = { unavailable: 'Daily snapshots are kept for the whole programme, each tier and each journey: filter by at most one of tier or journey, and no owner, to see the trend.' };
      }
      const ids = new Map((await db.account.findMany({ where: { domain: { in: result.report.accounts.map((a) => a.domain) } }, select: { id: true, domain: true } })).map((a) => [a.domain, a.id]));
      content = html`${filters(query, options, [])}${body(result.report, trend, ids)}`;
    }
    return sendPage(reply, 'problems' in result ? 400 : 200, layout({ title: 'ABM dashboard', viewer: viewer(req), section: 'dashboard', body: content, scripts: ['/console/assets/chart.js', '/console/assets/dashboard.js'] }));
  });

  app.get('/console/dashboard.csv', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const result = await reportFor(req.query as Record<string, string>);
    if ('problems' in result) return reply.code(400).type('text/plain; charset=utf-8').send(`${result.problems.join('\n')}\n`);
    return reply
      .headers({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="harpoon-report.csv"', 'Cache-Control': 'no-store' })
      .send(`${reportCsv(result.report)}\n`);
  });
};
