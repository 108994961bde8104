// Who gets into the console and what a form must carry, over HTTP on a real server and database
// file (no browser, no Temporal: nothing here acts on a workflow). Sessions come from API keys or
// a task link; cookies are HttpOnly and SameSite=Strict; every POST needs the session's CSRF token;
// a revoked key or a forged, altered or expired link opens nothing. Also GET /v1/metrics, the
// Events page's seats, waitlist and answers, and the Journeys page's forecast of a draft.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../use-cases/api-keys';
import { importAttendance } from '../../programme-events/attendance';
import type { Db } from '../../db/client';
import { saveEvent } from '../../programme-events/event-file';
import type { HttpServer } from '../../http/server';
import { taskLinkLifetimeMs, taskLinkUrl, verifyTaskLink } from '../../mail/task-link';
import { createForecastAccount } from '../support/forecast-account';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { eventTookPlace, future, invitees } from '../support/invitees';

const SECRET = 'console-test-secret-0123456789';
let fresh: FreshDb;
let db: Db;
let server: HttpServer;

beforeAll(async () => {
  fresh = await freshDb();
  db = fresh.db;
  server = await startDoorsWithoutTemporal(db, SECRET);
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const post = (path: string, form: Record<string, string>, cookie?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form).toString(),
  });
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
const csrfOf = async (res: Response) => /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';

async function signIn(key: string) {
  const res = await post('/console/sign-in', { key });
  expect(res.status).toBe(303);
  return cookieOf(res);
}

it('sends strangers to sign-in, refuses unknown keys inline, and keeps each role to its pages', async () => {
  expect((await get('/console/dashboard')).headers.get('location')).toBe('/console/sign-in');
  const bad = await post('/console/sign-in', { key: 'hk_not-a-key' });
  expect(bad.status).toBe(401);
  expect(await bad.text()).toContain('That key is unknown or revoked');

  const marketing = await createApiKey(db, { name: 'console marketing', role: 'marketing' });
  const res = await post('/console/sign-in', { key: marketing.secret });
  expect(res.headers.get('set-cookie')).toMatch(/^harpoon_console=[^;]+; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  // The cookie names the key; it never holds the secret.
  expect(res.headers.get('set-cookie')).not.toContain(marketing.secret);
  const cookie = cookieOf(res);
  const dashboard = await get('/console/dashboard', cookie);
  expect(dashboard.status).toBe(200);
  expect(dashboard.headers.get('content-security-policy')).toContain("script-src 'self'");
  const inbox = await get('/console/inbox', cookie);
  expect(inbox.status).toBe(403);
  expect(await inbox.text()).toContain('A marketing sign-in cannot open this page.');

  // A bad filter is said beside the filter, not as a crash.
  const badFilter = await get('/console/dashboard?tier=7', cookie);
  expect(badFilter.status).toBe(400);
  expect(await badFilter.text()).toContain('tier: expected 1, 2 or 3');
  // A field given twice in an edited URL: the last one counts, as in a form (it was a 500).
  const twice = await get('/console/dashboard?tier=1&tier=2', cookie);
  expect(twice.status).toBe(200);
  expect(await twice.text()).toContain('<option value="2" selected>');
  // The owner filter names a rep by ID: no addresses in URLs.
  const owner = await db.salesRep.create({ data: { email: 'filter.rep@harpoon.example', name: 'Filter Rep' } });
  const byOwner = await get(`/console/dashboard?owner=${owner.id}`, cookie);
  expect(byOwner.status).toBe(200);
  expect(await byOwner.text()).toContain(`<option value="${owner.id}" selected>Filter Rep</option>`);
  expect(await (await get('/console/dashboard?owner=nobody', cookie)).text()).toContain('owner: no such sales rep');
  const csv = await get('/console/dashboard.csv', cookie);
  expect(csv.headers.get('content-type')).toContain('text/csv');
  expect((await csv.text()).split('\n')[0]).toMatch(/^slice,currency,/);

  await revokeApiKey(db, marketing.id);
  expect((await get('/console/dashboard', cookie)).headers.get('location')).toBe('/console/sign-in');
});

it('refuses a POST without the session\'s CSRF token', async () => {
  const admin = await createApiKey(db, { name: 'console admin', role: 'admin' });
  const cookie = await signIn(admin.secret);
  expect((await post('/console/sign-out', {}, cookie)).status).toBe(403);
  expect((await post('/console/sign-out', { _csrf: 'x'.repeat(32) }, cookie)).status).toBe(403);
  const csrf = await csrfOf(await get('/console/journeys', cookie));
  expect(csrf.length).toBeGreaterThan(16);
  const launch = await post('/console/journeys/launch', { _csrf: csrf, journey: 'nope', tier: '3' }, cookie);
  expect(launch.status).toBe(400);
  expect(await launch.text()).toContain('journey: &quot;nope&quot; is not published');
  // Temporal away: the console says so on a page, and what to do.
  const account = await db.account.create({ data: { domain: 'steer-me.example', name: 'Steer Me', tier: 2, poolStatus: 'target' } });
  const steer = await post(`/console/accounts/${account.id}/steer`, { _csrf: csrf, action: 'pause', reason: 'holiday' }, cookie);
  expect(steer.status).toBe(503);
  expect(await steer.text()).toContain('Temporal at 127.0.0.1:1 is unreachable');
  const out = await post('/console/sign-out', { _csrf: csrf }, cookie);
  expect([out.status, out.headers.get('set-cookie')]).toEqual([303, 'harpoon_console=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0']);
});

it('a task link signs its rep in until it expires; a forged or altered one opens nothing', async () => {
  const rep = await db.salesRep.create({ data: { email: 'link.rep@harpoon.example', name: 'Link Rep' } });
  const now = Date.now();
  const url = taskLinkUrl(server.url, SECRET, { rep: rep.id, task: 'handoff/acc1/1' }, now);
  const token = url.split('/').pop()!;
  expect(verifyTaskLink(token, SECRET, now + taskLinkLifetimeMs - 1000)).toMatchObject({ ok: true, payload: { rep: rep.id, task: 'handoff/acc1/1' } });
  expect(verifyTaskLink(token, SECRET, now + taskLinkLifetimeMs + 1000)).toEqual({ ok: false, why: 'expired' });
  expect(verifyTaskLink(token, 'another-secret-0123456789')).toEqual({ ok: false, why: 'invalid' });

  const opened = await get(`/console/link/${token}`);
  expect(opened.status).toBe(200);
  expect(await opened.text()).toContain(`url=/console/tasks/${encodeURIComponent('handoff/acc1/1')}`);
  const cookie = cookieOf(opened);
  expect((await get('/console/inbox', cookie)).status).toBe(200);
  expect((await get('/console/dashboard', cookie)).status).toBe(403);

  const [payload, sig] = token.split('.');
  const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), rep: 'someone-else' })).toString('base64url');
  const forged = await get(`/console/link/${altered}.${sig}`);
  expect([forged.status, forged.headers.get('set-cookie')]).toEqual([400, null]);
  const expired = taskLinkUrl(server.url, SECRET, { rep: rep.id, task: 'handoff/acc1/1' }, now - taskLinkLifetimeMs - 1000).split('/').pop();
  expect((await get(`/console/link/${expired}`)).status).toBe(410);
});

it('GET /v1/metrics answers marketing keys with the report, refuses sales keys and bad filters', async () => {
  const marketing = await createApiKey(db, { name: 'metrics', role: 'marketing' });
  await db.salesRep.create({ data: { email: 'metrics.rep@harpoon.example', name: 'Metrics Rep' } });
  const sales = await createApiKey(db, { name: 'metrics rep', role: 'sales', repEmail: 'metrics.rep@harpoon.example' });
  const call = (q: string, key: string) => fetch(`${server.url}/v1/metrics${q}`, { headers: { Authorization: `Bearer ${key}` } });
  const ok = await call('?tier=3', marketing.secret);
  expect(ok.status).toBe(200);
  expect(((await ok.json()) as { funnel: { stage: string }[] }).funnel.map((f) => f.stage)).toEqual(['target', 'engaged', 'mqa', 'accepted', 'opportunity', 'won']);
  expect((await call('', sales.secret)).status).toBe(403);
  expect((await call('?tier=9', marketing.secret)).status).toBe(400);
  expect((await call('?journey=nope', marketing.secret)).status).toBe(404);
});

it('shows marketing each event with seats against capacity, the waitlist in order and every answer; sales get a 403 page', async () => {
  await saveEvent(db, { key: 'console-roundtable', kind: 'roundtable', title: 'Console <roundtable>', start: future(30), end: future(30.1), timezone: 'UTC', venue: 'Hamburg', capacity: 2 });
  const people = await invitees(db, 'console-invitees.example', 5);
  await db.contact.update({ where: { id: people.account.contacts[3]!.id }, data: { firstName: 'Wanda', lastName: 'Waiting' } });
  const minute = (n: number) => new Date(Date.now() + n * 60_000);
  // p0 and p1 take the two seats; p4 asks before p3, so p4 is next; p2 declines.
  for (const [i, answer, at] of [[0, 'register', 0], [1, 'register', 1], [4, 'register', 2], [3, 'register', 3], [2, 'decline', 4]] as const) {
    await people.answer('console-roundtable', i, answer, minute(at));
  }
  const exportFile = path.join(fresh.dir, 'attendance.csv');
  writeFileSync(exportFile, 'email,attended\np0@console-invitees.example,yes\np1@console-invitees.example,no\n');
  await eventTookPlace(db, 'console-roundtable');
  await importAttendance(db, 'console-roundtable', exportFile);

  const marketing = await signIn((await createApiKey(db, { name: 'events page', role: 'marketing' })).secret);
  // The page's earlier address sends bookmarks on.
  const moved = await get('/console/events', marketing);
  expect([moved.status, moved.headers.get('location')]).toEqual([301, '/console/programme-events']);
  const res = await get('/console/programme-events', marketing);
  expect(res.status).toBe(200);
  const page = await res.text();
  expect(page).toContain('<a href="/console/programme-events" aria-current="page">Programme events</a>');
  expect(page).toContain('Console &lt;roundtable&gt;');
  expect(page).toContain('2 of 2 seats taken');
  expect(page).toContain('1 attended, 1 no-show (50 %)');
  const waitlist = /<ol aria-label="Waitlist of [^"]+">(.*?)<\/ol>/s.exec(page)?.[1] ?? '';
  expect([...waitlist.matchAll(/<li>([^ ]+)/g)].map((m) => m[1])).toEqual(['p4@console-invitees.example', 'Wanda']);
  expect(page).toContain('<th scope="row"><a href="/console/accounts/' + people.account.id + '">console-invitees.example</a></th>\n<td>attended</td>');
  for (const answer of ['attended', 'no-show', 'declined', 'waitlisted #1', 'waitlisted #2']) expect(page).toContain(`>${answer}</span>`);

  const rep = await db.salesRep.create({ data: { email: 'events.rep@harpoon.example', name: 'Events Rep' } });
  const sales = await signIn((await createApiKey(db, { name: 'events rep', role: 'sales', repEmail: rep.email })).secret);
  const refused = await get('/console/programme-events', sales);
  expect(refused.status).toBe(403);
  expect(await refused.text()).toContain('A sales sign-in cannot open this page.');
  expect(await (await get('/console/inbox', sales)).text()).not.toContain('href="/console/programme-events"');
});

it('forecasts a pasted draft for an account or a tier, in memory: sends on the page, the full CSV, problems with their paths; bounded; marketing only', async () => {
  await createForecastAccount(db, 'forecast-draft.example', 'Forecast Draft GmbH');
  const draft = readFileSync('journeys/tier3-nurture.yaml', 'utf8');
  const marketing = await signIn((await createApiKey(db, { name: 'forecast page', role: 'marketing' })).secret);
  const csrf = await csrfOf(await get('/console/journeys', marketing));
  const form = { _csrf: csrf, draft, key: '', tier: '', account: 'forecast-draft.example', days: '90', engagement: 'none', seed: '' };

  const written = async () => [await db.emailSend.count(), await db.touch.count(), await db.journeyRun.count()];
  const before = await written();
  const res = await post('/console/journeys/forecast', form, marketing);
  expect(res.status).toBe(200);
  const page = await res.text();
  expect(page).toMatch(/tier3-nurture draft: forecast of 90 days from .* UTC; engagement none \(nobody engages\)/);
  expect(page).toMatch(/1 account\(s\): [1-9]\d* email\(s\) sent/);
  expect(page).toMatch(/Asia\/Tokyo {2}sent {6}intro → champ@forecast-draft\.example \(champion\) {2}\[engage\/intro-champions#1\]/);
  expect(page).toContain('skipped   intro → gone@forecast-draft.example (problem_owner): consent:unsubscribed');
  expect(page).toContain('end: completed (nurture_complete) in engage');
  // The draft goes back into the form, escaped; nothing was sent, recorded or started.
  expect(page).toContain('key: tier3-nurture\nname: Tier 3 nurture');
  expect(await written()).toEqual(before);

  // The CSV button repeats the forecast from the moment the page showed.
  const start = /name="start" value="(\d+)"/.exec(page)?.[1];
  expect(start).toBeDefined();
  const csv = await post('/console/journeys/forecast.csv', { ...form, start: start! }, marketing);
  expect(csv.headers.get('content-type')).toContain('text/csv');
  expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="forecast-tier3-nurture-\d{4}-\d\d-\d\d\.csv"$/);
  const rows = (await csv.text()).trim().split('\n');
  expect(rows[0]).toBe('account,kind,contact,role,template,step,local_time,time_zone,utc,reason,detail,variant,channel,due_utc,held_until_utc,stage');
  expect(rows).toContainEqual(expect.stringMatching(/^forecast-draft\.example,sent,champ@forecast-draft\.example,champion,intro,engage\/intro-champions#1,/));
  expect(rows.at(-1)).toMatch(/^forecast-draft\.example,end:completed,.*,engage$/);

  // An invalid draft: every problem with its path, as `journeys validate` lists them.
  const invalid = await post('/console/journeys/forecast', { ...form, draft: draft.replace('template: intro', 'template: no-such-template').replace('duration: 3d', 'duration: soon') }, marketing);
  expect(invalid.status).toBe(400);
  const problems = await invalid.text();
  expect(problems).toContain('The draft has 2 problems');
  expect(problems).toContain('<code>stages[0].steps[0].template</code>');
  expect(problems).toContain('<code>stages[0].steps[1].duration</code>');
  const broken = await post('/console/journeys/forecast', { ...form, draft: 'key: [unclosed' }, marketing);
  expect(broken.status).toBe(400);
  expect(await broken.text()).toMatch(/draft:1:\d+: not valid YAML/);

  // A tier: the first 20 accounts on the page, with a note; more than 1,000 is refused.
  await db.account.createMany({ data: Array.from({ length: 21 }, (_, i) => ({ domain: `tier2-${i}.forecast.example`, name: `Tier 2 #${i}`, tier: 2, poolStatus: 'target' })) });
  const tier2 = await post('/console/journeys/forecast', { ...form, draft: draft.replace('tiers: [3]', 'tiers: [2]'), account: '', tier: '2' }, marketing);
  expect(tier2.status).toBe(200);
  expect(await tier2.text()).toMatch(/Showing the first 20 of 2\d accounts; the CSV has all of them\./);
  await db.account.createMany({ data: Array.from({ length: 1001 }, (_, i) => ({ domain: `bulk-${i}.forecast.example`, name: `Bulk #${i}`, tier: 1, poolStatus: 'target' })) });
  const tooMany = await post('/console/journeys/forecast', { ...form, account: '', tier: '1' }, marketing);
  expect(tooMany.status).toBe(400);
  expect(await tooMany.text()).toContain('tier: 1001 accounts in tier 1, more than the 1,000 a console forecast takes');
  const bothSources = await post('/console/journeys/forecast', { ...form, key: 'demo' }, marketing);
  expect(await bothSources.text()).toContain('journey: paste a journey file (YAML or JSON) or pick a published journey (one of the two)');
  expect(await (await post('/console/journeys/forecast', { ...form, days: '0' }, marketing)).text()).toContain('days: expected a whole number of days from 1 to 730');
  expect(await (await post('/console/journeys/forecast', { ...form, engagement: 'seed' }, marketing)).text()).toContain('seed: give a seed (any word, e.g. 42)');

  // Only marketing and admin forecast, and only with the session's CSRF token.
  const expired = await post('/console/journeys/forecast', { ...form, _csrf: '' }, marketing);
  expect(expired.status).toBe(403);
  expect(await expired.text()).toContain('Form expired');
  const rep = await db.salesRep.create({ data: { email: 'forecast.rep@harpoon.example', name: 'Forecast Rep' } });
  const sales = await signIn((await createApiKey(db, { name: 'forecast rep', role: 'sales', repEmail: rep.email })).secret);
  const salesCsrf = await csrfOf(await get('/console/inbox', sales));
  const refused = await post('/console/journeys/forecast', { ...form, _csrf: salesCsrf }, sales);
  expect(refused.status).toBe(403);
  expect(await refused.text()).toContain('A sales sign-in cannot open this page.');
});

it("lists on the dashboard only accounts that have moved, with the key roles they have not engaged yet in words", async () => {
  const key = await createApiKey(db, { name: 'dashboard reader', role: 'marketing' });
  const cookie = cookieOf(await post('/console/sign-in', { key: key.secret }));
  const quiet = await db.account.create({ data: { domain: 'quiet-dash.example', name: 'Quiet Dash', tier: 3, poolStatus: 'target', contacts: { create: { email: 'c@quiet-dash.example', role: 'champion' } } } });
  const hotList = async () => /<section class="card" id="hot-accounts"[\s\S]*?<\/section>/.exec(await (await get('/console/dashboard?tier=3', cookie)).text())![0];
  // Nobody engaged: no list of the pool in alphabetical order under "furthest along".
  expect(await hotList()).toContain('No account has engaged yet.');
  const champion = await db.contact.findFirstOrThrow({ where: { accountId: quiet.id } });
  await db.touch.create({ data: { accountId: quiet.id, contactId: champion.id, type: 'clicked', at: new Date(), detail: {}, idempotencyKey: 'dashboard|click' } });
  const list = await hotList();
  expect(list).toContain('<th scope="col">Key roles not engaged yet</th>');
  expect(list).toMatch(/Quiet Dash<\/a><\/td><td>3<\/td>.*<td>problem owner, budget holder, decision maker<\/td>/);
});
