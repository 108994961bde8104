// An outside system pushes engagement through the API while Temporal is away: the batch is accepted
// at once (duplicates counted once), waits in the outbox, and once Temporal is back every event
// reaches its journey exactly once. Real dev server (stopped and started on its data file), real
// worker node with its dispatcher, the real HTTP server with the /v1 API, a real database file.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import { statusQuery } from '../../workflows/journey-api';
import { startDevCluster, type DevCluster } from '../support/dev-cluster';
import { until } from '../support/until';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

it('accepts 1,000 events with 100 duplicates while Temporal is down, and delivers the 900 once each when it is back', async () => {
  const { db } = cluster.fresh;
  const key = (await createApiKey(db, { name: 'web analytics', role: 'marketing' })).secret;
  const http = await cluster.startTrackingServer();
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${http.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  const accounts = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      db.account.create({
        data: { domain: `visitor-${i}.example`, name: `Visitor ${i}`, tier: 2, poolStatus: 'target', contacts: { create: [{ email: `eva@visitor-${i}.example`, role: 'champion' }] } },
        include: { contacts: true },
      }),
    ),
  );
  const journey = { key: 'listening', name: 'Listening', stages: [{ key: 'engage', steps: [{ id: 'settle', type: 'wait', duration: '30d' }] }] };
  expect((await call('POST', '/v1/journeys', journey)).status).toBe(201);
  const launched = await call('POST', '/v1/journeys/listening/launch', { accounts: accounts.map((a) => a.domain) });
  expect([launched.status, launched.body.started.length]).toEqual([200, 10]);
  const handle = (a: { id: string }) => cluster.client.workflow.getHandle(`journey/listening/${a.id}`);
  for (const a of accounts) await until('the journey to answer', () => handle(a).query(statusQuery));

  await cluster.stopServer();

  // 90 distinct opens per contact, the last 100 of the batch resending ids already in it.
  const startedAt = Date.now();
  const events = Array.from({ length: 1000 }, (_, i) => {
    const n = i < 900 ? i : i - 900;
    return { id: `open-${n}`, type: 'opened', contact: { email: accounts[n % 10]!.contacts[0]!.email }, occurredAt: new Date(startedAt - (n % 90)).toISOString() };
  });
  const ingested = await call('POST', '/v1/engagement-events', { events });
  expect(ingested).toEqual({ status: 202, body: { accepted: 900, duplicated: 100, rejected: [], unmatched: 0, queued: 900 } });
  expect(Date.now() - startedAt).toBeLessThan(10_000);
  expect(await db.journeyDelivery.count({ where: { deliveredAt: null } })).toBe(900);

  // Status answers from the database while Temporal is away, with what waits.
  const down = await call('GET', `/v1/accounts/${accounts[0]!.domain}/journeys`);
  expect(down.body.temporal.reachable).toBe(false);
  expect(down.body.journeys[0].pendingDeliveries.count).toBe(90);

  await cluster.startServer();

  await until('all 900 deliveries', async () => (await db.journeyDelivery.count({ where: { deliveredAt: { not: null } } })) === 900, { timeoutMs: 100_000 });
  const rows = await db.journeyDelivery.findMany();
  expect(rows.every((r) => r.outcome === 'delivered')).toBe(true);
  expect(new Set(rows.map((r) => `${r.workflowId}|${r.eventId}`)).size).toBe(900);
  // Each journey counted its contact's 90 opens once: one point each, decayed by milliseconds only.
  for (const a of accounts) {
    const view = await handle(a).query(statusQuery);
    expect(Math.round(view.engagement.byContact[a.contacts[0]!.id]!)).toBe(90);
  }
  const up = await call('GET', `/v1/accounts/${accounts[0]!.domain}/journeys`);
  expect(up.body.temporal.reachable).toBe(true);
  expect(up.body.journeys[0].pendingDeliveries.count).toBe(0);
}, 240_000);
