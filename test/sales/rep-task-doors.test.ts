// Rep tasks through the three doors, which call the same use-cases: the API, the CLI and the
// console list the same open tasks, each door closes one (done with a note, skipped with a reason),
// and each refuses a closed task and another rep's task with the same words. A journey waits for
// each task, and none of the doors has Temporal: a close reaches the journey through the outbox
// (the journey moving on is test/workflows/rep-task-step.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import type { HttpServer } from '../../http/server';
import { runCli } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { consoleCookie } from '../support/console-sign-in';

const SECRET = 'rep-task-doors-secret-0123456789';
let t: FreshDb;
let server: HttpServer;
let saraKey = '';
let tomKey = '';
const ids: Record<'call' | 'linkedin' | 'letter' | 'toms', string> = { call: '', linkedin: '', letter: '', toms: '' };

beforeAll(async () => {
  t = await freshDb();
  const sara = await t.db.salesRep.create({ data: { email: 'sara@harpoon.example', name: 'Sara Owner', timezone: 'Europe/Berlin' } });
  const tom = await t.db.salesRep.create({ data: { email: 'tom@harpoon.example', name: 'Tom Other' } });
  const account = await t.db.account.create({
    data: { domain: 'rep-doors.example', name: 'Rep Doors AG', tier: 1, poolStatus: 'target', ownerId: sara.id, contacts: { create: [{ email: 'cfo@rep-doors.example', firstName: 'Clara', lastName: 'Fink', role: 'budget_holder' }] } },
    include: { contacts: true },
  });
  const task = (key: string, channel: string, due: string, ownerId: string, contactId: string | null) =>
    t.db.repTask.create({
      data: {
        idempotencyKey: `journey/doors/${account.id}|engage/${key}#1`,
        accountId: account.id,
        contactId,
        ownerId,
        workflowId: `journey/doors/${account.id}`,
        journeyKey: 'doors',
        stepPath: `engage/${key}#1`,
        channel,
        title: `${channel} for ${key}`,
        instructions: key === 'call' ? 'Ask who signs off the budget.' : null,
        timeZone: 'Europe/Berlin',
        dueAt: new Date(due),
        waits: true,
        status: 'open',
        createdAt: new Date('2026-12-01T09:00:00Z'),
      },
    });
  ids.call = (await task('call', 'call', '2026-12-03T09:00:00Z', sara.id, account.contacts[0]!.id)).id;
  ids.linkedin = (await task('linkedin', 'linkedin', '2026-12-04T09:00:00Z', sara.id, null)).id;
  ids.letter = (await task('letter', 'direct_mail', '2026-12-05T09:00:00Z', sara.id, null)).id;
  ids.toms = (await task('toms', 'call', '2026-12-02T09:00:00Z', tom.id, null)).id;
  saraKey = (await createApiKey(t.db, { name: 'sara', role: 'sales', repEmail: 'sara@harpoon.example' })).secret;
  tomKey = (await createApiKey(t.db, { name: 'tom', role: 'sales', repEmail: 'tom@harpoon.example' })).secret;
  server = await startDoorsWithoutTemporal(t.db, SECRET);
});
afterAll(async () => {
  await server?.stop();
  await t.db.$disconnect();
});

const cli = (args: string[]) => runCli(args, { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir });
const api = (path: string, key: string, body?: unknown) =>
  fetch(`${server.url}/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function consoleSession(key: string) {
  const cookie = await consoleCookie(server.url, key);
  const inbox = async () => (await fetch(`${server.url}/console/inbox`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await inbox())![1]!;
  const post = (id: string, outcome: 'done' | 'skip', form: Record<string, string>) =>
    fetch(`${server.url}/console/rep-tasks/${encodeURIComponent(id)}/${outcome}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
    });
  return { inbox, post };
}

const listedIds = (html: string) => [...html.matchAll(/data-rep-task="([^"]+)"/g)].map((m) => m[1]);

describe('rep task doors', () => {
  it('list the same open tasks, soonest due first, a rep their own', async () => {
    const fromApi = await (await api('/rep-tasks', saraKey)).json();
    const fromCli = await cli(['sales', 'rep-tasks', '--owner', 'sara@harpoon.example', '--json']);
    expect(fromCli.code, fromCli.stderr).toBe(0);
    expect(JSON.parse(fromCli.stdout)).toEqual(fromApi);
    expect((fromApi as { id: string }[]).map((x) => x.id)).toEqual([ids.call, ids.linkedin, ids.letter]);
    expect((fromApi as unknown[])[0]).toMatchObject({
      channel: 'call',
      contact: { name: 'Clara Fink', role: 'budget_holder' },
      owner: 'sara@harpoon.example',
      instructions: 'Ask who signs off the budget.',
      dueAt: '2026-12-03T09:00:00.000Z',
      timeZone: 'Europe/Berlin',
      status: 'open',
    });
    const page = await (await consoleSession(saraKey)).inbox();
    expect(listedIds(page)).toEqual([ids.call, ids.linkedin, ids.letter]);
    // On the owner's clock: 09:00 UTC is 10:00 in Berlin.
    expect(page).toMatch(/due [^<]*10:00/);
  });

  it('close a task each, and refuse a closed task and another rep’s task with the same words', async () => {
    const done = await api(`/rep-tasks/${ids.call}/done`, saraKey, { note: 'Budget approved' });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ id: ids.call, status: 'done', note: 'Budget approved' });

    const session = await consoleSession(saraKey);
    expect((await session.post(ids.linkedin, 'skip', { reason: 'not on LinkedIn' })).status).toBe(303);

    const byCli = await cli(['sales', 'rep-task', 'done', ids.letter, '--owner', 'sara@harpoon.example', '--note', 'sent the book']);
    expect([byCli.code, byCli.stdout.trim()]).toEqual([0, `${ids.letter}: open → done`]);

    const rows = await t.db.repTask.findMany({ where: { id: { in: [ids.call, ids.linkedin, ids.letter] } }, orderBy: { dueAt: 'asc' } });
    expect(rows.map((r) => [r.status, r.note])).toEqual([['done', 'Budget approved'], ['skipped', 'not on LinkedIn'], ['done', 'sent the book']]);
    const touches = await t.db.touch.findMany({ where: { type: { startsWith: 'rep_task_' } }, orderBy: { type: 'asc' } });
    expect(touches.map((x) => x.type)).toEqual(['rep_task_done', 'rep_task_done', 'rep_task_skipped']);
    // Temporal is unreachable from every door here: the waiting journey's news is queued, once per task.
    const queued = await t.db.journeyDelivery.findMany({ where: { kind: 'repTaskClosed' }, orderBy: { id: 'asc' } });
    expect(queued.map((q) => [q.workflowId, q.payload])).toEqual(
      [ids.call, ids.linkedin, ids.letter].map((id, i) => [rows[i]!.workflowId, { version: 1, taskId: id, status: rows[i]!.status, eventId: `rep-task|${id}` }]),
    );
    expect(listedIds(await session.inbox())).toEqual([]);

    const closed = new RegExp(`^rep task ${ids.call} is already done \\(since .*\\): only an open task can be marked done or skipped$`);
    const again = await api(`/rep-tasks/${ids.call}/skip`, saraKey, { reason: 'late' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(closed);
    const cliAgain = await cli(['sales', 'rep-task', 'done', ids.call]);
    expect(cliAgain.code).toBe(1);
    expect(cliAgain.stderr.trim().replace(/^harpoon: /, '')).toMatch(closed);
    const pageAgain = await session.post(ids.call, 'done', {});
    expect(pageAgain.status).toBe(409);
    expect(await pageAgain.text()).toContain(`rep task ${ids.call} is already done`);

    const notYours = `rep task ${ids.toms} belongs to another rep: a rep closes their own tasks only`;
    const apiNotYours = await api(`/rep-tasks/${ids.toms}/done`, saraKey, {});
    expect([apiNotYours.status, await apiNotYours.json()]).toEqual([403, { error: notYours }]);
    const cliNotYours = await cli(['sales', 'rep-task', 'done', ids.toms, '--owner', 'sara@harpoon.example']);
    expect([cliNotYours.code, cliNotYours.stderr.trim()]).toEqual([1, `harpoon: ${notYours}`]);
    const pageNotYours = await session.post(ids.toms, 'done', {});
    expect(pageNotYours.status).toBe(403);
    expect(await pageNotYours.text()).toContain(notYours);
    // Tom's own list is his task only.
    expect(((await (await api('/rep-tasks', tomKey)).json()) as { id: string }[]).map((x) => x.id)).toEqual([ids.toms]);
  });

  it('refuse a skip without a reason, naming the field', async () => {
    const noReason = await api(`/rep-tasks/${ids.toms}/skip`, tomKey, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toMatch(/reason/);
    const cliNoReason = await cli(['sales', 'rep-task', 'skip', ids.toms]);
    expect(cliNoReason.code).not.toBe(0);
    expect(cliNoReason.stderr).toMatch(/--reason/);
    expect(await t.db.repTask.findUniqueOrThrow({ where: { id: ids.toms } })).toMatchObject({ status: 'open' });
  });
});
