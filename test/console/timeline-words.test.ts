// The account page's timeline in words, over HTTP on a real server and database file (no browser,
// no Temporal): a sales task is named "handoff task N", linked to its console page for those who
// may open it (admin, the task's rep) and plain words for the others; people are named, never ids.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import type { HttpServer } from '../../http/server';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { useFreshDb } from '../support/fresh-db';
import { consoleCookie } from '../support/console-sign-in';

const SECRET = 'console-words-secret-0123456789';
const fresh = useFreshDb();
let server: HttpServer;
let accountId = '';
let taskId = '';
const keys = { admin: '', marketing: '', anna: '' };

beforeAll(async () => {
  const db = fresh.db;
  server = await startDoorsWithoutTemporal(db, SECRET);
  const anna = await db.salesRep.create({ data: { email: 'anna@keelson.example', name: 'Anna Keller' } });
  const account = await db.account.create({
    data: { domain: 'words.example', name: 'Words AG', tier: 2, poolStatus: 'target', ownerId: anna.id, contacts: { create: [{ email: 'ida@words.example', firstName: 'Ida', lastName: 'Berg', role: 'decision_maker' }] } },
    include: { contacts: true },
  });
  accountId = account.id;
  const ida = account.contacts[0]!;
  taskId = `handoff/${account.id}/1`;
  await db.salesTask.create({ data: { id: taskId, accountId, seq: 1, ownerId: anna.id, journeyWorkflowId: `journey/j/${accountId}`, status: 'accepted', trigger: 'mqa', evidence: {}, slaDays: 2 } });
  const at = (m: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + m * 60_000);
  await db.touch.createMany({
    data: [
      { accountId, workflowId: `journey/j/${accountId}`, journeyKey: 'j', type: 'lifecycle_woke', detail: { text: `hear-back: woke for clicked (pricing) by contact ${ida.id} (decision_maker), going to the stage convert` }, at: at(1) },
      { accountId, workflowId: taskId, journeyKey: 'j', type: 'sales_accepted', detail: { taskId, text: `sales accepted task ${taskId}` }, at: at(2) },
    ],
  });
  const workflowId = `journey/j/${accountId}`;
  await db.journeyRun.create({ data: { workflowId, journeyKey: 'j', journeyVersion: 1, accountId, status: 'running', stage: 'convert' } });
  const visit = { workflowId, journeyKey: 'j', journeyVersion: 1, accountId, stepType: 'wait' };
  await db.stepVisit.createMany({
    data: [
      { ...visit, key: `${workflowId}|engage/listen`, stage: 'engage', stepId: 'listen', stepPath: 'engage/listen', enteredAt: at(0), leftAt: at(1), left: 'moved_on' },
      { ...visit, key: `${workflowId}|convert/pricing-wait`, stage: 'convert', stepId: 'pricing-wait', stepPath: 'convert/pricing-wait', enteredAt: at(1) },
    ],
  });
  keys.admin = (await createApiKey(db, { name: 'ops', role: 'admin' })).secret;
  keys.marketing = (await createApiKey(db, { name: 'mkt', role: 'marketing' })).secret;
  keys.anna = (await createApiKey(db, { name: 'anna', role: 'sales', repEmail: 'anna@keelson.example' })).secret;
});
afterAll(async () => {
  await server?.stop();
});

async function timelineAs(key: string) {
  const cookie = await consoleCookie(server.url, key);
  const page = await fetch(`${server.url}/console/accounts/${encodeURIComponent(accountId)}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const text = await page.text();
  return text.slice(text.indexOf('id="timeline"'));
}

it('names the task in words and links it for admin and the task\'s rep', async () => {
  const link = `<a href="/console/tasks/${encodeURIComponent(taskId)}">handoff task 1</a>`;
  for (const key of [keys.admin, keys.anna]) {
    const timeline = await timelineAs(key);
    expect(timeline).toContain(`sales accepted ${link}`);
    // IDs stay in URLs only; the words a person reads have none.
    expect(timeline.replace(/<[^>]+>/g, '')).not.toContain(accountId);
  }
});

it('gives marketing the words without a link it could not open, and the person instead of an id', async () => {
  const timeline = await timelineAs(keys.marketing);
  expect(timeline).toContain('sales accepted handoff task 1');
  expect(timeline).not.toContain('/console/tasks/');
  expect(timeline).toContain('woke for clicked (pricing) by Ida Berg (decision_maker)');
  expect(timeline).not.toMatch(/by contact c/);
});

it("shows each journey's stage and the step it is at, as the CLI and the API do", async () => {
  const cookie = await consoleCookie(server.url, keys.marketing);
  const page = await (await fetch(`${server.url}/console/accounts/${encodeURIComponent(accountId)}`, { headers: { cookie } })).text();
  expect(page).toContain('<td>j v1</td><td>running</td><td>convert / pricing-wait</td>');
});
