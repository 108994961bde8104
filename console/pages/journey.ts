// One journey: its graph (stages and steps in file order, each step's jumps) with the per-step
// analytics of a version on each step, and a version picker. The figures are `harpoon report
// steps`'s (metrics/step-analytics.ts). Drawn as HTML lists, so the graph reads as text too.
import { marketingOnly } from '../../domain/access/roles';
import { stepAnalyticsQuerySchema } from '../../domain/measurement/step-analytics-query';
import { invalid } from '../../domain/use-case-error';
import { pct } from '../../metrics/report-text';
import { computeStepReport, type StepReport } from '../../metrics/step-analytics';
import { reasons, total } from '../../metrics/step-report-text';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, sendPage } from '../layout';

export const journeyPath = (key: string) => `/console/journeys/${encodeURIComponent(key)}`;

const stepAnchor = (stage: string, stepId: string) => `step-${stage}-${stepId}`;

/** Where a jump lands, as a link to that step's box ("stage convert" goes to the stage's first step). */
function jumpLink(r: StepReport, to: string): Html {
  const [kind, name] = to.split(' ') as ['stage' | 'step', string];
  const target = kind === 'stage' ? r.steps.find((s) => s.stage === name) : r.steps.find((s) => s.stepId === name);
  return target ? html`<a href="#${stepAnchor(target.stage, target.stepId)}">${to}</a>` : html`${to}`;
}

function stepBox(r: StepReport, s: StepReport['steps'][number]): Html {
  const sends = s.sent > 0 || Object.keys(s.skipped).length > 0 || Object.keys(s.otherOutcomes).length > 0;
  const ended = total(s.endedOtherwise);
  return html`<li class="graph-step" id="${stepAnchor(s.stage, s.stepId)}">
<h3>${s.stepId} <span class="badge">${s.stepType}</span></h3>
<dl class="step-counts">
<dt>entered</dt><dd>${s.entered}</dd>
<dt>moved on</dt><dd>${s.movedOn}</dd>
<dt>exited by goal</dt><dd>${s.exitedByGoal}</dd>
<dt>ended here</dt><dd>${ended}${ended ? html` <span class="muted">(${reasons(s.endedOtherwise)})</span>` : ''}</dd>
<dt>still here</dt><dd>${s.stillHere}</dd>
${sends
  ? html`<dt>sent</dt><dd>${s.sent}</dd>
<dt>skipped</dt><dd>${total(s.skipped)}${Object.keys(s.skipped).length ? html` <span class="muted">(${reasons(s.skipped)})</span>` : ''}</dd>
${Object.keys(s.otherOutcomes).length ? html`<dt>not sent</dt><dd>${reasons(s.otherOutcomes)}</dd>` : ''}
<dt>opened</dt><dd>${s.opened.people} people, ${pct(s.opened.rate)}</dd>
<dt>clicked</dt><dd>${s.clicked.people} people, ${pct(s.clicked.rate)}</dd>
<dt>replied</dt><dd>${s.replied.people} people, ${pct(s.replied.rate)}</dd>`
  : ''}
</dl>
<p class="graph-flow">${s.jumps.map((j) => html`<span>${j.field.split('.')[0]} → ${jumpLink(r, j.to)}</span> `)}${s.continues ? html`<span aria-hidden="true">↓</span> <span class="muted">${s === r.steps.at(-1) ? 'then the journey completes' : 'then the next step'}</span>` : s.jumps.length === 0 ? html`<span class="muted">the journey ends here</span>` : ''}</p>
</li>`;
}

function journeyBody(r: StepReport): Html {
  const stages = [...new Set(r.steps.map((s) => s.stage))];
  return html`<form method="get" class="filters card" aria-label="Version">
<div><label for="version">Version</label><select id="version" name="version">${r.versions.map((v) => html`<option${v === r.version ? html` selected` : ''}>${v}</option>`)}</select></div>
<button type="submit">Show</button>
</form>
<p id="step-runs" data-live>${r.runs.recorded} journeys on version ${r.version} recorded their steps${r.runs.notRecorded ? html`; ${r.runs.notRecorded} begun before step records are not recorded, so not counted` : ''}. Opened, clicked and replied count people; rates are emails responded to over emails sent.</p>
<ol class="journey-graph" id="journey-graph" data-live aria-label="The journey's stages and steps, in order">
${stages.map((stage) => html`<li class="card"><h2>Stage ${stage}</h2><ol class="graph-steps">${r.steps.filter((s) => s.stage === stage).map((s) => stepBox(r, s))}</ol></li>`)}
</ol>`;
}

export const journeyStepPages: ConsolePages = (deps) => async (app) => {
  app.get('/console/journeys/:key', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const { key } = req.params as { key: string };
    const parsed = stepAnalyticsQuerySchema.safeParse({ journey: key, version: (req.query as { version?: string }).version || undefined });
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; '));
    const report = await computeStepReport(deps.db, parsed.data);
    return sendPage(reply, 200, layout({ title: `Journey ${report.journey}, version ${report.version}`, viewer: viewer(req), section: 'journeys', body: journeyBody(report) }));
  });
};
