// The API's contract at its edges, as a sender meets it: a body that is not JSON gets a 415 in the
// API's error shape saying what to send (and the document declares it); an engagement event's email
// is read as imports read it; a rejected event carries its id as sent; and an event whose contact id
// and email name two different people is refused, naming both fields.
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import { startApiWithoutTemporal } from '../support/api-server';

let api: Awaited<ReturnType<typeof startApiWithoutTemporal>>;
let key = '';
beforeAll(async () => {
  api = await startApiWithoutTemporal('content-type-test-secret-0123456789');
  key = (await createApiKey(api.db, { name: 'forms', role: 'marketing' })).secret;
});
afterAll(() => api?.stop());

/** A POST with exactly these headers (fetch would add a Content-Type of its own to a text body). */
const post = (path: string, headers: Record<string, string>, body: string) =>
  new Promise<{ status: number; body: Record<string, any> }>((resolve, reject) => {
    const req = request(new URL(path, api.server.url), { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });

it('answers a body that is not JSON with a 415 naming the content type to send, and declares it', async () => {
  const csv = await post('/v1/accounts/import', { 'Content-Type': 'text/csv' }, 'domain,name\nkeel.example,Keel\n');
  expect(csv.status).toBe(415);
  expect(csv.body.error).toMatch(/^a body of Content-Type text\/csv cannot be read: send the body as JSON with Content-Type: application\/json \(a CSV file: send its rows as a list of objects/);
  const none = await post('/v1/engagement-events', {}, '{"events": []}');
  expect(none).toEqual({ status: 415, body: { error: 'the body has no Content-Type: send the body as JSON with Content-Type: application/json' } });
  // JSON sent as text/plain was read as a string and refused for its shape, which hid the cause.
  const text = await post('/v1/engagement-events', { 'Content-Type': 'text/plain' }, '{"events": []}');
  expect(text).toEqual({ status: 415, body: { error: 'a body of Content-Type text/plain cannot be read: send the body as JSON with Content-Type: application/json' } });
  expect(await api.db.account.count()).toBe(0);

  const doc = (await (await fetch(`${api.server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  expect(doc.paths['/v1/accounts/import']!.post!.responses['415']).toEqual({ description: expect.any(String), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  expect(doc.paths['/v1/engagement-events']!.post!.responses).toHaveProperty('415');
  expect(doc.paths['/v1/accounts']!.get!.responses).not.toHaveProperty('415');
});

it('reads an engagement email as imports do, echoes a rejected id as sent, and refuses an id and email of two contacts', async () => {
  await api.db.account.create({
    data: { domain: 'castell-medtech.example', name: 'Castell', poolStatus: 'target', contacts: { create: [{ email: 'laura.johnson@castell-medtech.example' }, { email: 'marc.weber@castell-medtech.example' }] } },
  });
  const laura = await api.db.contact.findUniqueOrThrow({ where: { email: 'laura.johnson@castell-medtech.example' } });
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  const events = [
    { id: 'ga-1', type: 'visited', contact: { email: '  LAURA.Johnson@Castell-Medtech.example ' }, occurredAt },
    { id: 4711, type: 'visited', contact: { email: 'laura.johnson@castell-medtech.example' }, occurredAt },
    { id: 'ga-3', type: 'visited', contact: { id: laura.id, email: 'marc.weber@castell-medtech.example' }, occurredAt },
    { id: 'ga-4', type: 'visited', contact: { id: laura.id, email: 'Laura.Johnson@castell-medtech.example' }, occurredAt },
  ];
  const res = await post('/v1/engagement-events', { 'Content-Type': 'application/json' }, JSON.stringify({ events }));
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ accepted: 2, unmatched: 0, duplicated: 0 });
  expect(res.body.rejected).toEqual([
    { index: 1, id: 4711, reason: 'id: expected the event id as a string, such as "4711"' },
    { index: 2, id: 'ga-3', reason: "contact.id, contact.email: name two different contacts; send the contact's id or email, or both of the same contact" },
  ]);
  expect(await api.db.touch.count({ where: { contactId: laura.id, type: 'visited' } })).toBe(2);
  // The refused event's id was not taken: corrected, it goes in.
  const corrected = await post('/v1/engagement-events', { 'Content-Type': 'application/json' }, JSON.stringify({ events: [{ ...events[2], contact: { id: laura.id } }] }));
  expect(corrected.body).toMatchObject({ accepted: 1, duplicated: 0, rejected: [] });
});

it('says what to send for an empty or broken JSON body, in its own words', async () => {
  const empty = await post('/v1/engagement-events', { 'Content-Type': 'application/json' }, '');
  expect(empty).toEqual({ status: 400, body: { error: 'the body is empty while Content-Type says JSON: send {} for an action that takes no fields (as accept), or leave out the Content-Type' } });
  const broken = await post('/v1/engagement-events', { 'Content-Type': 'application/json' }, '{"events": [');
  expect(broken.status).toBe(400);
  expect(broken.body.error).toMatch(/^the body is not valid JSON \(/);
  expect(broken.body.error).not.toMatch(/content-type is set/i);
});
