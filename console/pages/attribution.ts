// The Attribution page: which touches earned the opportunities and the won revenue, under the model
// and breakdown picked, filtered like the dashboard (the report's own filter and refusals). The same
// figures as `harpoon report attribution` and GET /v1/metrics/attribution; they refresh within
// seconds of an event (console.js).
import { marketingOnly } from '../../domain/access/roles';
import { attributionBreakdowns, attributionModels, type CreditedFigures } from '../../domain/measurement/attribution';
import { attributionQuerySchema } from '../../domain/measurement/attribution-query';
import { computeAttribution, type AttributionReport } from '../../metrics/attribution';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, sendPage } from '../layout';
import { filterFields, filterOptions, reportForQuery, selectField, type FilterOptions } from '../report-filter';

const num = (n: number, places: number) => n.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
const noKey = { channel: 'no channel', journey: 'no journey', step: 'no journey step', event: 'no event' } as const;
const asOptions = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

function form(query: Record<string, string>, options: FilterOptions, problems: string[]): Html {
  return html`<form method="get" action="/console/attribution" class="filters card" aria-label="Filter">
${selectField(query, 'model', 'Model', asOptions(attributionModels), 'w-shaped (default)')}
${selectField(query, 'by', 'Breakdown', asOptions(attributionBreakdowns), 'channel (default)')}
<div><label for="f-lookback">Lookback</label><input id="f-lookback" name="lookback" placeholder="90d" size="5" value="${query.lookback ?? ''}"></div>
<div><label for="f-halfLife">Half-life (time-decay)</label><input id="f-halfLife" name="halfLife" placeholder="7d" size="5" value="${query.halfLife ?? ''}"></div>
${filterFields(query, options)}
<button type="submit">Apply</button>
${problems.length > 0 ? html`<p class="error" role="alert">${problems.join('; ')}</p>` : ''}
</form>`;
}

function body(r: AttributionReport): Html {
  // A non-breaking space keeps an amount and its currency on one line on a phone.
  const cur = r.currency ? `\u00a0${r.currency}` : '';
  const cells = (f: CreditedFigures) =>
    html`<td class="num">${num(f.opportunities, 4)}</td><td class="num">${num(f.pipeline, 2)}${cur}</td><td class="num">${num(f.won, 4)}</td><td class="num">${num(f.wonRevenue, 2)}${cur}</td>`;
  const q = r.query;
  return html`<section class="card" id="attribution" data-live>
<h2>By ${q.by}: ${q.model === 'time-decay' ? `time-decay, half-life ${q.halfLife}` : q.model}, touches up to ${q.lookback} before each conversion</h2>
<table><thead><tr><th scope="col">${q.by}</th><th scope="col" class="num">Opportunities</th><th scope="col" class="num">Pipeline</th><th scope="col" class="num">Won</th><th scope="col" class="num">Won revenue</th></tr></thead>
<tbody>${r.rows.map((row) => html`<tr data-key="${row.key ?? ''}"><td>${row.key ?? html`<span class="muted">${noKey[q.by]}</span>`}</td>${cells(row)}</tr>`)}</tbody>
<tfoot>
<tr id="attributed"><th scope="row">attributed</th>${cells(r.attributed)}</tr>
<tr id="unattributed"><th scope="row">unattributed (no touch in the window)</th>${cells(r.unattributed)}</tr>
<tr id="total"><th scope="row">total (as the dashboard counts them)</th>${cells(r.total)}</tr>
</tfoot></table></section>`;
}

export const attributionPages: ConsolePages = (deps) => async (app) => {
  const { db } = deps;
  app.get('/console/attribution', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const query = req.query as Record<string, string>;
    const [options, result] = await Promise.all([filterOptions(db), reportForQuery(db, query, attributionQuerySchema, (q) => computeAttribution(db, q))]);
    const content = 'problems' in result ? form(query, options, result.problems) : html`${form(query, options, [])}${body(result.report)}`;
    return sendPage(reply, 'problems' in result ? 400 : 200, layout({ title: 'Attribution', viewer: viewer(req), section: 'attribution', body: content }));
  });
};
