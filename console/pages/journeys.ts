// Journeys: every published definition with its versions, the accounts running each by stage, a
// launch for a tier or a list of accounts with its progress (the launch runs on in this process
// while the page follows it), the forecast of a draft (./journey-forecast.ts), and links to the
// accounts to pause, resume or stop them there.
import { randomUUID } from 'node:crypto';
import { findAccountByDomain } from '../../accounts/find-account';
import { holdoutSummaryLine } from '../../domain/measurement/holdout';
import { holdoutShareTextSchema } from '../../domain/measurement/holdout-settings';
import { accountsInTier, launchForAccounts, type LaunchSummary } from '../../use-cases/launch';
import { UseCaseError } from '../../domain/use-case-error';
import { marketingOnly } from '../../domain/access/roles';
import { tier as tierSchema } from '../../domain/accounts/vocabulary';
import type { JourneyDefinition } from '../../domain/journey/definition';
import { forecastCsv } from '../../forecast/report';
import { listJourneys } from '../../journeys/list';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, sendPage } from '../layout';
import type { Viewer } from '../session';
import { accountPath } from './account';
import { journeyPath } from './journey';
import { forecastForm, forecastResult, runForecastForm, type ForecastForm, type ForecastOutcome } from './journey-forecast';

type Launch = { journey: string; what: string; total: number; done: number; summary?: LaunchSummary; error?: string };

/** Launches started from this console process, for their progress; the launches themselves are durable. */
const launches = new Map<string, Launch>();
const keptLaunches = 50;

function launchProgress(l: Launch): Html {
  const s = l.summary;
  return html`<section class="card" id="launch" data-live aria-live="polite"><h2>Launch of ${l.journey} for ${l.what}</h2>
<p><progress max="${Math.max(l.total, 1)}" value="${l.done}" aria-label="accounts launched">${l.done}</progress> ${l.done} of ${l.total} accounts</p>
${l.error ? html`<p class="error" role="alert">The launch failed: ${l.error}. Accounts started before the failure keep running; launch again to finish (already running ones are skipped).</p>` : ''}
${s ? html`<p class="ok" role="status">Done: ${s.started.length} started, ${s.alreadyRunning.length} already running, ${s.notEligible.length} not eligible (version ${s.journeyVersion}).</p>
${s.notEligible.length > 0 ? html`<details><summary>Not eligible, and why</summary><ul>${s.notEligible.map((n) => html`<li>${n.domain}: ${n.reason}</li>`)}</ul></details>` : ''}
${s.holdout ? html`<p class="muted">${holdoutSummaryLine(s.holdout)}</p>` : ''}` : l.error ? '' : html`<p class="muted">Launching…</p>`}
</section>`;
}

/** A version's stages and steps at a glance; the file itself says the rest. */
const definitionOutline = (d: JourneyDefinition) =>
  html`<ol>${d.stages.map((st) => html`<li><b>${st.key}</b>: ${st.steps.map((step) => `${step.id} (${step.type})`).join(', ')}</li>`)}</ol>`;

type PageState = { launch?: Launch; error?: string; form?: Record<string, string>; forecast?: { form: ForecastForm; outcome?: ForecastOutcome } };

async function journeysBody(deps: Parameters<ConsolePages>[0], v: Viewer, { launch, error, form = {}, forecast }: PageState): Promise<Html> {
  const { db } = deps;
  const journeys = await listJourneys(db);
  const top = html`${error ? html`<p class="error" role="alert" id="launch-error">${error}</p>` : ''}
${launch ? launchProgress(launch) : ''}`;
  const forecasting = html`${forecastForm(v, forecast?.form ?? {}, journeys.map((j) => j.key))}
${forecast?.outcome ? forecastResult(v, forecast.form, forecast.outcome) : ''}`;
  // Nothing to launch or list yet: say how to publish instead of an empty required picker and empty
  // tables. A pasted draft can still be forecast before anything is published.
  if (journeys.length === 0) {
    return html`${top}
<section class="card" id="no-journeys"><h2>Published journeys</h2>
<p class="message">No journey is published yet: publish one with <code>${'npx harpoon journeys publish journeys/<file>.yaml'}</code>, see "Journeys" in the README. Then launch it here for a tier or a list of accounts.</p></section>
${forecasting}`;
  }
  const versions = await db.journeyVersion.findMany({ select: { key: true, version: true, publishedAt: true, definition: true }, orderBy: [{ key: 'asc' }, { version: 'desc' }] });
  const byStage = await db.journeyRun.groupBy({ by: ['journeyKey', 'stage'], where: { status: { in: ['running', 'paused'] } }, _count: { _all: true } });
  const recent = await db.journeyRun.findMany({ where: { status: { in: ['running', 'paused'] } }, orderBy: { updatedAt: 'desc' }, take: 10, include: { account: { select: { id: true, name: true } } } });
  return html`${top}
<section class="card"><h2>Launch a journey</h2>
<form method="post" action="/console/journeys/launch" class="filters">
<input type="hidden" name="_csrf" value="${v.csrf}">
<div><label for="l-journey">Journey</label><select id="l-journey" name="journey" required>${journeys.map((j) => html`<option${form.journey === j.key ? html` selected` : ''}>${j.key}</option>`)}</select></div>
<div><label for="l-tier">For every account of tier</label><select id="l-tier" name="tier"><option value="">(a list instead)</option>${['1', '2', '3'].map((t) => html`<option${form.tier === t ? html` selected` : ''}>${t}</option>`)}</select></div>
<div><label for="l-accounts">or these accounts (domains, one per line)</label><textarea id="l-accounts" name="accounts" rows="2" cols="34">${form.accounts ?? ''}</textarea></div>
<div><label for="l-holdout">Hold out of each tier (empty: as its file says)</label><input id="l-holdout" name="holdout" placeholder="10%" size="6" value="${form.holdout ?? ''}"></div>
<button type="submit">Launch</button>
</form></section>
${forecasting}
<section class="card" id="journey-list" data-live><h2>Published journeys</h2>
<table><thead><tr><th scope="col">Journey</th><th scope="col">Versions</th><th scope="col">Running accounts by stage</th><th scope="col">All runs</th></tr></thead><tbody>
${journeys.map(
  (j) => html`<tr><td><a href="${journeyPath(j.key)}"><b>${j.key}</b></a><br><span class="muted">${j.name}</span></td>
<td>${versions.filter((x) => x.key === j.key).map((x) => html`<details><summary>v${x.version} <span class="muted">${x.publishedAt.toISOString().slice(0, 10)}</span></summary>${definitionOutline(x.definition as unknown as JourneyDefinition)}</details>`)}</td>
<td>${byStage.filter((b) => b.journeyKey === j.key).map((b) => html`${b.stage ?? '(starting)'}: <b>${b._count._all}</b><br>`)}</td>
<td>${Object.entries(j.journeys).map(([status, n]) => html`${status}: ${n}<br>`)}</td></tr>`,
)}
</tbody></table></section>
<section class="card" id="recent-runs" data-live><h2>Recently active journeys</h2><p class="muted">Open an account to pause, resume or stop its journeys.</p>
<ul class="plain">${recent.map((r) => html`<li><a href="${accountPath(r.account.id)}">${r.account.name}</a>: ${r.journeyKey}, ${r.status}, stage ${r.stage ?? '(starting)'}</li>`)}</ul></section>`;
}

export const journeyPages: ConsolePages = (deps) => async (app) => {
  const { db } = deps;
  const page = async (v: Viewer, state: PageState) => layout({ title: 'Journeys', viewer: v, section: 'journeys', body: await journeysBody(deps, v, state) });

  app.get('/console/journeys', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const launchId = (req.query as Record<string, string | undefined>).launch;
    return sendPage(reply, 200, await page(viewer(req), { launch: launchId ? launches.get(launchId) : undefined }));
  });

  // The forecast's answer page refreshes its live parts from its own URL: they are the Journeys page's.
  app.get('/console/journeys/forecast', { config: { consoleRoles: marketingOnly } }, (_req, reply) => reply.redirect('/console/journeys', 303));

  app.post('/console/journeys/forecast', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const form = (req.body ?? {}) as ForecastForm;
    const outcome = await runForecastForm(db, form, Date.now());
    return sendPage(reply, outcome.kind === 'done' ? 200 : 400, await page(viewer(req), { forecast: { form, outcome } }));
  });

  // The full forecast the page showed (its form carries the same choices and moment), as `journeys forecast --csv` prints it.
  app.post('/console/journeys/forecast.csv', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const form = (req.body ?? {}) as ForecastForm;
    const outcome = await runForecastForm(db, form, Date.now());
    if (outcome.kind !== 'done') return sendPage(reply, 400, await page(viewer(req), { forecast: { form, outcome } }));
    const name = `forecast-${outcome.report.journey.key}-${new Date(outcome.startMs).toISOString().slice(0, 10)}.csv`;
    return reply
      .headers({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
      .send(`${forecastCsv(outcome.report).join('\n')}\n`);
  });

  app.post('/console/journeys/launch', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const v = viewer(req);
    const form = (req.body ?? {}) as Record<string, string>;
    const refuse = async (message: string) => sendPage(reply, 400, await page(v, { error: message, form }));
    const journey = (form.journey ?? '').trim();
    if (!journey) return refuse('journey: choose a published journey');
    const domains = (form.accounts ?? '').split(/[\s,;]+/).filter(Boolean);
    if ((form.tier ? 1 : 0) + (domains.length > 0 ? 1 : 0) !== 1) return refuse('tier or accounts: choose a tier, or list account domains (one of the two)');
    const holdout = (form.holdout ?? '').trim() === '' ? undefined : holdoutShareTextSchema.safeParse(form.holdout);
    if (holdout && !holdout.success) return refuse(`holdout: ${holdout.error.issues[0]!.message}`);
    let accounts;
    let what: string;
    if (form.tier) {
      const t = tierSchema.safeParse(Number(form.tier));
      if (!t.success) return refuse('tier: expected 1, 2 or 3');
      accounts = await accountsInTier(db, t.data);
      what = `tier ${t.data}`;
    } else {
      const found = await Promise.all(domains.map(async (d) => ({ d, account: await findAccountByDomain(db, d) })));
      const unknown = found.filter((f) => !f.account).map((f) => f.d);
      if (unknown.length > 0) return refuse(`accounts: no account with the domain ${unknown.join(', ')}; nothing was launched`);
      accounts = await db.account.findMany({ where: { id: { in: found.map((f) => f.account!.id) } } });
      what = `${accounts.length} listed account(s)`;
    }
    if (!(await db.journeyVersion.findFirst({ where: { key: journey }, select: { id: true } }))) {
      return refuse(`journey: "${journey}" is not published; publish it with "harpoon journeys publish <file>"`);
    }
    const client = await deps.temporal();
    const id = randomUUID();
    const launch: Launch = { journey, what, total: accounts.length, done: 0 };
    launches.set(id, launch);
    for (const old of [...launches.keys()].slice(0, Math.max(0, launches.size - keptLaunches))) launches.delete(old);
    // Runs on after this answer; the page follows its progress. A failure is shown on that page.
    launchForAccounts(db, client, deps.taskQueue, journey, accounts, (done) => (launch.done = done), { holdoutShare: holdout?.data }).then(
      (summary) => {
        launch.summary = summary;
        launch.done = launch.total;
      },
      (err: Error) => (launch.error = err instanceof UseCaseError ? err.message : String(err.message ?? err)),
    );
    return reply.redirect(`/console/journeys?launch=${id}`, 303);
  });
};
