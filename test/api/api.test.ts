// The /v1 API on a real server (loopback port) over a real database file: every status code it
// answers, keys per role, batch ingestion, and the OpenAPI document. Temporal is not part of this
// file (test/e2e/api-events.test.ts has it): the one route that needs it here meets a failing client.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApi } from '../../api/api';
import { trackingHandlers } from '../../engagement/tracked-hits';
import { createApiKey } from '../../use-cases/api-keys';
import type { Db } from '../../db/client';
import { startHttpServer, type HttpServer } from '../../http/server';
import { messageIdFor } from '../../mail/compose';
import { sendRefFor, signToken } from '../../mail/tracking';
import { runCli, runCliOk } from '../support/cli';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { createTargetAccount } from '../support/target-account';

const SECRET = 'api-test-secret-0123456789';
const fresh: { value?: FreshDb } = {};
let db: Db;
let server: HttpServer;
const logged: string[] = [];
const requests: string[] = [];
const keys = { admin: '', marketing: '', anna: '', ben: '' };
let task = { anna: '', ben: '' };
let annaContactId = '';

const call = (method: string, path: string, key?: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, any> });

const evidence = { why: 'inquiry', score: 40, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: [], nextAction: 'call the champion' };

beforeAll(async () => {
  fresh.value = await freshDb();
  db = fresh.value.db;
  const [anna, ben] = await Promise.all(
    ['anna', 'ben'].map((n) => db.salesRep.create({ data: { email: `${n}@keelson.example`, name: n } })),
  );
  const a = await createTargetAccount(db, 'annas-account', { ownerId: anna!.id, contacts: ['laura'] });
  const b = await createTargetAccount(db, 'bens-account', { ownerId: ben!.id, contacts: ['laura'] });
  annaContactId = a.contacts[0]!.id;
  for (const [rep, account] of [[anna!, a], [ben!, b]] as const) {
    await db.salesTask.create({
      data: { id: `handoff/${account.id}/1`, accountId: account.id, seq: 1, openAccountId: account.id, ownerId: rep.id, journeyWorkflowId: `journey/x/${account.id}`, status: 'created', trigger: 'mqa', evidence, slaDays: 2 },
    });
  }
  task = { anna: `handoff/${a.id}/1`, ben: `handoff/${b.id}/1` };
  // A journey listening on Anna's account, so ingested events queue deliveries.
  await db.journeyRun.create({ data: { workflowId: `journey/listen/${a.id}`, journeyKey: 'listen', journeyVersion: 1, accountId: a.id, status: 'running', stage: 'engage' } });

  keys.admin = (await createApiKey(db, { name: 'ops', role: 'admin' })).secret;
  keys.marketing = (await createApiKey(db, { name: 'webinars', role: 'marketing' })).secret;
  keys.anna = (await createApiKey(db, { name: 'anna crm', role: 'sales', repEmail: 'anna@keelson.example' })).secret;
  keys.ben = (await createApiKey(db, { name: 'ben crm', role: 'sales', repEmail: 'BEN@keelson.example' })).secret;

  server = await startHttpServer({
    port: 0,
    secret: SECRET,
    ...trackingHandlers(db, undefined, { machineWindowMs: 0, countMachine: false }),
    log: (line) => logged.push(line),
    requestLog: (line) => requests.push(line),
    // A framework-free page behind a signed link, as the invitations' registration links come.
    signedLinks: [{ method: 'GET', url: '/r/:token', handler: async (token) => (token === 'good' ? { status: 200, html: '<p>You are registered</p>' } : { status: 400, html: '<p>This link is not valid</p>' }) }],
    routes: (app) =>
      registerApi(app, {
        db,
        // A failure nobody planned for: the API must answer 500 with an error id, and log the rest.
        temporal: () => Promise.reject(new Error('connect ECONNREFUSED 10.9.8.7:7233')),
        taskQueue: 'api-test',
      }),
  });
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

describe('keys and roles', () => {
  it('answers 401 without a key, with an unknown key and with a revoked one', async () => {
    for (const key of [undefined, 'hk_not-a-key']) {
      const res = await json(await call('GET', '/v1/accounts', key));
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(/API key/);
    }
    const spare = await createApiKey(db, { name: 'spare', role: 'marketing' });
    expect((await call('GET', '/v1/accounts', spare.secret)).status).toBe(200);
    await db.apiKey.update({ where: { id: spare.id }, data: { revokedAt: new Date() } });
    expect((await call('GET', '/v1/accounts', spare.secret)).status).toBe(401);
  });

  it('keeps marketing out of sales tasks and sales out of ingestion and journeys (403)', async () => {
    expect((await call('GET', '/v1/tasks', keys.marketing)).status).toBe(403);
    expect((await call('POST', '/v1/engagement-events', keys.anna, { events: [] })).status).toBe(403);
    const res = await json(await call('GET', '/v1/journeys', keys.anna));
    expect(res).toEqual({ status: 403, body: { error: 'a sales key may not call this endpoint (it needs marketing or admin)' } });
    expect((await call('GET', '/v1/journeys', keys.admin)).status).toBe(200);
  });

  it("lets a sales key read its own rep's tasks and accounts, and nobody else's", async () => {
    const inbox = await json(await call('GET', '/v1/tasks', keys.anna));
    expect(inbox.status).toBe(200);
    expect((inbox.body as unknown as { id: string }[]).map((t) => t.id)).toEqual([task.anna]);
    expect((await call('GET', `/v1/tasks/${encodeURIComponent(task.anna)}`, keys.anna)).status).toBe(200);

    const other = await json(await call('GET', `/v1/tasks/${encodeURIComponent(task.ben)}`, keys.anna));
    expect(other.status).toBe(403);
    expect(other.body.error).toContain('belongs to another rep');
    expect((await call('POST', `/v1/tasks/${encodeURIComponent(task.ben)}/accept`, keys.anna, {})).status).toBe(403);
    expect((await call('GET', '/v1/tasks?owner=ben@keelson.example', keys.anna)).status).toBe(403);
    expect((await call('GET', '/v1/accounts/bens-account.example', keys.anna)).status).toBe(403);

    const accounts = await json(await call('GET', '/v1/accounts', keys.anna));
    expect((accounts.body as unknown as { domain: string }[]).map((a) => a.domain)).toEqual(['annas-account.example']);
    expect((await call('GET', '/v1/accounts/annas-account.example/timeline', keys.anna)).status).toBe(200);
    // An admin reads every inbox.
    const all = await json(await call('GET', '/v1/tasks', keys.admin));
    expect((all.body as unknown as unknown[]).length).toBe(2);
  });
});

describe('status codes', () => {
  it('answers 400 with every field error and its path', async () => {
    const list = await json(await call('GET', '/v1/accounts?tier=7&status=sleeping', keys.marketing));
    expect(list.status).toBe(400);
    expect(list.body.issues.map((i: { path: string }) => i.path)).toEqual(['querystring.tier', 'querystring.status']);

    const reject = await json(await call('POST', `/v1/tasks/${encodeURIComponent(task.anna)}/opportunity`, keys.anna, { amount: -5, currency: 'euro' }));
    expect(reject.status).toBe(400);
    expect(reject.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.amount', 'body.closeDate', 'body.currency']);

    const journey = await json(await call('POST', '/v1/journeys', keys.marketing, { key: 'Bad Key', name: 'x', stages: [] }));
    expect(journey.status).toBe(400);
    expect(journey.body.issues.length).toBeGreaterThan(0);
    expect(journey.body.issues.every((i: { path: string }) => i.path.startsWith('body'))).toBe(true);

    const malformed = await call('POST', '/v1/engagement-events', keys.marketing);
    expect(malformed.status).toBe(400);
  });

  it('answers 404 for an unknown account, task, journey or endpoint', async () => {
    for (const path of ['/v1/accounts/nobody.example', '/v1/tasks/handoff%2Fnone%2F1', '/v1/nothing']) {
      const res = await json(await call('GET', path, keys.admin));
      expect([path, res.status]).toEqual([path, 404]);
      expect(typeof res.body.error).toBe('string');
    }
  });

  it('imports accounts and contacts all or nothing: 400 lists every bad row, 200 reports what changed', async () => {
    const bad = await json(await call('POST', '/v1/accounts/import', keys.marketing, [{ domain: 'imported.example', name: 'Imported' }, { domain: 'not a domain', name: '' }]));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('nothing was imported');
    expect(bad.body.details.join('\n')).toMatch(/row 2/);
    expect(await db.account.count({ where: { domain: 'imported.example' } })).toBe(0);

    const good = await json(await call('POST', '/v1/accounts/import', keys.marketing, [{ domain: 'https://www.Imported.example/', name: 'Imported', tier: 3 }]));
    expect([good.status, good.body.created, good.body.rejected]).toEqual([200, 1, 0]);
    const contacts = await json(await call('POST', '/v1/contacts/import', keys.marketing, [{ email: 'Ida@imported.example', account_domain: 'imported.example', role: 'champion' }]));
    expect([contacts.status, contacts.body.created]).toEqual([200, 1]);
    expect(await db.contact.count({ where: { email: 'ida@imported.example' } })).toBe(1);
    expect((await call('POST', '/v1/accounts/import', keys.anna, [{ domain: 'x.example', name: 'x' }])).status).toBe(403);
  });

  it('publishes a journey with 201, then 200 while it is unchanged', async () => {
    const definition = { key: 'api-nurture', name: 'API nurture', stages: [{ key: 'engage', steps: [{ id: 'wait', type: 'wait', duration: '7d' }] }] };
    expect(await json(await call('POST', '/v1/journeys/validate', keys.marketing, definition))).toEqual({ status: 200, body: { ok: true, key: 'api-nurture' } });
    const first = await json(await call('POST', '/v1/journeys', keys.marketing, definition));
    expect([first.status, first.body.version]).toEqual([201, 1]);
    const again = await json(await call('POST', '/v1/journeys', keys.marketing, definition));
    expect([again.status, again.body.version, again.body.created]).toEqual([200, 1, false]);
  });

  it('refuses a blank steering reason and a field the steering body does not take, before reaching Temporal', async () => {
    const blank = await json(await call('POST', '/v1/accounts/annas-account.example/journeys/stop', keys.marketing, { reason: '   ' }));
    expect([blank.status, blank.body.issues]).toEqual([400, [{ path: 'body.reason', message: 'say why, for the timeline' }]]);
    const misspelt = await json(await call('POST', '/v1/accounts/annas-account.example/journeys/pause', keys.marketing, { reasn: 'x' }));
    expect(misspelt.status).toBe(400);
    expect(JSON.stringify(misspelt.body)).toContain('reasn');
  });

  it('reads a launch holdout sent as a JSON number as the share the same text is', async () => {
    const res = await json(await call('POST', '/v1/journeys/api-nurture/launch', keys.marketing, { tier: 1, holdout: 0.9 }));
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: 'body.holdout', message: expect.not.stringMatching(/expected string/) }]);
  });

  it('answers an unexpected failure with 500 and an error id that is in the log, never a stack trace', async () => {
    const res = await json(await call('POST', '/v1/accounts/annas-account.example/journeys/pause', keys.marketing, {}));
    expect(res.status).toBe(500);
    expect(res.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|at .*\.ts/);
    expect(logged.find((l) => l.includes(res.body.errorId))).toContain('ECONNREFUSED');
  });

  it('still answers journey status from the database when Temporal cannot be reached', async () => {
    const res = await json(await call('GET', '/v1/accounts/annas-account.example/journeys', keys.marketing));
    expect(res.status).toBe(200);
    expect(res.body.temporal.reachable).toBe(false);
    expect(res.body.journeys.map((j: { status: string }) => j.status)).toEqual(['running']);
  });
});

describe('POST /v1/engagement-events', () => {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  it('stores 1,000 events with 100 duplicates as 900, queued once each, and counts a resent batch as duplicates', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => {
      const n = i < 900 ? i : i - 900; // the last 100 repeat the first 100 ids
      return { id: `wv-${n}`, type: 'visited', contact: { email: 'Laura@annas-account.example' }, occurredAt: at(1000 - n), properties: { tag: n % 2 ? 'pricing' : 'docs', page: `/p/${n}` } };
    });
    // Sent out of order: the journeys hear them in the order they happened.
    events.reverse();
    const first = await json(await call('POST', '/v1/engagement-events', keys.marketing, { events }));
    expect(first).toEqual({ status: 202, body: { accepted: 900, duplicated: 100, rejected: [], unmatched: 0, queued: 900 } });
    expect(await db.touch.count({ where: { contactId: annaContactId, type: 'visited' } })).toBe(900);
    const deliveries = await db.journeyDelivery.findMany({ where: { eventId: { startsWith: 'api:wv-' } }, orderBy: { id: 'asc' } });
    expect(deliveries).toHaveLength(900);
    expect(new Set(deliveries.map((d) => d.eventId)).size).toBe(900);
    const times = deliveries.map((d) => (d.payload as { atMs: number }).atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const touch = await db.touch.findUnique({ where: { idempotencyKey: 'event|api:wv-7' } });
    expect(touch?.detail).toEqual({ source: 'api', tag: 'pricing', properties: { page: '/p/7' } });
    expect(touch?.at.toISOString()).toBe(events.find((e) => e.id === 'wv-7')!.occurredAt);

    // Again through the earlier path, kept as an alias: the same route, so every event is a duplicate.
    const again = await json(await call('POST', '/v1/events', keys.marketing, { events }));
    expect(again.body).toEqual({ accepted: 0, duplicated: 1000, rejected: [], unmatched: 0, queued: 0 });
    expect(await db.journeyDelivery.count({ where: { eventId: { startsWith: 'api:wv-' } } })).toBe(900);
  });

  it('keeps events of unknown contacts, matched to an account by email domain, and rejects bad items alone with reasons', async () => {
    const res = await json(
      await call('POST', '/v1/engagement-events', keys.marketing, {
        events: [
          { id: 'form-1', type: 'inquiry', contact: { email: 'new.person@bens-account.example' }, occurredAt: at(5) },
          { id: 'form-2', type: 'inquiry', contact: { email: 'stranger@elsewhere.example' }, occurredAt: at(5) },
          { id: 'bad-1', type: 'teleported', contact: {}, occurredAt: 'yesterday' },
          { id: 'bad-2', type: 'visited', contact: { email: 'laura@annas-account.example' }, occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
          'not an event',
          { id: 'bad-3', type: 'visited', contact: { email: 'laura@annas-account.example' }, occurredAt: '2020-01-01T00:00:00Z' },
        ],
      }),
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 2, duplicated: 0, unmatched: 2, queued: 0 });
    expect(res.body.rejected).toEqual([
      { index: 2, id: 'bad-1', reason: expect.stringMatching(/^type: .*; contact: expected the contact's email or Harpoon contact id; occurredAt: expected an ISO 8601 time/) },
      { index: 3, id: 'bad-2', reason: 'occurredAt: is in the future; send events once they happened' },
      { index: 4, id: null, reason: expect.stringContaining('(event):') },
      { index: 5, id: 'bad-3', reason: 'occurredAt: 2020-01-01T00:00:00.000Z is more than 365 days ago, expected engagement of the last 365 days' },
    ]);
    const bens = await db.account.findUniqueOrThrow({ where: { domain: 'bens-account.example' } });
    const kept = await db.unmatchedEvent.findMany({ orderBy: { id: 'asc' } });
    expect(kept.map((e) => [e.id, e.email, e.accountId])).toEqual([
      ['form-1', 'new.person@bens-account.example', bens.id],
      ['form-2', 'stranger@elsewhere.example', null],
    ]);
  });

  it('refuses an empty batch and one over 1,000 events as a whole (400)', async () => {
    const over = Array.from({ length: 1001 }, (_, i) => ({ id: `x-${i}` }));
    for (const events of [[], over]) {
      const res = await json(await call('POST', '/v1/engagement-events', keys.marketing, { events }));
      expect([res.status, res.body.issues[0].path]).toEqual([400, 'body.events']);
    }
  });
});

describe('signed links and logs', () => {
  it('rejects a forged or tampered link and records nothing', async () => {
    const sendKey = `journey/listen/x|engage/intro#1|${annaContactId}`;
    const account = await db.contact.findUniqueOrThrow({ where: { id: annaContactId } });
    await db.emailSend.create({
      data: { idempotencyKey: sendKey, accountId: account.accountId, contactId: annaContactId, workflowId: 'journey/listen/x', stepPath: 'engage/intro#1', templateKey: 't', messageId: messageIdFor(sendKey), status: 'sent', sentAt: new Date(Date.now() - 3_600_000) },
    });
    const touchesBefore = await db.touch.count();
    const forged = signToken({ kind: 'unsubscribe', send: sendRefFor(sendKey) }, 'someone-elses-secret-000');
    const genuine = signToken({ kind: 'click', send: sendRefFor(sendKey), url: 'https://annas-account.example/pricing', tag: 'pricing' }, SECRET);
    const tampered = `${genuine.slice(0, 12)}${genuine[12] === 'A' ? 'B' : 'A'}${genuine.slice(13)}`;
    const unsubscribe = await fetch(`${server.url}/u/${forged}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(unsubscribe.status).toBe(400);
    const click = await fetch(`${server.url}/t/click?t=${tampered}`, { redirect: 'manual' });
    expect([click.status, click.headers.get('location')]).toEqual([400, null]);
    expect(await db.touch.count()).toBe(touchesBefore);
    expect((await db.contact.findUniqueOrThrow({ where: { id: annaContactId } })).consent).toBe('subscribed');
  });

  it('mounts a framework-free signed-link page with its status and HTML, and no key', async () => {
    const good = await fetch(`${server.url}/r/good`);
    expect([good.status, good.headers.get('content-type'), good.headers.get('referrer-policy'), await good.text()]).toEqual([200, 'text/html; charset=utf-8', 'no-referrer', '<p>You are registered</p>']);
    expect((await fetch(`${server.url}/r/forged`)).status).toBe(400);
  });

  it('logs each request by its route pattern: no tokens, no query strings, no addresses', async () => {
    await call('GET', '/v1/tasks?owner=anna@keelson.example', keys.admin);
    expect(requests.some((l) => /^\[http\] GET \/v1\/tasks 200 \d+ms$/.test(l))).toBe(true);
    expect(requests.some((l) => l.startsWith('[http] POST /u/:token 400'))).toBe(true);
    expect(requests.filter((l) => /@|\?|t=|hk_|laura/i.test(l))).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('is served at /openapi.json, validates against the OpenAPI 3 schema and lists every resource', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/accounts', '/v1/accounts/{account}/timeline', '/v1/contacts/import', '/v1/journeys', '/v1/journeys/{key}/launch', '/v1/engagement-events', '/v1/events', '/v1/programme-events/{key}', '/v1/programme-events/{key}/attendance', '/v1/tasks/{task}/reject']),
    );
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/t/') || p.startsWith('/u/'))).toBe(false);
    const page = await fetch(`${server.url}/docs`, { redirect: 'follow' });
    expect([page.status, (await page.text()).includes('swagger')]).toEqual([200, true]);
  });
});

describe('harpoon keys', () => {
  it('creates a key whose secret is printed once and works, lists it without the secret, and revokes it', async () => {
    const env = { DATABASE_URL: fresh.value!.url, HARPOON_DATA_DIR: fresh.value!.dir };
    const created = await runCli(['keys', 'create', '--role', 'sales', '--name', 'anna phone', '--rep', 'anna@keelson.example'], env);
    expect(created.code, created.stderr).toBe(0);
    const secret = /secret: (\S+)/.exec(created.stdout)![1]!;
    expect((await call('GET', '/v1/tasks', secret)).status).toBe(200);
    const listed = await runCli(['keys', 'list', '--json'], env);
    expect(listed.stdout).not.toContain(secret);
    const row = (JSON.parse(listed.stdout) as { id: string; name: string; role: string; rep: string | null }[]).find((k) => k.name === 'anna phone')!;
    expect(row).toMatchObject({ role: 'sales', rep: 'anna@keelson.example' });
    await runCliOk(['keys', 'revoke', row.id], env);
    expect((await call('GET', '/v1/tasks', secret)).status).toBe(401);
    // Two live keys of one name: revoking by the name would leave one of them working.
    const twins = [];
    for (let i = 0; i < 2; i++) twins.push(/secret: (\S+)/.exec((await runCliOk(['keys', 'create', '--role', 'marketing', '--name', 'temp'], env)).stdout)![1]!);
    const ambiguous = await runCli(['keys', 'revoke', 'temp'], env);
    expect([ambiguous.code, ambiguous.stderr]).toEqual([1, expect.stringMatching(/2 live API keys are named "temp" \(ids .+, .+\): revoke each by its id/)]);
    for (const s of twins) expect((await call('GET', '/v1/accounts', s)).status).toBe(200);
    const wrong = await runCli(['keys', 'create', '--role', 'sales', '--name', 'x'], env);
    expect([wrong.code, wrong.stderr.trim()]).toEqual([1, 'harpoon: a sales key is bound to a rep: add --rep <email> (see "harpoon accounts reps list")']);
  });
});
