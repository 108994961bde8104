// The Lift page: a journey's treated accounts against those it held out, each outcome's rate with
// its 95 % interval, the lift and its interval, pipeline per account, and the warning when the
// groups are too small; the same figures as `harpoon report lift` and GET /v1/metrics/lift
// (metrics/lift.ts), for a journey picked from those with a holdout, over a period.
import { marketingOnly } from '../../domain/access/roles';
import { forForm } from '../../domain/fields/field-ref';
import { liftOutcomes, type Incrementality } from '../../domain/measurement/incrementality';
import { liftFilterSchema, type LiftFilter } from '../../domain/measurement/lift-filter';
import { UseCaseError } from '../../domain/use-case-error';
import { computeLift, type LiftReport } from '../../metrics/lift';
import { amount, amountRange, outcomeLabels, pct, pctRange, points } from '../../metrics/lift-text';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, sendPage } from '../layout';

function picker(query: Record<string, string>, journeys: string[], problems: string[]): Html {
  return html`<form method="get" action="/console/lift" class="filters card" aria-label="Journey and period">
<div><label for="f-journey">Journey</label><select id="f-journey" name="journey">${journeys.length === 0 ? html`<option value="">no journey has a holdout yet</option>` : ''}${journeys.map((j) => html`<option${query.journey === j ? html` selected` : ''}>${j}</option>`)}</select></div>
<div><label for="f-from">From</label><input id="f-from" name="from" type="date" value="${query.from ?? ''}"></div>
<div><label for="f-to">To</label><input id="f-to" name="to" type="date" value="${query.to ?? ''}"></div>
<button type="submit">Show</button>
${problems.length > 0 ? html`<p class="error" role="alert">${problems.join('; ')}</p>` : ''}
</form>`;
}

function comparison(i: Incrementality, currency: string | null, id: string): Html {
  const cur = currency ? ` ${currency}` : '';
  const p = i.pipelinePerAccount;
  return html`<p>${i.treatedAccounts} treated, ${i.heldOutAccounts} held out.</p>
${i.warning ? html`<p class="error" role="alert">${i.warning}</p>` : ''}
<table id="${id}"><thead><tr><th scope="col">Outcome</th><th scope="col" class="num">Treated</th><th scope="col" class="num">Held out</th><th scope="col" class="num">Lift (points)</th><th scope="col" class="num">Relative</th></tr></thead><tbody>
${liftOutcomes.map((o) => {
  const r = i.rates[o];
  return html`<tr data-outcome="${o}"><td>${outcomeLabels[o]}${r.tooFew ? html`<br><small class="muted">${r.tooFew}</small>` : ''}</td>
<td class="num">${pct(r.treated.rate)} (${r.treated.events}/${r.treated.accounts})<br><small>${pctRange(r.treated.interval)}</small></td>
<td class="num">${pct(r.heldOut.rate)} (${r.heldOut.events}/${r.heldOut.accounts})<br><small>${pctRange(r.heldOut.interval)}</small></td>
<td class="num">${r.difference === null ? '-' : points(r.difference)}<br><small>${r.interval ? `[${points(r.interval.low)} to ${points(r.interval.high)}]` : ''}</small></td>
<td class="num">${r.relative === null ? '-' : `${points(r.relative)} %`}</td></tr>`;
})}
<tr data-outcome="pipeline"><td>pipeline per account</td><td class="num">${amount(p.treated.mean)}${cur}<br><small>${amountRange(p.treated.interval)}</small></td><td class="num">${amount(p.heldOut.mean)}${cur}<br><small>${amountRange(p.heldOut.interval)}</small></td><td class="num">${amount(p.difference)}${cur}<br><small>${amountRange(p.interval)}</small></td><td class="num">${p.relative === null ? '-' : `${points(p.relative)} %`}</td></tr>
</tbody></table>`;
}

function body(r: LiftReport): Html {
  const holdout = r.holdout ? `${pct(r.holdout.share)} of each tier held out, seed "${r.holdout.seed}"` : 'nobody assigned yet';
  return html`<section class="card" id="lift" data-live><h2>${r.filter.journey}: ${holdout}</h2>
<p class="muted">Rates with their 95 % interval (Wilson); the lift is treated − held out in percentage points with Newcombe's interval.</p>
${comparison(r, r.currency, 'lift-all')}</section>
${r.byStratum.map((s) => html`<section class="card"><h2>${s.stratum}</h2>${comparison(s, r.currency, `lift-${s.stratum.replace(/\s+/g, '-')}`)}</section>`)}`;
}

export const liftPages: ConsolePages = (deps) => async (app) => {
  const { db } = deps;
  app.get('/console/lift', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const query = req.query as Record<string, string>;
    const journeys = (await db.holdoutAssignment.findMany({ distinct: ['journeyKey'], select: { journeyKey: true }, orderBy: { journeyKey: 'asc' } })).map((j) => j.journeyKey);
    // Without a pick, the first journey with a holdout.
    const input = Object.fromEntries(Object.entries({ journey: journeys[0] ?? '', ...query }).filter(([, v]) => v.trim() !== ''));
    let content: Html = picker(query, journeys, []);
    let status = 200;
    if (input.journey !== undefined) {
      const parsed = liftFilterSchema.safeParse(input);
      if (!parsed.success) {
        status = 400;
        content = picker(query, journeys, parsed.error.issues.map((i) => `${i.path.join('.') || 'filter'}: ${forForm(i.message)}`));
      } else {
        try {
          content = html`${picker({ ...query, journey: input.journey }, journeys, [])}${body(await computeLift(db, parsed.data as LiftFilter))}`;
        } catch (err) {
          if (!(err instanceof UseCaseError)) throw err;
          status = err.kind === 'not_found' ? 404 : 400;
          content = picker(query, journeys, [forForm(err.message)]);
        }
      }
    }
    return sendPage(reply, status, layout({ title: 'Lift', viewer: viewer(req), section: 'lift', body: content }));
  });
};
