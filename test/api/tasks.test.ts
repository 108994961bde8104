// Sales actions through the API reach the task's workflow as the validated Update, as the CLI's do:
// a real handoff on the time-skipping server with real activities and a real database file.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerApi } from '../../api/api';
import { createApiKey } from '../../use-cases/api-keys';
import { startHttpServer, type HttpServer } from '../../http/server';
import { salesTaskQuery } from '../../workflows/sales-api';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { handingOff, salesKit } from '../support/sales';

let h: JourneyHarness;
let server: HttpServer;
beforeAll(async () => {
  h = await createJourneyHarness();
  server = await startHttpServer({
    port: 0,
    secret: 'api-tasks-secret-0123456789',
    onEvent: async () => 'recorded',
    routes: (app) => registerApi(app, { db: h.db, temporal: async () => h.env.client, taskQueue: 'unused' }),
  });
});
afterAll(async () => {
  await server?.stop();
  await h?.teardown();
});

it("acts on a rep's own task through the Update: refused transitions are 409, bad input 400, another rep 403", async () => {
  const k = salesKit(h);
  const owner = await k.rep('sara@harpoon.test');
  await k.rep('tom@harpoon.test');
  const account = await k.ownedAccount('api-tasks.example', owner.id);
  const j = await h.publish(handingOff('api-tasks'));
  const run = await h.start('api-tasks', j.version, account.id);
  await run.signal('engagement', await k.inquiry(account.contacts[0]!.id));
  const task = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id, status: 'created' } }), '1 second');

  const sara = (await createApiKey(h.db, { name: 'sara', role: 'sales', repEmail: 'sara@harpoon.test' })).secret;
  const tom = (await createApiKey(h.db, { name: 'tom', role: 'sales', repEmail: 'tom@harpoon.test' })).secret;
  const act = async (key: string, action: string, body: unknown = {}, ref = task.id) => {
    const res = await fetch(`${server.url}/v1/tasks/${encodeURIComponent(ref)}/${action}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  expect((await act(tom, 'accept')).status).toBe(403);
  const early = await act(sara, 'won', { amount: 1000 });
  expect(early.status).toBe(409);
  expect(early.body.error).toContain('cannot mark won a task that was never accepted: accept it first');
  const noReason = await act(sara, 'reject', { note: 'later' });
  expect([noReason.status, noReason.body.issues.map((i: { path: string }) => i.path)]).toEqual([400, ['body.reason']]);

  // No body at all (curl -X POST): an accept has no fields, so none are needed.
  const bare = await fetch(`${server.url}/v1/tasks/${encodeURIComponent(task.id)}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${sara}` } });
  expect([bare.status, await bare.json()]).toEqual([200, { taskId: task.id, from: 'created', to: 'accepted' }]);
  expect((await h.env.client.workflow.getHandle(task.id).query(salesTaskQuery)).status).toBe('accepted');
  // By the account's domain too: its latest task.
  const opportunity = await act(sara, 'opportunity', { amount: 48000, currency: 'EUR', closeDate: '2027-03-31' }, 'api-tasks.example');
  expect(opportunity).toEqual({ status: 200, body: { taskId: task.id, from: 'accepted', to: 'opportunity' } });

  // Costs are kept in EUR: a deal in dollars would make every report refuse to add them up.
  await h.db.cost.create({ data: { amount: 500, currency: 'EUR', emails: 100 } });
  const dollars = await act(sara, 'won', { amount: 51000, currency: 'USD' });
  expect([dollars.status, dollars.body.error]).toEqual([400, 'body.currency: amounts are kept in EUR; convert this amount to EUR and record it in EUR']);
  expect((await h.env.client.workflow.getHandle(task.id).query(salesTaskQuery)).status).toBe('opportunity');
  expect(await act(sara, 'won', { amount: 51000, currency: 'EUR' })).toMatchObject({ status: 200, body: { to: 'won' } });
});
