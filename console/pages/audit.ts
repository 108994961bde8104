// The audit log for admins: who did what and when, newest first, filtered like `harpoon audit` and
// GET /v1/audit (the same read, audit/audit-log.ts).
import { auditFilterSchema, readAudit } from '../../audit/audit-log';
import { filterProblems } from '../../domain/metrics/filter';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html } from '../html';
import { layout, sendPage } from '../layout';

const fields = [
  ['actor', 'Who (part of)', 'text'],
  ['action', 'What (part of)', 'text'],
  ['from', 'From', 'date'],
  ['to', 'To', 'date'],
] as const;

export const auditPages: ConsolePages = (deps) => async (app) => {
  app.get('/console/audit', { config: { consoleRoles: ['admin'] } }, async (req, reply) => {
    const query = Object.fromEntries(Object.entries(req.query as Record<string, string>).filter(([, v]) => v !== ''));
    const parsed = auditFilterSchema.safeParse(query);
    const entries = parsed.success ? await readAudit(deps.db, parsed.data) : [];
    const form = html`<form method="get" class="filters" aria-label="Filter the audit log">
${fields.map(([name, label, type]) => html`<div><label for="audit-${name}">${label}</label><input id="audit-${name}" name="${name}" type="${type}" value="${query[name] ?? ''}"></div>`)}
<button type="submit">Show</button></form>`;
    const problems = parsed.success ? html`` : html`<p class="notice" role="alert">${filterProblems(parsed.error).join('; ')}</p>`;
    const table = html`<section class="card"><table><caption class="muted">Newest first; the last ${parsed.success ? parsed.data.limit : 100} at most. Addresses are kept as email# and the start of their hash.</caption>
<thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">With</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td>${e.at.slice(0, 19).replace('T', ' ')}</td><td>${e.actor}</td><td><code>${e.action}</code></td><td><code>${JSON.stringify(e.detail ?? {})}</code></td></tr>`)}
</tbody></table>${entries.length === 0 ? html`<p class="muted">Nothing recorded${Object.keys(query).length ? ' that matches' : ' yet'}.</p>` : ''}</section>`;
    return sendPage(reply, 200, layout({ title: 'Audit log', viewer: viewer(req), section: 'audit', body: html`${form}${problems}${table}` }));
  });
};
