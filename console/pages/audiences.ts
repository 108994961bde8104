// Ad audiences for marketing: a form that downloads a tier's or a journey's audience as LinkedIn's
// or Google's CSV (the same bytes as `harpoon audiences export` and GET /v1/audiences/export), and
// the scheduled exports the worker writes, with their last run.
import { exportAudience } from '../../audiences/export-audience';
import { listSchedules } from '../../audiences/schedules';
import { marketingOnly } from '../../domain/access/roles';
import { exclusionLabels, exclusionReasons } from '../../domain/audiences/exclusions';
import { exportFileName } from '../../domain/audiences/schedule';
import { audienceSelectionSchema } from '../../domain/audiences/selection';
import { audienceFormats } from '../../domain/audiences/upload-formats';
import { forForm } from '../../domain/fields/field-ref';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, sendPage } from '../layout';

const formatLabels = { linkedin: 'LinkedIn Matched Audiences', google: 'Google Customer Match' } as const;

const option = (value: string, label: string, chosen: string | undefined) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${label}</option>`;

async function exportForm(db: Db, query: Record<string, string>, problems: string[]): Promise<Html> {
  const journeys = await db.journeyVersion.findMany({ distinct: ['key'], select: { key: true }, orderBy: { key: 'asc' } });
  return html`<form method="get" action="/console/audiences.csv" class="filters card" aria-label="Export an audience">
<div><label for="audience-tier">Tier</label><select id="audience-tier" name="tier">${option('', '–', query.tier)}${[1, 2, 3].map((t) => option(String(t), `tier ${t}`, query.tier))}</select></div>
<div><label for="audience-journey">or journey</label><select id="audience-journey" name="journey">${option('', '–', query.journey)}${journeys.map((j) => option(j.key, j.key, query.journey))}</select></div>
<div><label for="audience-format">Format</label><select id="audience-format" name="format">${audienceFormats.map((f) => option(f, formatLabels[f], query.format))}</select></div>
<button type="submit">Download CSV</button>
${problems.length > 0 ? html`<p class="error" role="alert">${problems.join('; ')}</p>` : ''}
</form>
<p class="muted">Addresses are SHA-256 hashed as each platform documents. Left out, and counted: people ${exclusionReasons.map((r) => exclusionLabels[r]).join('; ')}.</p>`;
}

async function schedulesTable(db: Db): Promise<Html> {
  const schedules = await listSchedules(db);
  if (schedules.length === 0) return html`<section class="card"><h2>Scheduled exports</h2><p class="muted">None: <code>harpoon audiences schedule add --tier 1 --format google --every 1d --dir &lt;folder&gt;</code> has the worker write one.</p></section>`;
  return html`<section class="card"><h2>Scheduled exports</h2><table><thead><tr><th scope="col">Audience</th><th scope="col">Format</th><th scope="col">Every</th><th scope="col">Folder</th><th scope="col">Next (UTC)</th><th scope="col">Last run</th></tr></thead><tbody>
${schedules.map((s) => html`<tr><td>${s.audience}</td><td>${s.format}</td><td>${s.every}</td><td><code>${s.dir}</code></td><td>${s.nextRunAt.slice(0, 16).replace('T', ' ')}</td><td>${s.lastRun === null ? 'not yet' : s.lastRun.error ? html`<span class="error">failed: ${s.lastRun.error}</span>` : `${s.lastRun.rows} rows, ${s.lastRun.file}`}</td></tr>`)}
</tbody></table></section>`;
}

const filled = (query: Record<string, string>) => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));

export const audiencePages: ConsolePages = (deps) => async (app) => {
  const { db } = deps;
  const page = async (req: FastifyRequest, query: Record<string, string>, problems: string[]) =>
    layout({ title: 'Ad audiences', viewer: viewer(req), section: 'audiences', body: html`${await exportForm(db, query, problems)}${await schedulesTable(db)}` });

  app.get('/console/audiences', { config: { consoleRoles: marketingOnly } }, async (req, reply) => sendPage(reply, 200, await page(req, {}, [])));

  app.get('/console/audiences.csv', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const query = req.query as Record<string, string>;
    const parsed = audienceSelectionSchema.safeParse(filled(query));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.length ? `"${String(i.path[0])}": ` : ''}${forForm(i.message)}`);
      return sendPage(reply, 400, await page(req, query, problems));
    }
    const { csv } = await exportAudience(db, parsed.data);
    return reply
      .headers({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${exportFileName(parsed.data, 86_400_000, Date.now())}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
      .send(csv);
  });
};
