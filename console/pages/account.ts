// One account's story: firmographics (with its time zone and custom fields), the value score with
// each factor's points, tier and pool status with their reasons, the buying group (roles × contacts
// × consent × engaged), its journeys (with a link to each in the Temporal Web UI, and pause /
// resume / stop for marketing), and the timeline with every send, skip and its reason, response
// and decision. A rep sees their own accounts (accounts/find-account.ts decides, as for the API).
import { z } from 'zod';
import { getAccountView } from '../../accounts/account-view';
import { accountFor } from '../../accounts/find-account';
import { steerJourneys, type SteerAction } from '../../use-cases/steer';
import { marketingOnly, withSales } from '../../domain/access/roles';
import { engagementTouchTypes } from '../../domain/metrics/touch-kinds';
import { accountTimeline } from '../../timeline/account-timeline';
import type { ConsoleDeps, ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, sendPage } from '../layout';
import type { Viewer } from '../session';
import { timelineText } from './timeline-text';

export const accountPath = (accountId: string) => `/console/accounts/${encodeURIComponent(accountId)}`;

/** The newest timeline entries shown; the CLI's `accounts timeline` has them all. */
const timelineLength = 100;

const when = (d: Date | string | null | undefined) => (d ? (typeof d === 'string' ? d : d.toISOString()).slice(0, 16).replace('T', ' ') : '');
const yesNo = (b: boolean, yes = 'yes', no = 'no') => html`<span class="badge ${b ? 'yes' : 'no'}">${b ? yes : no}</span>`;

/** Every custom field an import gave (attr.<name>), read by the scoring model or not, as its own group of rows. */
function customFields(attributes: Record<string, unknown>): Html {
  const fields = Object.entries(attributes);
  return html`<tbody><tr><th scope="rowgroup" colspan="2">Custom fields</th></tr>
${fields.length === 0
  ? html`<tr><td colspan="2" class="muted">none</td></tr>`
  : fields.map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${typeof value === 'string' ? value : JSON.stringify(value)}</td></tr>`)}
</tbody>`;
}

async function accountBody(deps: ConsoleDeps, account: { id: string; domain: string }, v: Viewer, notice?: Html): Promise<Html> {
  const accountId = account.id;
  const a = await getAccountView(deps.db, account.domain);
  const [timeline, tasks] = await Promise.all([
    accountTimeline(deps.db, accountId),
    deps.db.salesTask.findMany({ where: { accountId }, select: { id: true, ownerId: true } }),
  ]);
  const owners = new Map(tasks.map((t) => [t.id, t.ownerId]));
  const engaged = new Map<string, Set<string>>();
  for (const t of timeline) {
    if (t.contact && (engagementTouchTypes as readonly string[]).includes(t.type)) engaged.set(t.contact, (engaged.get(t.contact) ?? new Set()).add(t.type));
  }
  const runs = await deps.db.journeyRun.findMany({ where: { accountId }, orderBy: { startedAt: 'desc' } });
  // The step each journey is at: its open step record, while it is of the run's stage (a journey a
  // trigger moved has not begun a step of the new stage yet), as the CLI and the API show it.
  const openSteps = await deps.db.stepVisit.findMany({ where: { workflowId: { in: runs.map((r) => r.workflowId) }, leftAt: null }, select: { workflowId: true, stage: true, stepId: true } });
  const stepOf = (r: { workflowId: string; stage: string | null }) => openSteps.find((v) => v.workflowId === r.workflowId && v.stage === r.stage)?.stepId;
  const uiLink = (workflowId: string) => `${deps.temporalUi.url}/namespaces/${encodeURIComponent(deps.temporalUi.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  const canSteer = v.role !== 'sales';
  const s = a.assessment;
  return html`${notice ?? ''}<div class="grid2">
<section class="card"><h2>Firmographics</h2><table><tbody>
<tr><th scope="row">Domain</th><td>${a.domain}</td></tr>
<tr><th scope="row">Industry</th><td>${a.industry ?? 'unknown'}</td></tr>
<tr><th scope="row">Country</th><td>${a.country ?? 'unknown'}</td></tr>
<tr><th scope="row">Employees</th><td>${a.employeeCount ?? 'unknown'}</td></tr>
<tr><th scope="row">Revenue band</th><td>${a.revenueBand ?? 'unknown'}</td></tr>
<tr><th scope="row">Purchase pattern</th><td>${a.purchasePattern ?? 'unknown'}</td></tr>
<tr><th scope="row">Time zone</th><td>${a.timezone} <span class="muted">(decides the quiet hours of contacts with no zone of their own)</span></td></tr>
<tr><th scope="row">Owner</th><td>${a.owner ? `${a.owner.name ?? a.owner.email}` : 'none'}</td></tr>
<tr><th scope="row">Pool</th><td>${a.pool.status}${a.pool.reason ? `: ${a.pool.reason}` : ''}</td></tr>
<tr><th scope="row">Tier</th><td>${a.tier.tier ?? 'none'}${a.tier.reason ? `: ${a.tier.reason}` : ''}${a.tier.fixedByHand ? ' (set by hand)' : a.tier.fixedByImport ? ' (set by an import)' : ''}</td></tr>
</tbody>
${customFields(a.attributes)}
</table></section>
<section class="card"><h2>Value score: ${s ? `${s.score ?? 'unknown'} (confidence ${Math.round(s.confidence * 100)} %)` : 'not scored yet'}</h2>
${s ? html`<p>Recommended tier ${s.recommendedTier ?? 'none'}; current value ${s.currentValue ?? '?'}, future value ${s.futureValue ?? '?'}.</p>
<table><thead><tr><th scope="col">Factor</th><th scope="col">Input</th><th scope="col" class="num">Weight</th><th scope="col" class="num">Points</th></tr></thead><tbody>
${s.factors.map((f) => html`<tr><td>${f.label}</td><td>${f.known ? `${f.field} = ${f.value}${f.basis ? ` (${f.basis})` : ''}` : `unknown: ${f.unknownBecause}`}</td><td class="num">${f.weight}</td><td class="num">${f.known ? f.points : '-'}</td></tr>`)}
</tbody></table>` : html`<p class="muted">Run "harpoon accounts score ${a.domain}".</p>`}</section>
</div>
<section class="card" id="buying-group" data-live><h2>Buying group (coverage ${Math.round(a.coverage.ratio * 100)} %${a.coverage.gaps.length ? `; gaps: ${a.coverage.gaps.map((g) => `${g.role} (${g.why})`).join(', ')}` : ''})</h2>
<table><thead><tr><th scope="col">Role</th><th scope="col">Contact</th><th scope="col">Title</th><th scope="col">Consent</th><th scope="col">Engaged</th></tr></thead><tbody>
${a.buyingGroup.map((c) => {
  const did = engaged.get(c.email);
  return html`<tr><td>${c.role}</td><td>${c.name ?? '(no name)'}</td><td>${c.title ?? ''}</td><td>${yesNo(c.reachable, c.consent, c.consent)}</td><td>${did ? html`${yesNo(true)} ${[...did].join(', ')}` : yesNo(false)}</td></tr>`;
})}
</tbody></table></section>
<section class="card" id="journeys" data-live><h2>Journeys</h2>
${runs.length === 0 ? html`<p class="muted">No journey has run for this account.</p>` : html`<table><thead><tr><th scope="col">Journey</th><th scope="col">Status</th><th scope="col">Stage / step</th><th scope="col">Started</th><th scope="col">In Temporal</th></tr></thead><tbody>
${runs.map((r) => html`<tr><td>${r.journeyKey} v${r.journeyVersion}</td><td>${r.status}${r.exitReason ? `: ${r.exitReason}` : ''}</td><td>${r.stage ?? ''}${stepOf(r) ? ` / ${stepOf(r)}` : ''}</td><td>${when(r.startedAt)}</td><td><a href="${uiLink(r.workflowId)}" rel="noreferrer">open in the Web UI</a></td></tr>`)}
</tbody></table>`}</section>
${canSteer && runs.some((r) => r.status === 'running' || r.status === 'paused') ? html`<form method="post" action="${accountPath(accountId)}/steer" class="filters card" aria-label="Steer this account's journeys">
<input type="hidden" name="_csrf" value="${v.csrf}">
<div><label for="steer-reason">Reason</label><input id="steer-reason" name="reason" value="by an operator in the console"></div>
<button name="action" value="pause" class="secondary">Pause</button><button name="action" value="resume" class="secondary">Resume</button><button name="action" value="stop" class="danger">Stop</button>
</form>` : ''}
<section class="card" id="timeline" data-live><h2>Timeline (newest first${timeline.length > timelineLength ? `, latest ${timelineLength} of ${timeline.length}` : ''})</h2>
<table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Contact</th><th scope="col">Journey</th><th scope="col">What happened</th></tr></thead><tbody>
${timeline.slice(-timelineLength).reverse().map((t) => html`<tr><td>${when(t.at)}</td><td>${t.person ?? ''}</td><td>${t.journey ?? ''}</td><td>${timelineText(t.summary, v, owners)}</td></tr>`)}
</tbody></table></section>`;
}

const steerForm = z.object({ action: z.enum(['pause', 'resume', 'stop']), reason: z.string().trim().min(1).max(500).default('by an operator in the console') });

export const accountPages: ConsolePages = (deps) => async (app) => {
  const show = async (v: Viewer, accountId: string, notice?: Html) => {
    const account = await accountFor(deps.db, v, accountId);
    return layout({ title: account.name, viewer: v, section: 'account', body: await accountBody(deps, account, v, notice) });
  };

  app.get('/console/accounts/:id', { config: { consoleRoles: withSales } }, async (req, reply) =>
    sendPage(reply, 200, await show(viewer(req), (req.params as { id: string }).id)),
  );

  app.post('/console/accounts/:id/steer', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const v = viewer(req);
    const accountId = (req.params as { id: string }).id;
    const form = steerForm.safeParse(req.body);
    if (!form.success) {
      return sendPage(reply, 400, await show(v, accountId, html`<p class="error" role="alert">${form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}</p>`));
    }
    const { steered, unchanged } = await steerJourneys(deps.db, await deps.temporal(), { accountId }, form.data.action as SteerAction, form.data.reason);
    const untouched = unchanged.length > 0 ? ` ${unchanged.length} not changed: ${unchanged.map((u) => u.why).join(', ')}.` : '';
    return sendPage(reply, 200, await show(v, accountId, html`<p class="ok" role="status">${form.data.action} sent to ${steered.length} journey(s); their status follows within seconds.${untouched}</p>`));
  });
};
