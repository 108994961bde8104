// What a marketer sees on the console's read pages, over HTTP on a real server and database file
// (no browser, no Temporal): the Accounts list with its search, filters and pages; an account's
// firmographics with its time zone and custom fields; and the Journeys page before anything is
// published. The database is this file's own, so "nothing published" holds until a test adds it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import type { HttpServer } from '../../http/server';
import { createApiKey } from '../../use-cases/api-keys';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { freshDb } from '../support/fresh-db';

const SECRET = 'console-marketer-secret-0123456789';
/** Accounts on one page of the list. */
const accountsPerPage = 100;
let db: Db;
let server: HttpServer;

beforeAll(async () => {
  db = (await freshDb()).db;
  server = await startDoorsWithoutTemporal(db, SECRET);
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie } });

async function signIn(role: 'marketing' | 'sales', repEmail?: string) {
  const key = await createApiKey(db, { name: `marketer pages ${role}`, role, repEmail });
  const res = await fetch(`${server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: key.secret }).toString() });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** The accounts the list shows, by name, in its order. */
const listed = (page: string) => [...page.matchAll(/<tr><th scope="row"><a href="\/console\/accounts\/[^"]+">([^<]+)<\/a><\/th>/g)].map((m) => m[1]);

it('says on the Journeys page, before anything is published, how to publish one instead of an empty launch form', async () => {
  const marketing = await signIn('marketing');
  const res = await get('/console/journeys', marketing);
  expect(res.status).toBe(200);
  const page = await res.text();
  expect(page).toContain('No journey is published yet: publish one with <code>npx harpoon journeys publish journeys/&lt;file&gt;.yaml</code>, see "Journeys" in the README.');
  expect(page).not.toContain('id="l-journey"');
  expect(page).not.toContain('Recently active journeys');
  // A draft can still be forecast before it is published.
  expect(page).toContain('<h2>Forecast a draft</h2>');
});

it("shows an account's time zone and every custom field, escaped, among its firmographics", async () => {
  const account = await db.account.create({
    data: { domain: 'tokyo-fields.example', name: 'Tokyo Fields', timezone: 'Asia/Tokyo', attributes: { erp_system: 'SAP <S/4HANA>', plants: 3, iso_certified: true } },
  });
  const bare = await db.account.create({ data: { domain: 'bare-fields.example', name: 'Bare Fields' } });
  const marketing = await signIn('marketing');
  const page = await (await get(`/console/accounts/${account.id}`, marketing)).text();
  const firmographics = /<h2>Firmographics<\/h2>[\s\S]*?<\/table>/.exec(page)![0];
  expect(firmographics).toContain('<tr><th scope="row">Time zone</th><td>Asia/Tokyo <span class="muted">(decides the quiet hours of contacts with no zone of their own)</span></td></tr>');
  expect(firmographics).toContain('<th scope="rowgroup" colspan="2">Custom fields</th>');
  expect(firmographics).toContain('<tr><th scope="row">erp_system</th><td>SAP &lt;S/4HANA&gt;</td></tr>');
  expect(firmographics).toContain('<tr><th scope="row">plants</th><td>3</td></tr>');
  expect(firmographics).toContain('<tr><th scope="row">iso_certified</th><td>true</td></tr>');

  const none = /<h2>Firmographics<\/h2>[\s\S]*?<\/table>/.exec(await (await get(`/console/accounts/${bare.id}`, marketing)).text())![0];
  expect(none).toContain('<tr><th scope="row">Time zone</th><td>UTC ');
  expect(none).toContain('<tr><td colspan="2" class="muted">none</td></tr>');
});

it('lists accounts for marketing: search by part of a domain or name in any case, filter by tier and pool status, a page at a time; sales get a 403 page', async () => {
  const rep = await db.salesRep.create({ data: { email: 'list.owner@harpoon.example', name: 'List Owner' } });
  await db.account.create({ data: { domain: 'mixedcase-works.example', name: 'Mixed <Case> Works', tier: 1, poolStatus: 'candidate', score: 71, ownerId: rep.id } });
  await db.account.createMany({ data: Array.from({ length: accountsPerPage + 2 }, (_, i) => ({ domain: `paging-${String(i).padStart(3, '0')}.example`, name: `Paging ${String(i).padStart(3, '0')}`, tier: 3, poolStatus: 'target' })) });
  const marketing = await signIn('marketing');

  const all = await get('/console/accounts', marketing);
  expect(all.status).toBe(200);
  const first = await all.text();
  expect(first).toContain('<a href="/console/accounts" aria-current="page">Accounts</a>');
  expect(first).toContain('<label for="f-q">Domain or name (part of)</label>');
  expect(first).toContain('<th scope="col">Pool status</th>');
  // Best tier first: the tier-1 account leads, with its owner, score and key roles; its name is escaped.
  const mixed = await db.account.findUniqueOrThrow({ where: { domain: 'mixedcase-works.example' } });
  expect(first).toContain(`<tr><th scope="row"><a href="/console/accounts/${mixed.id}">Mixed &lt;Case&gt; Works</a></th><td>mixedcase-works.example</td><td>1</td><td>candidate</td><td>list.owner@harpoon.example</td><td class="num">71</td><td class="num">0 of 4</td></tr>`);
  expect(listed(first)).toHaveLength(accountsPerPage);

  // Case does not matter, in the domain or the name.
  expect(listed(await (await get('/console/accounts?q=MIXEDCASE', marketing)).text())).toEqual(['Mixed &lt;Case&gt; Works']);
  expect(listed(await (await get(`/console/accounts?q=${encodeURIComponent('case> WORKS')}`, marketing)).text())).toEqual(['Mixed &lt;Case&gt; Works']);
  expect(await (await get('/console/accounts?q=nothing-like-it', marketing)).text()).toContain('No account matches.');

  // Filters, then the next page with the same filters.
  const tier3 = await (await get('/console/accounts?q=paging&tier=3&status=target', marketing)).text();
  expect(listed(tier3)).toHaveLength(accountsPerPage);
  expect(listed(tier3)[0]).toBe('Paging 000');
  expect(tier3).toContain('<caption class="muted">Accounts 1–100, best tier and score first</caption>');
  expect(tier3).toContain('<a href="/console/accounts?q=paging&amp;tier=3&amp;status=target&amp;page=2" rel="next">Next page</a>');
  const second = await (await get('/console/accounts?q=paging&tier=3&status=target&page=2', marketing)).text();
  expect(listed(second)).toEqual(['Paging 100', 'Paging 101']);
  expect(second).toContain('rel="prev">Previous page</a>');
  expect(second).not.toContain('rel="next"');
  expect(listed(await (await get('/console/accounts?status=candidate', marketing)).text())).toContain('Mixed &lt;Case&gt; Works');
  expect(listed(await (await get('/console/accounts?tier=2', marketing)).text())).toEqual([]);

  const bad = await get('/console/accounts?tier=7&status=sleeping', marketing);
  expect(bad.status).toBe(400);
  const problems = await bad.text();
  expect(problems).toContain('tier: expected 1, 2 or 3');
  expect(problems).toContain('status: expected one of candidate, target, excluded, retired');

  const sales = await signIn('sales', rep.email);
  const refused = await get('/console/accounts', sales);
  expect(refused.status).toBe(403);
  expect(await refused.text()).toContain('A sales sign-in cannot open this page.');
  expect(await (await get('/console/inbox', sales)).text()).not.toContain('href="/console/accounts"');
});
