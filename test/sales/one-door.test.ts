// One door policy: a rep acting on another rep's task is refused by the use-case, once, and every
// door says it alike: the API with a 403 and the message, the console with a 403 page carrying the
// same message, the CLI with the same message on one line and exit code 1. No Temporal: the refusal
// comes before any workflow is reached.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import type { HttpServer } from '../../http/server';
import { runCli } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { consoleCookie } from '../support/console-sign-in';

const SECRET = 'one-door-test-secret-0123456789';
let t: FreshDb;
let server: HttpServer;
let taskId = '';
let tomKey = '';

beforeAll(async () => {
  t = await freshDb();
  const sara = await t.db.salesRep.create({ data: { email: 'sara@harpoon.example', name: 'Sara Owner' } });
  await t.db.salesRep.create({ data: { email: 'tom@harpoon.example', name: 'Tom Other' } });
  const account = await t.db.account.create({ data: { domain: 'one-door.example', name: 'One Door AG', tier: 2, poolStatus: 'target', ownerId: sara.id } });
  taskId = `handoff/${account.id}/1`;
  await t.db.salesTask.create({
    data: {
      id: taskId,
      accountId: account.id,
      seq: 1,
      openAccountId: account.id,
      ownerId: sara.id,
      journeyWorkflowId: `journey/x/${account.id}`,
      status: 'created',
      trigger: 'mqa',
      slaDays: 2,
      dueAt: new Date('2026-12-08T10:00:00Z'),
      evidence: { why: 'the MQA rule of journey x holds', score: 31, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: [], nextAction: 'call them' },
    },
  });
  tomKey = (await createApiKey(t.db, { name: 'tom', role: 'sales', repEmail: 'tom@harpoon.example' })).secret;
  server = await startDoorsWithoutTemporal(t.db, SECRET);
});
afterAll(async () => {
  await server?.stop();
  await t.db.$disconnect();
});

const refusal = () => `${taskId} belongs to another rep: a rep sees and acts on their own tasks only`;

it("refuses a rep's action on another rep's task the same way through the API, the console and the CLI", async () => {
  const api = await fetch(`${server.url}/v1/tasks/${encodeURIComponent(taskId)}/accept`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tomKey}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect([api.status, await api.json()]).toEqual([403, { error: refusal() }]);

  const cookie = await consoleCookie(server.url, tomKey);
  const inbox = await (await fetch(`${server.url}/console/inbox`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(inbox)![1]!;
  const page = await fetch(`${server.url}/console/tasks/${encodeURIComponent(taskId)}/accept`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  expect(page.status).toBe(403);
  expect(await page.text()).toContain(refusal());

  const cli = await runCli(['sales', 'accept', taskId, '--owner', 'tom@harpoon.example'], { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir });
  expect([cli.code, cli.stderr.trim()]).toEqual([1, `harpoon: ${refusal()}`]);
});

it("keeps reading another rep's task to the API and the console alike", async () => {
  const api = await fetch(`${server.url}/v1/tasks/${encodeURIComponent(taskId)}`, { headers: { Authorization: `Bearer ${tomKey}` } });
  expect([api.status, ((await api.json()) as { error: string }).error]).toEqual([403, refusal()]);
});
