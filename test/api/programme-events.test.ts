// /v1/programme-events on a real server (loopback port) over a real database file: events created
// and updated from the event file's schema, seats and the waitlist as registration links left them,
// and attendance rows imported all or nothing. Every status code: 200/201, 400, 401, 403, 404, 409.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import type { Db } from '../../db/client';
import { startApiWithoutTemporal } from '../support/api-server';
import { eventTookPlace, future, invitees } from '../support/invitees';

let api: Awaited<ReturnType<typeof startApiWithoutTemporal>>;
let db: Db;
const keys = { marketing: '', admin: '', sales: '' };

beforeAll(async () => {
  api = await startApiWithoutTemporal('programme-events-secret-0123456789');
  db = api.db;
  await db.salesRep.create({ data: { email: 'rep@keelson.example', name: 'Rep' } });
  keys.marketing = (await createApiKey(db, { name: 'events', role: 'marketing' })).secret;
  keys.admin = (await createApiKey(db, { name: 'ops', role: 'admin' })).secret;
  keys.sales = (await createApiKey(db, { name: 'crm', role: 'sales', repEmail: 'rep@keelson.example' })).secret;
});
afterAll(async () => {
  await api?.stop();
});

const call = (method: string, path: string, key: string | undefined, body?: unknown) => api.call(method, path, key, body);

const roundtable = { key: 'api-roundtable', kind: 'roundtable', title: 'Supply risk', start: future(20), end: future(20.1), timezone: 'Europe/Berlin', venue: 'Hamburg', capacity: 2 };

it('keeps programme events to marketing and admin keys (401 without a key, 403 for sales)', async () => {
  expect((await call('GET', '/v1/programme-events', undefined)).status).toBe(401);
  const sales = await call('GET', '/v1/programme-events', keys.sales);
  expect(sales).toEqual({ status: 403, body: { error: 'a sales key may not call this endpoint (it needs marketing or admin)' } });
  expect((await call('PUT', '/v1/programme-events/api-roundtable', keys.sales, roundtable)).status).toBe(403);
  expect((await call('POST', '/v1/programme-events/api-roundtable/attendance', keys.sales, [{ email: 'x@y.example', attended: 'yes' }])).status).toBe(403);
  expect((await call('GET', '/v1/programme-events', keys.admin)).status).toBe(200);
});

it('creates an event with 201, updates it with 200, and refuses bad fields with every path (400)', async () => {
  const created = await call('PUT', '/v1/programme-events/api-roundtable', keys.marketing, roundtable);
  expect(created).toEqual({ status: 201, body: { key: 'api-roundtable', created: true, changed: true, notes: [] } });
  const updated = await call('PUT', '/v1/programme-events/api-roundtable', keys.marketing, { ...roundtable, title: 'Supply risk in 2027' });
  expect(updated).toEqual({ status: 200, body: { key: 'api-roundtable', created: false, changed: true, notes: [] } });
  const again = await call('PUT', '/v1/programme-events/api-roundtable', keys.marketing, { ...roundtable, title: 'Supply risk in 2027' });
  expect(again).toEqual({ status: 200, body: { key: 'api-roundtable', created: false, changed: false, notes: [] } });
  expect((await db.event.findUniqueOrThrow({ where: { key: 'api-roundtable' } })).title).toBe('Supply risk in 2027');

  const bad = await call('PUT', '/v1/programme-events/api-roundtable', keys.marketing, { ...roundtable, kind: 'party', start: 'next week', capacity: 0, colour: 'red' });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body', 'body.capacity', 'body.kind', 'body.start']);
  expect(bad.body.error).toContain('"party" is not an event kind');
  const otherKey = await call('PUT', '/v1/programme-events/api-roundtable', keys.marketing, { ...roundtable, key: 'another-key' });
  expect([otherKey.status, otherKey.body.issues]).toEqual([400, [{ path: 'body.key', message: 'is "another-key" but the path names "api-roundtable", expected the same key in both' }]]);
  expect((await call('GET', '/v1/programme-events/Not_A_Key', keys.marketing)).body.issues[0].path).toBe('params.key');
  expect((await db.event.findUniqueOrThrow({ where: { key: 'api-roundtable' } })).title).toBe('Supply risk in 2027');
});

it('answers 404 for an unknown event, to show it or import its attendance', async () => {
  const show = await call('GET', '/v1/programme-events/no-such-event', keys.marketing);
  expect(show.status).toBe(404);
  expect(show.body.error).toContain('No event "no-such-event"');
  expect((await call('POST', '/v1/programme-events/no-such-event/attendance', keys.marketing, [{ email: 'a@b.example', attended: 'yes' }])).status).toBe(404);
});

it('shows seats against capacity, the waitlist in the order seats go to it, and every answer; attendance all or nothing', async () => {
  const people = await invitees(db, 'api-invitees.example', 5);
  const minute = (n: number) => new Date(Date.now() + n * 60_000);
  for (const i of [0, 1, 2, 3, 4]) await people.answer('api-roundtable', i, 'register', minute(i));
  // p0 gives up their seat: p2, first to wait, takes it; p3 and p4 wait on, in that order.
  await people.answer('api-roundtable', 0, 'decline', minute(5));

  const shown = await call('GET', '/v1/programme-events/api-roundtable', keys.marketing);
  expect(shown.status).toBe(200);
  expect([shown.body.capacity, shown.body.seatsTaken]).toEqual([2, 2]);
  expect(shown.body.waitlist.map((w: { position: number; contact: string }) => [w.position, w.contact])).toEqual([
    [1, 'p3@api-invitees.example'],
    [2, 'p4@api-invitees.example'],
  ]);
  const answers = Object.fromEntries(shown.body.registrations.map((r: { contact: string; status: string }) => [r.contact.slice(0, 2), r.status]));
  expect(answers).toEqual({ p0: 'declined', p1: 'registered', p2: 'registered', p3: 'waitlisted', p4: 'waitlisted' });
  expect(shown.body.registrations[0]).toMatchObject({ account: 'api-invitees.example', accountId: people.account.id, role: 'decision_maker' });
  const listed = await call('GET', '/v1/programme-events', keys.marketing);
  expect((listed.body as unknown as { key: string; answers: Record<string, number> }[]).find((e) => e.key === 'api-roundtable')?.answers).toMatchObject({ registered: 2, waitlisted: 2, declined: 1 });

  // Capacity never drops below the seats taken.
  const shrink = await call('PUT', '/v1/programme-events/api-roundtable', keys.marketing, { ...roundtable, capacity: 1 });
  expect([shrink.status, shrink.body.error]).toEqual([400, 'capacity: api-roundtable already has 2 registered, expected a capacity of at least 2']);
  // Named where it is in the request, as a field the schema refuses is.
  expect(shrink.body.issues).toEqual([{ path: 'body.capacity', message: 'api-roundtable already has 2 registered, expected a capacity of at least 2' }]);

  // Before the event has begun, an export is refused whole: most likely it is another event's.
  const early = await call('POST', '/v1/programme-events/api-roundtable/attendance', keys.marketing, [{ email: 'p1@api-invitees.example', attended: 'yes' }]);
  expect([early.status, early.body.error]).toEqual([409, expect.stringMatching(/^the request body: api-roundtable begins .*, so nobody has attended it yet/)]);
  await eventTookPlace(db, 'api-roundtable');

  const bad = await call('POST', '/v1/programme-events/api-roundtable/attendance', keys.marketing, [
    { email: 'p1@api-invitees.example', attended: 'yes' },
    { email: 'p2@api-invitees.example', attended: 'maybe' },
    { email: 'nobody@api-invitees.example', attended: 'no' },
    { email: 'not an address', attended: 'yes' },
  ]);
  expect(bad.status).toBe(400);
  expect(bad.body.error).toBe('the request body: 2 problem(s), nothing imported');
  // A walk-in (no contact) is no problem; a malformed row is.
  expect(bad.body.details).toEqual([expect.stringMatching(/^row 2, column attended: "maybe" is not an answer/), expect.stringMatching(/^row 4, column email: /)]);
  expect(await db.eventRegistration.count({ where: { status: { in: ['attended', 'no_show'] } } })).toBe(0);

  const good = await call('POST', '/v1/programme-events/api-roundtable/attendance', keys.marketing, [
    { email: 'P1@api-invitees.example', attended: true, minutes: 41 },
    { email: 'p2@api-invitees.example', attended: 'no' },
    { email: 'Walk.In@elsewhere.example', attended: 'yes' },
  ]);
  expect(good).toEqual({
    status: 200,
    body: { event: 'api-roundtable', attended: 1, noShow: 1, unchanged: 0, notRegistered: 0, unmatched: [{ row: 3, email: 'walk.in@elsewhere.example', attended: true }], registeredNotListed: 0, queued: 0 },
  });
  const after = await call('GET', '/v1/programme-events/api-roundtable', keys.marketing);
  expect(after.body.answers).toMatchObject({ attended: 1, no_show: 1, waitlisted: 2 });
  expect(after.body.unmatchedAttendance).toEqual({ attended: 1, absent: 0 });
  expect(await db.touch.count({ where: { accountId: people.account.id, type: { in: ['event_attended', 'event_no_show'] } } })).toBe(2);
});
