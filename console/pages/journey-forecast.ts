// The Journeys page's "Forecast a draft": a pasted journey file or a published key, for a tier or
// one account, run through the same forecast as `harpoon journeys forecast` (in memory, nothing
// written or sent). The page shows the summary and the first accounts; the CSV has them all. Every
// choice travels in the POST body, so no address or draft ever sits in a URL.
import { findAccountByDomain } from '../../accounts/find-account';
import { accountsInTier } from '../../use-cases/launch';
import type { Db } from '../../db/client';
import { parseEngagementSetting } from '../../domain/forecast/engagement';
import { maxConsoleForecastAccounts, maxForecastDays, parseForecastDays } from '../../domain/forecast/horizon';
import { tier as tierSchema } from '../../domain/accounts/vocabulary';
import type { JourneyDefinition } from '../../domain/journey/definition';
import type { JourneyProblem } from '../../domain/journey/validate';
import type { CandidateAccount } from '../../domain/journey/entry';
import { forecastJourney } from '../../forecast/forecast-journey';
import { accountLines, forecastSummary, type ForecastReport } from '../../forecast/report';
import type { ForecastEntryKind } from '../../forecast/simulate';
import { latestJourneyVersion, validateJourneyDefinition } from '../../journeys/catalog';
import { JourneyFileError, parseJourneyText } from '../../journeys/load';
import { html, type Html } from '../html';
import type { Viewer } from '../session';

export type ForecastForm = Record<string, string | undefined>;

export type ForecastOutcome =
  | { kind: 'refused'; message: string }
  | { kind: 'invalid'; problems: JourneyProblem[] }
  | { kind: 'done'; report: ForecastReport; startMs: number };

/** Accounts shown on the page; the CSV download has every one. */
export const shownForecastAccounts = 20;

const dayMs = 86_400_000;

const engagementChoices = [
  ['none', 'none: nobody engages'],
  ['typical', 'typical: a seeded, typical rate'],
  ['seed', 'typical, from this seed:'],
] as const;

const draftLabel = 'draft';

type Chosen = { definition: JourneyDefinition; journey: ForecastReport['journey'] };

/** The draft (validated, every problem with its path) or the latest published version of a key. */
async function journeyOf(db: Db, form: ForecastForm): Promise<Chosen | { refused: string } | { problems: JourneyProblem[] }> {
  const draft = (form.draft ?? '').trim();
  const key = (form.key ?? '').trim();
  if ((draft ? 1 : 0) + (key ? 1 : 0) !== 1) return { refused: 'journey: paste a journey file (YAML or JSON) or pick a published journey (one of the two)' };
  if (key) {
    const published = await latestJourneyVersion(db, key);
    if (!published) return { refused: `journey: "${key}" is not published; pick one from the list or paste its file` };
    return { definition: published.definition, journey: { key: published.key, version: published.version, source: `published v${published.version}` } };
  }
  let raw: unknown;
  try {
    raw = parseJourneyText(draftLabel, draft);
  } catch (err) {
    if (err instanceof JourneyFileError) return { refused: `${err.message}; fix the draft and forecast again` };
    throw err;
  }
  const result = validateJourneyDefinition(raw);
  if (!result.ok) return { problems: result.problems };
  return { definition: result.definition, journey: { key: result.definition.key, version: null, source: 'draft' } };
}

/** A tier's accounts or one account, at most the console's bound. */
async function accountsOf(db: Db, form: ForecastForm): Promise<{ accounts: CandidateAccount[] } | { refused: string }> {
  const domain = (form.account ?? '').trim();
  if ((form.tier ? 1 : 0) + (domain ? 1 : 0) !== 1) return { refused: 'tier or account: choose a tier, or give one account domain (one of the two)' };
  if (domain) {
    const account = await findAccountByDomain(db, domain);
    return account ? { accounts: [account] } : { refused: `account: no account with the domain ${domain}` };
  }
  const t = tierSchema.safeParse(Number(form.tier));
  if (!t.success) return { refused: 'tier: expected 1, 2 or 3' };
  const accounts = await accountsInTier(db, t.data);
  if (accounts.length > maxConsoleForecastAccounts) {
    return { refused: `tier: ${accounts.length} accounts in tier ${t.data}, more than the ${maxConsoleForecastAccounts.toLocaleString('en')} a console forecast takes; forecast them with "harpoon journeys forecast <file> --tier ${t.data} --csv"` };
  }
  return { accounts };
}

/**
 * Runs the forecast the form asks for. `start` (from a shown forecast's CSV button) repeats that
 * forecast from the same moment, so the download matches the page; it may be at most a day old.
 */
export async function runForecastForm(db: Db, form: ForecastForm, nowMs: number): Promise<ForecastOutcome> {
  const refused = (message: string): ForecastOutcome => ({ kind: 'refused', message });
  const days = parseForecastDays(form.days ?? '');
  if (days === undefined) return refused(`days: expected a whole number of days from 1 to ${maxForecastDays}`);
  const choice = form.engagement ?? 'none';
  if (!engagementChoices.some(([value]) => value === choice)) return refused('engagement: expected none, typical or seed');
  let engagement;
  try {
    engagement = parseEngagementSetting(choice === 'seed' ? (form.seed ?? '') : choice);
  } catch {
    return refused('seed: give a seed (any word, e.g. 42) for typical engagement from that seed');
  }
  let startMs = nowMs;
  if (form.start) {
    startMs = Number(form.start);
    if (!Number.isInteger(startMs) || startMs > nowMs || startMs < nowMs - dayMs) return refused('start: this forecast is more than a day old; forecast again, then download');
  }
  const journey = await journeyOf(db, form);
  if ('refused' in journey) return refused(journey.refused);
  if ('problems' in journey) return { kind: 'invalid', problems: journey.problems };
  const chosen = await accountsOf(db, form);
  if ('refused' in chosen) return refused(chosen.refused);
  const report = await forecastJourney(db, { ...journey, accounts: chosen.accounts, startMs, days, engagement });
  return { kind: 'done', report, startMs };
}

/** The form, filled with what was sent last. */
export function forecastForm(v: Viewer, form: ForecastForm, publishedKeys: readonly string[]): Html {
  const engagement = form.engagement ?? 'none';
  return html`<section class="card" id="forecast-form"><h2>Forecast a draft</h2>
<p class="muted">What a journey would send to whom and when, what it would hold or skip and why, and where each account would end. In memory: nothing is sent or written.</p>
<form method="post" action="/console/journeys/forecast">
<input type="hidden" name="_csrf" value="${v.csrf}">
<label for="f-draft">Draft to forecast (YAML or JSON)</label>
<textarea id="f-draft" name="draft" rows="10" cols="80" spellcheck="false" class="code">${form.draft ?? ''}</textarea>
<div class="filters">
<div><label for="f-key">or a published key</label><select id="f-key" name="key"><option value="">(the file above)</option>${publishedKeys.map((k) => html`<option${form.key === k ? html` selected` : ''}>${k}</option>`)}</select></div>
<div><label for="f-tier">Forecast for tier</label><select id="f-tier" name="tier"><option value="">(one account instead)</option>${['1', '2', '3'].map((t) => html`<option${form.tier === t ? html` selected` : ''}>${t}</option>`)}</select></div>
<div><label for="f-account">or one account (domain)</label><input id="f-account" name="account" value="${form.account ?? ''}" size="28"></div>
<div><label for="f-days">Days</label><input id="f-days" name="days" inputmode="numeric" value="${form.days ?? '180'}" size="5"></div>
<div><label for="f-engagement">Engagement</label><select id="f-engagement" name="engagement">${engagementChoices.map(([value, label]) => html`<option value="${value}"${engagement === value ? html` selected` : ''}>${label}</option>`)}</select></div>
<div><label for="f-seed">Seed</label><input id="f-seed" name="seed" value="${form.seed ?? ''}" size="8"></div>
<button type="submit">Forecast</button>
</div>
</form></section>`;
}

const counted: [ForecastEntryKind[], string][] = [
  [['sent'], 'Sent'],
  [['held'], 'Held'],
  [['skipped'], 'Skipped'],
  [['not_planned', 'not_sent'], 'Not planned or not sent'],
  [['stage'], 'Stage changes'],
];

/** What the forecast says: its problems, its refusal, or its summary, the first accounts and the CSV button. */
export function forecastResult(v: Viewer, form: ForecastForm, outcome: ForecastOutcome): Html {
  if (outcome.kind === 'refused') return html`<p class="error" role="alert" id="forecast-error">${outcome.message}</p>`;
  if (outcome.kind === 'invalid') {
    const n = outcome.problems.length;
    return html`<section class="card" id="forecast" role="alert"><h2>The draft has ${n} problem${n === 1 ? '' : 's'}</h2>
<p>Fix ${n === 1 ? 'it' : 'them'} in the file and forecast again (the same check as <code>harpoon journeys validate</code>).</p>
<ul class="plain" id="forecast-problems">${outcome.problems.map((p) => html`<li><code>${p.path}</code>: ${p.message}</li>`)}</ul></section>`;
  }
  const { report } = outcome;
  const shown = report.accounts.slice(0, shownForecastAccounts);
  const csvFields: ForecastForm = { ...form, start: String(outcome.startMs) };
  return html`<section class="card" id="forecast" aria-live="polite"><h2>Forecast</h2>
${forecastSummary(report).map((line) => html`<p class="forecast-summary">${line}</p>`)}
<form method="post" action="/console/journeys/forecast.csv">
<input type="hidden" name="_csrf" value="${v.csrf}">
${['draft', 'key', 'tier', 'account', 'days', 'engagement', 'seed', 'start'].map((name) => html`<input type="hidden" name="${name}" value="${csvFields[name] ?? ''}">`)}
<button type="submit" class="secondary">Download the full forecast (CSV)</button>
</form>
${report.accounts.length > shown.length ? html`<p class="muted" id="forecast-cap">Showing the first ${shown.length} of ${report.accounts.length} accounts; the CSV has all of them.</p>` : ''}
${shown.length > 0
  ? html`<table><caption>Per account: open one for its lines, in the recipient's local time</caption>
<thead><tr><th scope="col">Account</th>${counted.map(([, label]) => html`<th scope="col" class="num">${label}</th>`)}<th scope="col">End</th></tr></thead><tbody>
${shown.map((a) => html`<tr><td><details><summary>${a.domain}</summary><ul class="plain forecast-lines">${accountLines(report, a).map((line) => html`<li>${line}</li>`)}</ul></details></td>
${counted.map(([kinds]) => html`<td class="num">${a.entries.filter((e) => kinds.includes(e.kind)).length}</td>`)}
<td>${a.end.status === 'completed' ? `completed (${a.end.reason}) in ${a.end.stage}` : `still running in ${a.end.stage}`}</td></tr>`)}
</tbody></table>`
  : ''}
</section>`;
}
