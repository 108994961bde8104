// Webhooks and alerts through every door (the CLI, /v1/webhooks and /v1/alerts, the console page), on a real
// server and database file, without Temporal: managing targets, and replaying a failed delivery,
// which puts it back to pending for the fan-out job (tested with Temporal in deliveries.test.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import type { HttpServer } from '../../http/server';
import { createApiKey } from '../../use-cases/api-keys';
import { runCli, runCliOk } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { freshDb, type FreshDb } from '../support/fresh-db';

const SECRET = 'reach-doors-secret-0123456789';
let fresh: FreshDb;
let db: Db;
let server: HttpServer;
let env: Record<string, string>;

beforeAll(async () => {
  fresh = await freshDb();
  db = fresh.db;
  env = { DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir };
  server = await startDoorsWithoutTemporal(db, SECRET);
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

/** A delivery that failed for good (410 from its receiver), as the delivery workflow leaves it. */
async function failedDelivery(url = 'https://crm.example.com/hooks/harpoon') {
  const target = await db.reachTarget.create({ data: { kind: 'webhook', url, secret: 'whsec_x', events: 'won' } });
  return db.reachDelivery.create({
    data: { eventId: `t${target.id}.won`, eventType: 'won', event: {}, targetId: target.id, status: 'failed', attempts: 1, lastStatus: 410, lastError: 'answered 410: gone', started: true },
  });
}

const api = async (method: string, path: string, key: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, { method, headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

it('manages subscriptions and channels from the CLI, naming the field of a bad value', async () => {
  const badEvents = await runCli(['webhooks', 'add', 'https://crm.example.com/hook', '--events', 'won,closed'], env);
  expect([badEvents.code, badEvents.stderr]).toEqual([1, expect.stringContaining('--events: unknown event type closed; expected some of mqa, handoff.created')]);
  // One line: the API's per-field issues are not repeated under the sentence that says them.
  expect(badEvents.stderr.trim().split('\n')).toHaveLength(1);
  const ftp = await runCli(['webhooks', 'add', 'ftp://crm.example.com/hook', '--events', 'won'], env);
  expect([ftp.code, ftp.stderr]).toEqual([1, 'harpoon: the URL "ftp://crm.example.com/hook" uses ftp: expected https:// (or http://, where the receiver has no TLS)\n']);

  const added = await runCli(['webhooks', 'add', 'https://crm.example.com/hook', '--events', 'mqa,won'], env);
  expect(added.code, added.stderr).toBe(0);
  const secret = /secret: (whsec_\S+)/.exec(added.stdout)![1]!;
  const list = await runCli(['webhooks', 'list'], env);
  expect(list.stdout).toContain('https://crm.example.com/hook  mqa,won');
  expect(list.stdout).not.toContain(secret);

  const noRep = await runCli(['alerts', 'add', 'teams', 'https://acme.webhook.office.com/webhookb2/abc/IncomingWebhook/def', '--owner', 'nobody@seller.example'], env);
  expect([noRep.code, noRep.stderr]).toEqual([1, expect.stringContaining('--owner: no sales rep nobody@seller.example')]);
  await runCliOk(['alerts', 'add', 'slack', 'https://hooks.slack.com/services/T0/B0/secretpart'], env);
  const audited = await db.auditEntry.findFirstOrThrow({ where: { action: 'alerts add' } });
  expect(audited.detail).toMatchObject({ arguments: ['slack', 'https://hooks.slack.com/…'] });
  const channels = await runCli(['alerts', 'list', '--json'], env);
  const [slack] = JSON.parse(channels.stdout) as { id: string; url: string; events: string[] }[];
  // The URL of a chat webhook is its credential: never listed whole.
  expect(slack).toMatchObject({ url: 'https://hooks.slack.com/services/T0…', events: ['handoff.created', 'handoff.reminder', 'handoff.escalated', 'handoff.reassigned', 'rep_task.created', 'rep_task.cancelled', 'rep_task.expired', 'rep_task.reassigned'] });
  expect((await runCli(['alerts', 'remove', slack!.id], env)).stdout).toContain(`removed ${slack!.id}`);
  expect(await db.reachTarget.count({ where: { kind: 'slack', removedAt: null } })).toBe(0);
});

it('lists failed deliveries and replays one, or all, from the CLI; only failed ones replay', async () => {
  const failed = await failedDelivery();
  const listed = await runCli(['webhooks', 'deliveries', '--failed', '--json'], env);
  expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ id: failed.id, status: 'failed', lastStatus: 410, lastError: 'answered 410: gone' }));

  const replayed = await runCli(['webhooks', 'replay', failed.id], env);
  expect(replayed.stdout).toContain(`replaying ${failed.id}  pending`);
  expect(await db.reachDelivery.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: 'pending', generation: 1, started: false });

  const other = await failedDelivery('https://erp.example.com/in');
  expect((await runCli(['webhooks', 'replay', '--failed'], env)).stdout).toContain(`replaying ${other.id}`);
  expect((await db.reachDelivery.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('pending');
});

it('serves /v1/webhooks to admin keys only: create (secret once), list, failed deliveries, replay, remove', async () => {
  const admin = (await createApiKey(db, { name: 'ops', role: 'admin' })).secret;
  const marketing = (await createApiKey(db, { name: 'mkt', role: 'marketing' })).secret;
  expect((await api('GET', '/v1/webhooks', marketing)).status).toBe(403);

  const badEvents = await api('POST', '/v1/webhooks', admin, { url: 'https://erp.example.com/in', events: ['won', 'signed'] });
  expect([badEvents.status, badEvents.body.error]).toEqual([400, expect.stringContaining('events: unknown event type signed; expected some of mqa,')]);
  const badUrl = await api('POST', '/v1/webhooks', admin, { url: 'erp.example.com/in', events: ['won'] });
  expect([badUrl.status, badUrl.body.error]).toEqual([400, 'the URL "erp.example.com/in" is not a URL: expected e.g. https://crm.example.com/hooks/harpoon']);
  // Named where it is in the request, as a field the schema refuses is.
  expect(badUrl.body.issues).toEqual([{ path: 'body.url', message: 'expected an absolute http(s) URL' }]);
  expect((await api('POST', '/v1/webhooks', admin, { url: 'ftp://erp.example.com/in', events: ['won'] })).body.error).toContain('uses ftp:');
  const created = await api('POST', '/v1/webhooks', admin, { url: 'https://erp.example.com/harpoon', events: ['won', 'lost'] });
  expect(created).toMatchObject({ status: 201, body: { kind: 'webhook', url: 'https://erp.example.com/harpoon', events: ['won', 'lost'], owner: null, secret: expect.stringMatching(/^whsec_/) } });
  const listed = await api('GET', '/v1/webhooks', admin);
  expect(listed.body).toContainEqual(expect.objectContaining({ id: created.body.id, events: ['won', 'lost'] }));
  expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
  // The same receiver twice would get each event twice: refused, naming the subscription there is.
  const twice = await api('POST', '/v1/webhooks', admin, { url: 'https://erp.example.com/harpoon', events: ['mqa'] });
  expect([twice.status, twice.body.error]).toEqual([409, `a webhook to https://erp.example.com/harpoon exists already (${created.body.id}, events won,lost): remove it and add it again with every event it should receive (and the credentials it needs)`]);
  // However it is spelt: credentials, a trailing slash, an empty query, the host's case, the default port.
  for (const spelling of ['https://user:pw@erp.example.com/harpoon', 'https://erp.example.com/harpoon/', 'https://erp.example.com/harpoon?', 'https://ERP.example.com:443/harpoon']) {
    expect((await api('POST', '/v1/webhooks', admin, { url: spelling, events: ['mqa'] })).status, spelling).toBe(409);
  }
  // Another path or query is another receiver.
  expect((await api('POST', '/v1/webhooks', admin, { url: 'https://erp.example.com/harpoon?tenant=2', events: ['mqa'] })).status).toBe(201);
  // A password in the URL is a credential: lists do not show it.
  const withPassword = await api('POST', '/v1/webhooks', admin, { url: 'https://harpoon:s3cret@bi.example.com/in', events: ['won'] });
  expect(withPassword.body.url).toBe('https://harpoon:…@bi.example.com/in');
  expect(JSON.stringify((await api('GET', '/v1/webhooks', admin)).body)).not.toContain('s3cret');

  const failed = await failedDelivery('https://bi.example.com/feed');
  const deliveries = await api('GET', '/v1/webhooks/deliveries?status=failed', admin);
  expect(deliveries.body).toContainEqual({
    id: failed.id, eventId: failed.eventId, eventType: 'won', target: { id: failed.targetId, kind: 'webhook', host: 'bi.example.com' },
    status: 'failed', attempts: 1, lastStatus: 410, lastError: 'answered 410: gone', replays: 0, createdAt: failed.createdAt.toISOString(), deliveredAt: null,
  });
  expect(await api('POST', `/v1/webhooks/deliveries/${failed.id}/replay`, admin)).toMatchObject({ status: 200, body: { status: 'pending', replays: 1 } });
  expect((await api('POST', `/v1/webhooks/deliveries/${failed.id}/replay`, admin)).status).toBe(409);
  expect((await api('POST', '/v1/webhooks/deliveries/nope/replay', admin)).status).toBe(404);

  expect((await api('DELETE', `/v1/webhooks/${created.body.id}`, admin)).status).toBe(200);
  expect((await api('GET', '/v1/webhooks', admin)).body).not.toContainEqual(expect.objectContaining({ id: created.body.id }));
});

it("tells a client what /v1/webhooks expects in Harpoon's words when events is not a list, the URL not text or the limit no number", async () => {
  const admin = (await createApiKey(db, { name: 'ops words', role: 'admin' })).secret;
  const eventsAsText = await api('POST', '/v1/webhooks', admin, { url: 'https://words.example.com/in', events: 'mqa' });
  expect([eventsAsText.status, eventsAsText.body.issues]).toEqual([400, [{ path: 'body.events', message: expect.stringMatching(/^expected a list of event names such as \["mqa"\]: some of mqa, handoff\.created, .*, rep_task\.reassigned$/) }]]);
  const numbers = await api('POST', '/v1/webhooks', admin, { url: 7, events: [1] });
  expect(numbers.body.issues).toEqual([
    { path: 'body.url', message: 'expected the URL to POST each event to, as text: an absolute https:// URL such as "https://crm.example.com/hooks/harpoon"' },
    { path: 'body.events.0', message: 'expected an event name such as "mqa"' },
  ]);
  const nothing = await api('POST', '/v1/webhooks', admin, {});
  expect(nothing.body.issues.map((i: { message: string }) => i.message)).toEqual([
    'missing, expected the URL to POST each event to, as text: an absolute https:// URL such as "https://crm.example.com/hooks/harpoon"',
    expect.stringMatching(/^missing, expected a list of event names such as \["mqa"\]: some of mqa, /),
  ]);
  const limit = await api('GET', '/v1/webhooks/deliveries?limit=all', admin);
  expect([limit.status, limit.body.issues]).toEqual([400, [{ path: 'querystring.limit', message: 'expected how many deliveries to list: a whole number from 1 to 1000' }]]);
  expect(JSON.stringify([eventsAsText.body, numbers.body, nothing.body, limit.body])).not.toContain('Invalid input');
  expect(await db.reachTarget.count({ where: { url: { contains: 'words.example.com' } } })).toBe(0);
});

it('serves /v1/alerts to admin keys only, as the CLI has them: a bad kind or rep named by its field, URLs shortened', async () => {
  const admin = (await createApiKey(db, { name: 'ops alerts', role: 'admin' })).secret;
  const marketing = (await createApiKey(db, { name: 'mkt alerts', role: 'marketing' })).secret;
  expect((await api('GET', '/v1/alerts', marketing)).status).toBe(403);
  const badKind = await api('POST', '/v1/alerts', admin, { kind: 'discord', url: 'https://discord.com/api/webhooks/1/x' });
  expect([badKind.status, badKind.body.error]).toEqual([400, expect.stringContaining('is not a chat kind: expected slack or teams')]);
  expect(badKind.body.issues).toEqual([{ path: 'body.kind', message: 'expected slack or teams' }]);
  const noRep = await api('POST', '/v1/alerts', admin, { kind: 'teams', url: 'https://acme.webhook.office.com/webhookb2/abc', owner: 'nobody@seller.example' });
  expect([noRep.status, noRep.body.error]).toEqual([400, expect.stringContaining('owner: no sales rep nobody@seller.example')]);
  const created = await api('POST', '/v1/alerts', admin, { kind: 'slack', url: 'https://hooks.slack.com/services/T9/B9/secretpart' });
  expect(created).toMatchObject({ status: 201, body: { kind: 'slack', url: 'https://hooks.slack.com/services/T9…', events: ['handoff.created', 'handoff.reminder', 'handoff.escalated', 'handoff.reassigned', 'rep_task.created', 'rep_task.cancelled', 'rep_task.expired', 'rep_task.reassigned'], owner: null } });
  expect(JSON.stringify(created.body)).not.toContain('secretpart');
  const cli = JSON.parse((await runCli(['alerts', 'list', '--json'], env)).stdout) as unknown[];
  expect((await api('GET', '/v1/alerts', admin)).body).toEqual(cli);
  expect((await api('DELETE', `/v1/alerts/${created.body.id}`, admin)).status).toBe(200);
  expect((await api('GET', '/v1/alerts', admin)).body).not.toContainEqual(expect.objectContaining({ id: created.body.id }));
});

it('shows admins the subscriptions and failed deliveries in the console, with a replay button', async () => {
  const failed = await failedDelivery('https://warehouse.example.com/events');
  const key = (await createApiKey(db, { name: 'console admin', role: 'admin' })).secret;
  const signIn = await fetch(`${server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key }).toString() });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const page = await fetch(`${server.url}/console/webhooks`, { headers: { cookie } });
  const text = await page.text();
  expect(page.status).toBe(200);
  expect(text).toContain('warehouse.example.com');
  expect(text).toContain('answered 410: gone');
  expect(text).toContain(`action="/console/webhooks/deliveries/${failed.id}/replay"`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(text)![1]!;

  const replay = await fetch(`${server.url}/console/webhooks/deliveries/${failed.id}/replay`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  expect([replay.status, replay.headers.get('location')]).toEqual([303, '/console/webhooks']);
  expect((await db.reachDelivery.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe('pending');
  expect(await (await fetch(`${server.url}/console/webhooks`, { headers: { cookie } })).text()).not.toContain(`deliveries/${failed.id}/replay`);

  const marketing = (await createApiKey(db, { name: 'mkt console', role: 'marketing' })).secret;
  const mCookie = (await fetch(`${server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: marketing }).toString() })).headers.get('set-cookie')!.split(';')[0]!;
  expect((await fetch(`${server.url}/console/webhooks`, { headers: { cookie: mCookie } })).status).toBe(403);
});

it('reads deliveries past the limit page by page, from the API and the CLI, those of one instant neither skipped nor repeated', async () => {
  const { secret: admin } = await createApiKey(db, { name: 'pager-admin', role: 'admin' });
  const target = await db.reachTarget.create({ data: { kind: 'webhook', url: 'https://pages.example.com/in', secret: 'whsec_p', events: 'won' } });
  const createdAt = new Date('2026-12-02T10:00:00Z');
  await db.reachDelivery.createMany({ data: [1, 2, 3, 4, 5].map((n) => ({ eventId: `page${n}.won`, eventType: 'won', event: {}, targetId: target.id, status: 'failed', createdAt })) });
  const ours = (rows: { id: string; target: { id: string } }[]) => rows.filter((d) => d.target.id === target.id).map((d) => d.id);
  const all = ours((await api('GET', '/v1/webhooks/deliveries?limit=1000', admin)).body);
  expect(all).toHaveLength(5);
  const read: string[] = [];
  for (let before = ''; ; ) {
    const page = (await api('GET', `/v1/webhooks/deliveries?limit=2${before}`, admin)).body as { id: string; target: { id: string } }[];
    read.push(...ours(page));
    if (page.length < 2) break;
    before = `&before=${page.at(-1)!.id}`;
  }
  expect(read).toEqual(all);
  expect((await api('GET', '/v1/webhooks/deliveries?before=nope', admin)).body.error).toBe('querystring.before: no delivery has the id "nope", expected the id of the last delivery of the page before');
  const cli = await runCliOk(['webhooks', 'deliveries', '--limit', '1'], env);
  expect(cli.stdout.trim().split('\n').at(-1)).toMatch(/^\(1 shown; for the ones after them: the same command with --before \S+\)$/);
});
