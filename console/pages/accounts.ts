// Accounts: the pool, best tier and score first, as `harpoon accounts list` reads it
// (accounts/account-view.ts), searched by part of a domain or name and filtered by tier and pool
// status, a page at a time; each name opens the account's page. Read-only: the pool is steered
// from the account page and the CLI.
import { z } from 'zod';
import { listAccounts, type AccountSummary } from '../../accounts/account-view';
import { marketingOnly } from '../../domain/access/roles';
import { keyBuyingGroupRoles, poolStatuses, type Tier } from '../../domain/accounts/vocabulary';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, sendPage } from '../layout';
import { filterInput, queryOf, selectField } from '../report-filter';
import { accountPath } from './account';

const accountsPerPage = 100;
const pageExpected = 'expected a page number from 1 to 100000';

const listQuery = z.object({
  q: z.string().trim().max(200, 'expected at most 200 characters of a domain or name').optional(),
  tier: z
    .enum(['1', '2', '3'], { error: 'expected 1, 2 or 3' })
    .transform((t) => Number(t) as Tier)
    .optional(),
  status: z.enum(poolStatuses, { error: `expected one of ${poolStatuses.join(', ')}` }).optional(),
  // Bounded so that the rows skipped stay a number the database takes.
  page: z.coerce.number({ error: pageExpected }).int(pageExpected).min(1, pageExpected).max(100_000, pageExpected).default(1),
});

function filters(query: Record<string, string>, problems: string[]): Html {
  return html`<form method="get" action="/console/accounts" class="filters card" aria-label="Find accounts">
<div><label for="f-q">Domain or name (part of)</label><input id="f-q" name="q" type="search" value="${query.q ?? ''}"></div>
${selectField(query, 'tier', 'Tier', ['1', '2', '3'].map((t) => ({ value: t, label: t })), 'all tiers')}
${selectField(query, 'status', 'Pool status', poolStatuses.map((s) => ({ value: s, label: s })), 'all statuses')}
<button type="submit">Show</button>
${problems.length > 0 ? html`<p class="error" role="alert">${problems.join('; ')}</p>` : ''}
</form>`;
}

function list(query: Record<string, string>, page: number, rows: AccountSummary[], more: boolean): Html {
  const pageLink = (n: number, label: string, rel?: 'prev' | 'next') =>
    html`<a href="/console/accounts?${queryOf({ ...query, page: String(n) })}"${rel ? html` rel="${rel}"` : ''}>${label}</a>`;
  if (rows.length === 0) {
    if (page > 1) return html`<p class="message">No accounts on page ${page}. ${pageLink(1, 'Back to the first page')}</p>`;
    const filtered = Object.keys(filterInput(query)).length > 0;
    return html`<p class="message">${filtered ? 'No account matches.' : 'No accounts yet: import them with "npx harpoon accounts import <file>".'}</p>`;
  }
  const first = (page - 1) * accountsPerPage + 1;
  return html`<section class="card"><table><caption class="muted">Accounts ${first}–${first + rows.length - 1}, best tier and score first</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Domain</th><th scope="col">Tier</th><th scope="col">Pool status</th><th scope="col">Owner</th><th scope="col" class="num">Score</th><th scope="col" class="num">Key roles covered</th></tr></thead><tbody>
${rows.map((r) => html`<tr><th scope="row"><a href="${accountPath(r.id)}">${r.name}</a></th><td>${r.domain}</td><td>${r.tier ?? 'none'}</td><td>${r.status}</td><td>${r.owner ?? 'none'}</td><td class="num">${r.score ?? 'not scored'}</td><td class="num">${keyBuyingGroupRoles.length - r.gaps.length} of ${keyBuyingGroupRoles.length}</td></tr>`)}
</tbody></table>
${page > 1 || more ? html`<p>${page > 1 ? pageLink(page - 1, 'Previous page', 'prev') : ''} ${more ? pageLink(page + 1, 'Next page', 'next') : ''}</p>` : ''}
</section>`;
}

export const accountListPages: ConsolePages = (deps) => async (app) => {
  app.get('/console/accounts', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const query = req.query as Record<string, string>;
    const parsed = listQuery.safeParse(filterInput(query));
    let body: Html;
    if (!parsed.success) {
      body = filters(query, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    } else {
      const { q, tier, status, page } = parsed.data;
      // One more than a page says whether a next page exists, without counting the pool.
      const rows = await listAccounts(deps.db, { search: q, tier, status, page: { skip: (page - 1) * accountsPerPage, take: accountsPerPage + 1 } }, viewer(req));
      body = html`${filters(query, [])}${list(query, page, rows.slice(0, accountsPerPage), rows.length > accountsPerPage)}`;
    }
    return sendPage(reply, parsed.success ? 200 : 400, layout({ title: 'Accounts', viewer: viewer(req), section: 'accounts', body }));
  });
};
