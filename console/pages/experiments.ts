// Experiments: every A/B-tested email step with each variant's split, sends, conversions by the
// step's metric and rate, and the winner or what the rule still needs. The same read model as
// `harpoon report experiments` and GET /v1/metrics/experiments; it refreshes while open.
import { marketingOnly } from '../../domain/access/roles';
import { experimentsFilterSchema, experimentsReport, type ExperimentRow } from '../../metrics/experiments';
import { decisionText, ruleText } from '../../metrics/experiments-text';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, messagePage, sendPage } from '../layout';

const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)} %`);
const decisionBadge = { decided: 'yes', due: 'yes', waiting: '' } as const;

function experimentCard(e: ExperimentRow): Html {
  const id = `experiment-${e.journey}-${e.version}-${e.step}`;
  return html`<section class="card" id="${id}" data-live aria-labelledby="${id}-title">
<h2 id="${id}-title">${e.journey} v${e.version} · step ${e.step}</h2>
<p class="muted">${ruleText(e)}</p>
<table><caption class="muted">Observed: units whose ${e.rule.within} after their first email have passed; the rate is converted / observed</caption>
<thead><tr><th scope="col">Variant</th><th scope="col">Template</th><th scope="col">Subject</th><th scope="col" class="num">Share</th><th scope="col" class="num">Assigned</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Observed</th><th scope="col" class="num">Converted</th><th scope="col" class="num">Rate</th></tr></thead><tbody>
${e.variants.map((v) => html`<tr><th scope="row">${v.key}</th><td>${v.template}</td><td>${v.subject ?? '-'}</td><td class="num">${pct(v.share)}</td><td class="num">${v.assigned}</td><td class="num">${v.sent}</td><td class="num">${v.observed}</td><td class="num">${v.converted}</td><td class="num">${pct(v.rate)}</td></tr>`)}
</tbody></table>
${e.afterDecision > 0 ? html`<p>${e.afterDecision} more ${e.split === 'account' ? 'accounts' : 'contacts'} got the winner after the decision.</p>` : ''}
<p class="decision"><span class="badge${decisionBadge[e.decision.status] ? ` ${decisionBadge[e.decision.status]}` : ''}">${e.decision.status === 'waiting' ? 'not decided' : e.decision.status}</span> ${decisionText(e.decision)}</p>
</section>`;
}

export const experimentPages: ConsolePages = (deps) => async (app) => {
  app.get<{ Querystring: Record<string, string | undefined> }>('/console/experiments', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const filter = experimentsFilterSchema.safeParse({ journey: req.query.journey || undefined });
    if (!filter.success) return sendPage(reply, 400, messagePage(viewer(req), 'Experiments', `journey: ${filter.error.issues[0]!.message}`, { href: '/console/experiments', label: 'All experiments' }));
    const report = await experimentsReport(deps.db, filter.data);
    const body =
      report.experiments.length === 0
        ? html`<p class="message" id="experiments-none" data-live>No A/B tests yet: give an email step <code>variants</code> and a <code>winner</code> rule in a journey file.</p>`
        : html`${report.experiments.map(experimentCard)}`;
    return sendPage(reply, 200, layout({ title: 'Experiments', viewer: viewer(req), section: 'experiments', body }));
  });
};
