// Engagement ingestion and the API's field errors on a real server over a fresh database: one id
// space for matched and unmatched events, programme-event answers refused at their field, and every
// /v1 refusal naming the query or body field (never a CLI flag), with the shape a batch or an
// import expects when a body has the wrong one.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestEvents } from '../../engagement/ingest-events';
import { createApiKey } from '../../use-cases/api-keys';
import { startApiWithoutTemporal } from '../support/api-server';
import { runCli } from '../support/cli';
import { rerunFirstTransaction } from '../support/rerun-first-transaction';

let api: Awaited<ReturnType<typeof startApiWithoutTemporal>>;
let key = '';
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

beforeAll(async () => {
  api = await startApiWithoutTemporal('ingestion-test-secret-0123456789');
  key = (await createApiKey(api.db, { name: 'forms', role: 'marketing' })).secret;
  await api.db.account.create({ data: { domain: 'keel.example', name: 'Keel', tier: 2, poolStatus: 'target' } });
});
afterAll(() => api?.stop());

it('counts an id once whether it was first kept as unmatched or first matched', async () => {
  const inquiry = { id: 'form-9', type: 'inquiry', contact: { email: 'nora@keel.example' }, occurredAt: ago(30) };
  const first = await api.call('POST', '/v1/engagement-events', key, { events: [inquiry] });
  expect(first.body).toMatchObject({ accepted: 1, unmatched: 1, duplicated: 0 });

  // Nora is imported: the inquiry kept for her reaches her timeline now, at the time it happened.
  const imported = await api.call('POST', '/v1/contacts/import', key, [{ email: 'nora@keel.example', account_domain: 'keel.example', role: 'champion' }]);
  expect(imported.body.notes).toContain("1 engagement event received before its person was known (unmatched) now on their timelines and with their accounts' running journeys");
  const nora = await api.db.contact.findUniqueOrThrow({ where: { email: 'nora@keel.example' } });
  expect(await api.db.touch.findMany({ where: { type: 'inquiry' }, select: { contactId: true, at: true } })).toEqual([{ contactId: nora.id, at: new Date(inquiry.occurredAt) }]);
  expect(await api.db.unmatchedEvent.count({ where: { id: 'form-9' } })).toBe(0);
  // The sender retries the same event: a duplicate, recorded once.
  const again = await api.call('POST', '/v1/engagement-events', key, { events: [inquiry] });
  expect(again.body).toEqual({ accepted: 0, duplicated: 1, rejected: [], unmatched: 0, queued: 0 });
  expect(await api.db.touch.count({ where: { type: 'inquiry' } })).toBe(1);

  // And the other way round: matched first, then the contact is gone and the id comes back.
  const visit = { id: 'ga-1', type: 'visited', contact: { email: 'nora@keel.example' }, occurredAt: ago(20) };
  expect((await api.call('POST', '/v1/engagement-events', key, { events: [visit] })).body).toMatchObject({ accepted: 1, unmatched: 0 });
  await api.db.contact.delete({ where: { email: 'nora@keel.example' } });
  expect((await api.call('POST', '/v1/engagement-events', key, { events: [visit] })).body).toMatchObject({ accepted: 0, duplicated: 1, unmatched: 0 });
  expect(await api.db.unmatchedEvent.count({ where: { id: 'ga-1' } })).toBe(0);
});

it('refuses programme-event answers at their type field, pointing to the events model, and takes the rest', async () => {
  const res = await api.call('POST', '/v1/engagement-events', key, {
    events: [
      { id: 'wb-1', type: 'event_attended', contact: { email: 'ida@keel.example' }, occurredAt: ago(10), properties: { tag: 'webinar' } },
      { id: 'wb-2', type: 'event_registered', contact: { email: 'ida@keel.example' }, occurredAt: ago(10) },
      { id: 'wb-3', type: 'clicked', contact: { email: 'ida@keel.example' }, occurredAt: ago(10) },
    ],
  });
  expect(res.status).toBe(202);
  expect(res.body.accepted).toBe(1);
  expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1]);
  for (const r of res.body.rejected) {
    expect(r.reason).toMatch(/^type: "event_(attended|registered)" is a programme-event answer: send registrations through the invitation links and attendance to POST \/v1\/programme-events\/\{key\}\/attendance; expected one of opened, clicked, replied, visited, inquiry, unsubscribed, bounced, complained$/);
  }
  expect(await api.db.unmatchedEvent.count({ where: { type: { startsWith: 'event_' } } })).toBe(0);
});

it('refuses an event with a field it does not know, naming it, instead of dropping what the sender meant', async () => {
  const res = await api.call('POST', '/v1/engagement-events', key, {
    events: [
      // Snake case for accountDomain: dropped, the event would have lost its account unseen.
      { id: 'sn-1', type: 'visited', contact: { email: 'new-person@keel.example' }, occurredAt: ago(10), account_domain: 'keel.example' },
      { id: 'sn-2', type: 'visited', contact: { emial: 'ida@keel.example', id: 'c-1' }, occurredAt: ago(10) },
      { id: 'sn-3', type: 'visited', contact: { email: 'ida@keel.example' }, occurredAt: ago(10), properties: { tag: 'docs', page: '/setup' } },
    ],
  });
  expect(res.status).toBe(202);
  expect(res.body.rejected).toEqual([
    { index: 0, id: 'sn-1', reason: '(event): unknown field "account_domain"; expected id, type, contact, accountDomain, occurredAt, properties (free-form)' },
    { index: 1, id: 'sn-2', reason: 'contact: unknown field "emial"; expected email, id' },
  ]);
  const noId = await api.call('POST', '/v1/engagement-events', key, { events: [{ type: 'visited', contact: { email: 'ida@keel.example' }, occurredAt: ago(10) }] });
  expect(noId.body.rejected).toEqual([{ index: 0, id: null, reason: 'id: expected the event id the sender keeps, for de-duplication' }]);
  expect(res.body.accepted).toBe(1);
});

it('names the query or body field in every refusal, in the words of the API', async () => {
  const period = await api.call('GET', '/v1/metrics?from=2026-11-10&to=2026-11-01', key);
  expect(period.status).toBe(400);
  expect(period.body.issues).toEqual([{ path: 'querystring.to', message: 'expected a day on or after querystring.from' }]);
  expect(JSON.stringify(period.body)).not.toContain('--');

  const contacts = await api.call('POST', '/v1/contacts/import', key, [{ email: 'olga@nowhere.example', account_domain: 'nowhere.example', role: 'champion' }]);
  expect(contacts.status).toBe(400);
  expect(contacts.body.details.join('\n')).toContain('use querystring.createAccounts to add it as a candidate');
  expect(JSON.stringify(contacts.body)).not.toContain('--');
  // The same rule through the CLI names its flags.
  const file = path.join(api.dir, 'contacts.json');
  writeFileSync(file, JSON.stringify([{ email: 'olga@nowhere.example', account_domain: 'nowhere.example', role: 'champion' }]));
  const cli = await runCli(['contacts', 'import', file], { DATABASE_URL: api.url, HARPOON_DATA_DIR: api.dir });
  expect(cli.code).toBe(1);
  expect(cli.stderr).toContain('use --create-accounts to add it as a candidate');
  expect(cli.stderr).toContain('or use --partial to import the valid rows');
  expect(cli.stderr).not.toContain('{field:');

  await api.db.cost.createMany({ data: [{ amount: 100, currency: 'EUR', emails: 1000 }] });
  await api.db.salesTask.create({
    data: {
      id: 'handoff/x/1', accountId: (await api.db.account.findUniqueOrThrow({ where: { domain: 'keel.example' } })).id, seq: 1, status: 'won', trigger: 'mqa',
      evidence: {}, slaDays: 2, journeyWorkflowId: 'journey/x/y', amount: 500, currency: 'USD', closedAt: new Date(),
    },
  });
  const currencies = await api.call('GET', '/v1/metrics', key);
  expect(currencies.status).toBe(400);
  expect(currencies.body.error).toContain('narrow the report with querystring.journey, querystring.tier, querystring.owner or querystring.from/querystring.to');
});

it("tells a sender who posts a bare list, or forgets the events field, the batch's shape", async () => {
  const event = { id: 'bare-1', type: 'clicked', contact: { email: 'nora@keel.example' }, occurredAt: ago(5) };
  const shape = 'an object whose "events" holds the list, such as {"events": [{"id": "...", "type": "clicked", ...}]}';
  const bare = await api.call('POST', '/v1/engagement-events', key, [event]);
  expect([bare.status, bare.body.issues]).toEqual([400, [{ path: 'body', message: `expected ${shape}` }]]);
  const noField = await api.call('POST', '/v1/engagement-events', key, { event });
  expect([noField.status, noField.body.issues]).toEqual([400, [{ path: 'body.events', message: `missing: the batch is ${shape}` }]]);
  expect(await api.db.touch.count({ where: { type: 'clicked' } })).toBe(0);
});

it('tells an import sent as one object instead of a list of rows what it expects', async () => {
  const rows = 'expected the rows as a list: [{...}, {...}], one object per row with its columns as fields';
  const one = await api.call('POST', '/v1/accounts/import', key, { domain: 'one.example', name: 'One' });
  expect([one.status, one.body.issues]).toEqual([400, [{ path: 'body', message: rows }]]);
  const wrapped = await api.call('POST', '/v1/contacts/import', key, { rows: [{ email: 'a@keel.example', account_domain: 'keel.example', role: 'champion' }] });
  expect([wrapped.status, wrapped.body.issues]).toEqual([400, [{ path: 'body', message: rows }]]);
  const notRows = await api.call('POST', '/v1/accounts/import', key, ['one.example']);
  expect([notRows.status, notRows.body.issues]).toEqual([400, [{ path: 'body.0', message: 'expected a row: an object with the columns as fields' }]]);
  expect(await api.db.account.count({ where: { domain: 'one.example' } })).toBe(0);
});

it('says a field the request left out is missing, and what it expects there', async () => {
  const event = await api.call('PUT', '/v1/programme-events/half-event', key, { key: 'half-event', kind: 'webinar', start: '2027-05-01T10:00', end: '2027-05-01T11:00', online: 'https://meet.example/h' });
  expect([event.status, event.body.issues]).toEqual([400, [{ path: 'body.title', message: 'missing, expected a string' }, { path: 'body.timezone', message: 'missing, expected a string' }]]);
  // A field that is there with the wrong type keeps zod's words, which say what it got.
  const typed = await api.call('PUT', '/v1/programme-events/half-event', key, { key: 'half-event', kind: 'webinar', title: 7, timezone: 'UTC', start: '2027-05-01T10:00', end: '2027-05-01T11:00', online: 'https://meet.example/h' });
  expect(typed.body.issues).toEqual([{ path: 'body.title', message: 'Invalid input: expected string, received number' }]);
});

it('takes each id once when batches sharing ids arrive at the same time, with its touch and outbox row as sent', async () => {
  const account = await api.db.account.create({ data: { domain: 'quay.example', name: 'Quay', tier: 1, poolStatus: 'target' } });
  const contacts = await Promise.all(
    ['ida', 'olle', 'pia'].map((name) => api.db.contact.create({ data: { accountId: account.id, email: `${name}@quay.example`, role: 'champion' } })),
  );
  await api.db.journeyRun.create({ data: { workflowId: 'journey/quay', journeyKey: 'quay', journeyVersion: 1, accountId: account.id, status: 'running' } });
  const occurredAt = new Date(Date.now() - 10 * 60_000);
  const event = (n: number) => ({ id: `quay-${n}`, type: 'visited', contact: { email: contacts[n % 3]!.email }, occurredAt: occurredAt.toISOString(), properties: { tag: 'pricing', page: `/p/${n}` } });
  // Three batches, each sharing 100 of its 200 ids with the next; the middle one in reverse order.
  const batches = [0, 100, 200].map((from) => Array.from({ length: 200 }, (_, i) => event(from + i)));
  batches[1]!.reverse();
  const answers = await Promise.all(batches.map((events) => api.call('POST', '/v1/engagement-events', key, { events })));

  const bodies = answers.map((a) => a.body as { accepted: number; duplicated: number });
  expect(bodies.reduce((n, b) => n + b.accepted, 0)).toBe(400);
  expect(bodies.reduce((n, b) => n + b.duplicated, 0)).toBe(200);
  const touches = await api.db.touch.findMany({ where: { accountId: account.id, type: 'visited' }, orderBy: { idempotencyKey: 'asc' } });
  expect(touches).toHaveLength(400);
  expect(new Set(touches.map((t) => t.idempotencyKey)).size).toBe(400);
  const first = touches.find((t) => t.idempotencyKey === 'event|api:quay-7')!;
  expect(first).toMatchObject({ contactId: contacts[1]!.id, at: occurredAt, detail: { source: 'api', tag: 'pricing', properties: { page: '/p/7' } } });
  const outbox = await api.db.journeyDelivery.findMany({ where: { workflowId: 'journey/quay' } });
  expect(outbox).toHaveLength(400);
  expect(outbox.find((d) => d.eventId === 'api:quay-7')).toMatchObject({
    kind: 'engagement',
    deliveredAt: null,
    attempts: 0,
    payload: { eventId: 'api:quay-7', type: 'visited', contactId: contacts[1]!.id, tag: 'pricing', atMs: occurredAt.getTime() },
  });
  // `journeys status` says since when a row waits: stored as the typed client stores times.
  expect(Math.abs(outbox[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
});

it('counts a batch once when its transaction runs a second time, as PostgreSQL runs it after a write conflict', async () => {
  const account = await api.db.account.create({ data: { domain: 'weir.example', name: 'Weir', tier: 2, poolStatus: 'target' } });
  await api.db.contact.create({ data: { accountId: account.id, email: 'ulla@weir.example', role: 'champion' } });
  await api.db.journeyRun.create({ data: { workflowId: 'journey/weir', journeyKey: 'weir', journeyVersion: 1, accountId: account.id, status: 'running' } });
  const { db: rerunning, reran } = rerunFirstTransaction(api.db);
  const events = [
    { id: 'weir-1', type: 'visited', contact: { email: 'ulla@weir.example' }, occurredAt: ago(5) },
    { id: 'weir-2', type: 'inquiry', contact: { email: 'stranger@weir.example' }, occurredAt: ago(4) },
    { id: 'weir-1', type: 'visited', contact: { email: 'ulla@weir.example' }, occurredAt: ago(5) },
  ];
  const report = await ingestEvents(rerunning, events);
  expect(reran()).toBe(true);
  expect(report).toEqual({ accepted: 2, duplicated: 1, rejected: [], unmatched: 1, queued: 1 });
  expect(await api.db.touch.count({ where: { accountId: account.id } })).toBe(1);
  expect(await api.db.journeyDelivery.count({ where: { workflowId: 'journey/weir' } })).toBe(1);
});

it("matches an event by its email when its contact id is one Harpoon no longer knows (the contact was imported again)", async () => {
  const ivo = await api.db.contact.create({ data: { email: 'ivo@keel.example', accountId: (await api.db.account.findUniqueOrThrow({ where: { domain: 'keel.example' } })).id, role: 'user' } });
  const reply = { id: 'crm-77', type: 'replied', contact: { id: 'contact-from-an-old-export', email: 'Ivo@keel.example' }, occurredAt: ago(10) };
  expect((await api.call('POST', '/v1/engagement-events', key, { events: [reply] })).body).toMatchObject({ accepted: 1, unmatched: 0 });
  expect(await api.db.touch.findMany({ where: { type: 'replied' }, select: { contactId: true } })).toEqual([{ contactId: ivo.id }]);
  expect(await api.db.unmatchedEvent.count({ where: { id: 'crm-77' } })).toBe(0);
});

it("says what each field of an event expects in Harpoon's words: the id's limit, the contact's shape, a time's offset, the tag's type", async () => {
  const base = { type: 'visited', contact: { email: 'nora@keel.example' }, occurredAt: ago(5) };
  const res = await api.call('POST', '/v1/engagement-events', key, {
    events: [
      { ...base, id: 'x'.repeat(201) },
      { ...base, id: 'no-contact', contact: undefined },
      { ...base, id: 'local-time', occurredAt: '2026-12-07T10:00:00' },
      { ...base, id: 'numeric-tag', properties: { tag: 7 } },
      { ...base, id: 'no-type', type: undefined },
      { ...base, id: 'contact-as-text', contact: 'nora@keel.example' },
    ],
  });
  expect(res.status).toBe(202);
  expect(res.body.rejected.map((r: { reason: string }) => r.reason)).toEqual([
    'id: is 201 characters long, expected the event id the sender keeps, for de-duplication, at most 200 characters',
    'contact: missing, expected an object naming the person: {"email": "..."} or {"id": "<Harpoon\'s contact id>"}',
    'occurredAt: "2026-12-07T10:00:00" has no offset, expected Z (UTC) or the offset from UTC after the time, such as 2026-12-07T10:00:00Z or 2026-12-07T10:00:00+01:00',
    'properties.tag: expected the page or link tag triggers match, as text of 1 to 100 characters, such as "pricing"',
    'type: missing, expected one of opened, clicked, replied, visited, inquiry, unsubscribed, bounced, complained',
    'contact: expected an object naming the person: {"email": "..."} or {"id": "<Harpoon\'s contact id>"}',
  ]);
  expect(JSON.stringify(res.body)).not.toContain('Invalid input');
  expect(await api.db.touch.count({ where: { type: 'visited', contact: { email: 'nora@keel.example' } } })).toBe(0);
});

it('answers the deprecated POST /v1/events with the Deprecation header and a link to /v1/engagement-events', async () => {
  const post = (path: string) =>
    fetch(`${api.server.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: [{ id: `dep-${path}`, type: 'visited', contact: { email: 'nora@keel.example' }, occurredAt: ago(5) }] }),
    });
  const old = await post('/v1/events');
  expect(old.status).toBe(202);
  // RFC 9745: the moment it was deprecated, as @<unix seconds>: 2026-12-05, when /v1/engagement-events took over.
  expect(old.headers.get('deprecation')).toBe(`@${Date.parse('2026-12-05T00:00:00Z') / 1000}`);
  expect(old.headers.get('link')).toBe('</v1/engagement-events>; rel="successor-version"');
  // A refusal from the old path says it too, and so does one without a key.
  const refused = await fetch(`${api.server.url}/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '[]' });
  expect([refused.status, refused.headers.get('deprecation')]).toEqual([400, old.headers.get('deprecation')]);
  const anonymous = await fetch(`${api.server.url}/v1/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect([anonymous.status, anonymous.headers.get('link')]).toEqual([401, old.headers.get('link')]);
  const current = await post('/v1/engagement-events');
  expect(current.status).toBe(202);
  expect([current.headers.get('deprecation'), current.headers.get('link')]).toEqual([null, null]);
});
