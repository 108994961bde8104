// What the /v1 API does with too much: a body over the limit (413 naming it), more calls than a key
// may make (429 with Retry-After, per key), and a method a path does not have (405 with Allow).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApi } from '../../api/api';
import { trackingHandlers } from '../../engagement/tracked-hits';
import { bodyLimitBytes } from '../../http/errors';
import { startHttpServer, type HttpServer } from '../../http/server';
import { createApiKey } from '../../use-cases/api-keys';
import { useFreshDb } from '../support/fresh-db';

const CALLS_PER_MINUTE = 3;
const fresh = useFreshDb();
let server: HttpServer;
const keys = { first: '', second: '' };

beforeAll(async () => {
  keys.first = (await createApiKey(fresh.db, { name: 'first', role: 'marketing' })).secret;
  keys.second = (await createApiKey(fresh.db, { name: 'second', role: 'marketing' })).secret;
  server = await startHttpServer({
    port: 0,
    secret: 'limits-test-secret-0123456789',
    ...trackingHandlers(fresh.db, undefined, { machineWindowMs: 0, countMachine: false }),
    log: () => {},
    routes: (app) => registerApi(app, { db: fresh.db, temporal: () => Promise.reject(new Error('not in this test')), taskQueue: 'limits', callsPerMinute: CALLS_PER_MINUTE }),
  });
});
afterAll(() => server?.stop());

const call = (method: string, path: string, key: string, body?: string) =>
  fetch(`${server.url}${path}`, { method, headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body });

describe('limits of the /v1 API', () => {
  it('refuses a body over the limit with 413, naming the limit', async () => {
    const res = await call('POST', '/v1/engagement-events', keys.second, JSON.stringify({ events: ['x'.repeat(bodyLimitBytes)] }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain(`the limit is ${bodyLimitBytes} bytes`);
  });

  it("answers a key's calls past its rate with 429 and Retry-After, and leaves other keys alone", async () => {
    const statuses = [];
    for (let i = 0; i < CALLS_PER_MINUTE + 1; i++) statuses.push((await call('GET', '/v1/journeys', keys.first)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await call('GET', '/v1/journeys', keys.first);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: string }).error).toMatch(/3 calls a minute/);
    expect((await call('GET', '/v1/journeys', keys.second)).status).toBe(200);
  });

  it('answers a method a known path does not have with 405 and the methods it has', async () => {
    const res = await fetch(`${server.url}/v1/journeys`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await fetch(`${server.url}/v1/accounts/acme.example/timeline`, { method: 'PUT' })).headers.get('allow')).toBe('GET, HEAD');
    // A method that takes a body is told so before its missing Content-Type is.
    expect((await fetch(`${server.url}/v1/accounts`, { method: 'QUERY' })).status).toBe(405);
    expect((await fetch(`${server.url}/v1/no-such-thing`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers a URL that cannot be decoded with 400 in the API\'s own error shape', async () => {
    const res = await fetch(`${server.url}/v1/accounts/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: `the URL cannot be read ('/v1/accounts/%E0%A4%A' is not a valid url component): percent-encode each special character once, a space as %20, "/" in a value as %2F`,
    });
    // A link for people (an unsubscribe link cut short in a mail client) gets a page, not JSON.
    const page = await fetch(`${server.url}/u/%E0%A4%A`);
    expect([page.status, page.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
  });
});
