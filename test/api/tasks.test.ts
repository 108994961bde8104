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

it('takes an amount, a close date and fields by one rule for every door, keeps an amount with its currency, and says what to do instead', async () => {
  const k = salesKit(h);
  const owner = await k.rep('uma@harpoon.test');
  const j = await h.publish(handingOff('api-deals'));
  const { task } = await k.handOff('api-deals', j.version, await k.ownedAccount('api-deals.example', owner.id));
  await k.until(() => h.db.salesTask.findFirst({ where: { id: task.id, status: 'created' } }), '1 second');
  const uma = (await createApiKey(h.db, { name: 'uma', role: 'sales', repEmail: 'uma@harpoon.test' })).secret;
  const act = async (action: string, body: unknown = {}, ref = task.id) => {
    const res = await fetch(`${server.url}/v1/tasks/${encodeURIComponent(ref)}/${action}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${uma}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const issues = async (action: string, body: unknown) => {
    const answer = await act(action, body);
    expect(answer.status).toBe(400);
    return answer.body.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`);
  };
  const rule = 'expected a positive amount with at most 2 decimals, at most 1,000,000,000,000, such as 48000 or 48000.50';
  expect((await act('accept')).status).toBe(200);

  const nextYear = new Date().getUTCFullYear() + 1;
  expect(await issues('opportunity', { amount: 1e308, currency: 'EUR', closeDate: `${nextYear}-03-31` })).toEqual([`body.amount: 1e+308 is too large, ${rule}`]);
  expect(await issues('opportunity', { amount: 0.001, currency: 'EUR', closeDate: `${nextYear}-03-31` })).toEqual([`body.amount: 0.001 has more than 2 decimals, ${rule}`]);
  for (const day of ['1970-01-01', '9999-12-31']) {
    expect(await issues('opportunity', { amount: 48000, currency: 'EUR', closeDate: day })).toEqual([
      expect.stringMatching(new RegExp(`^body.closeDate: ${day} is more than (a year ago|10 years ahead), expected the expected close date from \\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2}$`)),
    ]);
  }
  expect(await issues('won', { amount: 1000, reason: 'price' })).toEqual(['body: won does not take reason: it takes amount, currency']);

  expect(await act('opportunity', { amount: 48000.5, currency: 'EUR', closeDate: `${nextYear}-03-31` })).toMatchObject({ status: 200, body: { to: 'opportunity' } });
  const reject = await act('reject', { reason: 'no_budget' });
  expect([reject.status, reject.body.error]).toEqual([409, `${task.id}: cannot reject a task that is an opportunity: mark it lost instead, with the reason`]);
  // Without a currency, the amount is in the one amounts are kept in: never stored without one.
  expect(await act('won', { amount: 51000 })).toMatchObject({ status: 200, body: { to: 'won' } });
  expect(await h.db.salesTask.findUniqueOrThrow({ where: { id: task.id }, select: { amount: true, currency: true } })).toEqual({ amount: 51000, currency: 'EUR' });
});

it('tells a rep that a task in the sales queue has no owner', async () => {
  const k = salesKit(h);
  await k.rep('vic@harpoon.test');
  const j = await h.publish(handingOff('api-queue'));
  const account = await h.account({ domain: 'api-queue.example', tier: 1, contacts: [{ email: 'boss@api-queue.example', role: 'decision_maker', seniority: 'executive' }] });
  const { task } = await k.handOff('api-queue', j.version, account);
  const vic = (await createApiKey(h.db, { name: 'vic', role: 'sales', repEmail: 'vic@harpoon.test' })).secret;
  const res = await fetch(`${server.url}/v1/tasks/${encodeURIComponent(task.id)}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${vic}` } });
  expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([
    403,
    `${task.id} has no owner: it is in the sales queue, for an admin to act on until its account has an owner; a rep sees and acts on their own tasks only`,
  ]);
});
