// Webhooks and chat alerts end to end: producers record touches as they do in production, the
// database trigger writes the feed, the fan-out job makes the deliveries, and the delivery workflows
// on a real worker (Temporal dev server) call a real receiver on loopback.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRepTaskActivities } from '../../activities/rep-tasks';
import { createSalesActivities } from '../../activities/sales';
import { loadConfig, type Config } from '../../config/env';
import type { Db } from '../../db/client';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { recordEngagement } from '../../engagement/record-engagement';
import { configuredCrms } from '../../reach/crm/crm-connection';
import { crmTargetId } from '../../reach/crm-target';
import { listDeliveries, replayDelivery } from '../../reach/deliveries';
import { startReachFanout, type ReachFanout } from '../../reach/reach-fanout';
import { addAlertChannel, addWebhook, removeTarget } from '../../reach/targets';
import { verifyWebhookSignature } from '../../reach/webhook-signature';
import { connectClient } from '../../temporal/connection';
import type { DevServer } from '../../temporal/dev-server';
import { startWorkerProcess } from '../../worker/worker-process';
import { startTestDevServer } from '../support/dev-server';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { startRecordingReceiver } from '../support/recording-receiver';
import { until } from '../support/until';
import { startHubSpotContract, type HubSpotContract } from '../crm/hubspot-contract-server';

const publicUrl = 'https://harpoon.example.com';
let server: DevServer;
let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
let client: Client;
let fresh: FreshDb;
let db: Db;
let fanouts: ReachFanout[];
let receiver: Awaited<ReturnType<typeof startRecordingReceiver>>;
let sales: ReturnType<typeof createSalesActivities>;
let hubspot: HubSpotContract;
let cfg: Config;

beforeAll(async () => {
  fresh = await freshDb();
  db = fresh.db;
  receiver = await startRecordingReceiver();
  server = await startTestDevServer();
  // LOG_LEVEL error: the refusals and retries these tests provoke are the SDK's warnings.
  hubspot = await startHubSpotContract({ token: 'pat-reach' });
  // HubSpot is configured, as in production: every handoff and deal here syncs to its contract server.
  cfg = loadConfig({
    ...process.env,
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: fresh.url,
    HARPOON_DATA_DIR: fresh.dir,
    TEMPORAL_TASK_QUEUE: 'reach',
    PUBLIC_URL: publicUrl,
    LOG_LEVEL: 'error',
    HARPOON_HUBSPOT_URL: hubspot.url,
    HARPOON_HUBSPOT_TOKEN: 'pat-reach',
  });
  worker = await startWorkerProcess(cfg, undefined, undefined, db);
  client = await connectClient(cfg);
  // Two, as two worker nodes run it: one holds the lease, and nothing is sent twice either way.
  fanouts = [1, 2].map(() => startReachFanout({ db, client, taskQueue: 'reach', crms: configuredCrms(cfg), pollMs: 100, log: () => {} }));
  sales = createSalesActivities(db);
});
afterAll(async () => {
  for (const f of fanouts ?? []) await f.stop();
  await client?.connection.close();
  await worker?.shutdown();
  await server?.stop();
  await receiver?.close();
  await hubspot?.close();
  await db?.$disconnect();
});

let accounts = 0;
async function ownedAccount(owner?: { id: string }) {
  const n = ++accounts;
  return db.account.create({
    data: { domain: `reach-${n}.example`, name: `Reach ${n} GmbH`, tier: 1, poolStatus: 'target', ownerId: owner?.id, contacts: { create: [{ email: `cfo@reach-${n}.example`, role: 'budget_holder' }] } },
    include: { contacts: true },
  });
}

const handOff = (accountId: string) =>
  sales.requestHandoff({ accountId, journeyWorkflowId: `journey/reach/${accountId}`, journeyKey: 'reach', trigger: 'mqa', nowMs: Date.now(), engagement: { score: 70, byRole: { budget_holder: 40 } } });

/** Every feed row fanned out and every delivery settled: nothing more is on its way. */
const settled = () =>
  until('the reach deliveries to settle', async () =>
    (await db.reachFeed.count({ where: { fannedOutAt: null } })) === 0 && (await db.reachDelivery.count({ where: { status: 'pending' } })) === 0,
  );

it('sends each subscribed event once, signed, and no event of a type not subscribed to', async () => {
  const hook = await addWebhook(db, { url: receiver.url('/all'), events: 'mqa,handoff.created,won,registration,unsubscribe' });
  try {
    const rep = await db.salesRep.create({ data: { email: 'rita@seller.example', name: 'Rita' } });
    const account = await ownedAccount(rep);
    const contact = account.contacts[0]!;
    const handoff = await handOff(account.id);
    if (handoff.kind !== 'created') throw new Error(`no handoff: ${handoff.kind}`);
    await sales.recordSalesAction({ taskId: handoff.taskId, action: { kind: 'accept' }, nowMs: Date.now(), seq: 1 });
    await sales.recordSalesAction({ taskId: handoff.taskId, action: { kind: 'won', amount: 120000, currency: 'EUR' }, nowMs: Date.now(), seq: 2 });
    await recordEngagement(db, { type: 'event_registered', contact: { id: contact.id }, tag: 'summit-2027', detail: { eventKey: 'summit-2027' }, source: 'test' });
    await recordEngagement(db, { type: 'unsubscribed', contact: { id: contact.id }, source: 'test' });
    await settled();

    const got = receiver.at('/all');
    const bodies = got.map((r) => JSON.parse(r.body) as { id: string; type: string; account: { domain: string }; contact: { email: string } | null; task: { status: string; amount: number | null; currency: string | null; url: string } | null; eventKey: string | null });
    expect(bodies.map((b) => b.type).sort()).toEqual(['handoff.created', 'mqa', 'registration', 'unsubscribe', 'won']);
    for (const r of got) {
      expect(verifyWebhookSignature(hook.secret, r.headers['harpoon-signature'] as string, r.body, Date.now())).toEqual({ ok: true });
      expect(r.headers['harpoon-event-id']).toBe((JSON.parse(r.body) as { id: string }).id);
    }
    const won = bodies.find((b) => b.type === 'won')!;
    expect(won).toMatchObject({ account: { domain: account.domain }, task: { status: 'won', amount: 120000, currency: 'EUR', url: `${publicUrl}/console/tasks/${encodeURIComponent(handoff.taskId)}` } });
    expect(bodies.find((b) => b.type === 'registration')).toMatchObject({ contact: { email: contact.email }, eventKey: 'summit-2027' });
    expect(new Set(bodies.map((b) => b.id)).size).toBe(5);
    const rows = await db.reachDelivery.findMany({ where: { targetId: hook.id } });
    expect(rows.every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastStatus === 200 && d.deliveredAt !== null)).toBe(true);
  } finally {
    await removeTarget(db, 'webhooks', hook.id);
  }
});

it('retries a 500 and waits out a 429 Retry-After, then delivers once with the same event id', async () => {
  const hook = await addWebhook(db, { url: receiver.url('/flaky'), events: ['registration'] });
  try {
    receiver.script('/flaky', [{ status: 500 }, { status: 429, headers: { 'retry-after': '2' } }, { status: 200 }]);
    const account = await ownedAccount();
    await recordEngagement(db, { type: 'event_registered', contact: { id: account.contacts[0]!.id }, tag: 'webinar-a', detail: { eventKey: 'webinar-a' }, source: 'test' });
    await settled();
    const got = receiver.at('/flaky');
    expect(got.map((r) => r.headers['harpoon-event-id'])).toEqual(Array(3).fill(got[0]!.headers['harpoon-event-id']));
    expect(got[2]!.atMs - got[1]!.atMs).toBeGreaterThanOrEqual(1900);
    expect(await db.reachDelivery.findFirstOrThrow({ where: { targetId: hook.id } })).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
  } finally {
    await removeTarget(db, 'webhooks', hook.id);
  }
});

it('fails a 410 without retrying, lists it as failed, and a replay delivers it under the same event id', async () => {
  const hook = await addWebhook(db, { url: receiver.url('/gone'), events: ['registration'] });
  try {
    receiver.script('/gone', [{ status: 410 }]);
    const account = await ownedAccount();
    await recordEngagement(db, { type: 'event_registered', contact: { id: account.contacts[0]!.id }, tag: 'webinar-b', detail: { eventKey: 'webinar-b' }, source: 'test' });
    await settled();
    expect(receiver.at('/gone')).toHaveLength(1);
    const [failed] = (await listDeliveries(db, { status: 'failed' })).filter((d) => d.target.id === hook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 410, eventType: 'registration' });
    expect(failed!.lastError).toContain('answered 410');

    expect(await replayDelivery(db, failed!.id)).toMatchObject({ status: 'pending', replays: 1 });
    await settled();
    const got = receiver.at('/gone');
    expect(got).toHaveLength(2);
    expect(got[1]!.headers['harpoon-event-id']).toBe(got[0]!.headers['harpoon-event-id']);
    expect(await db.reachDelivery.findUniqueOrThrow({ where: { id: failed!.id } })).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });
    await expect(replayDelivery(db, failed!.id)).rejects.toThrow(/is delivered: only a failed delivery is replayed/);
  } finally {
    await removeTarget(db, 'webhooks', hook.id);
  }
});

it('delivers a touch recorded twice under the same idempotency key once', async () => {
  const hook = await addWebhook(db, { url: receiver.url('/reminders'), events: ['handoff.reminder'] });
  try {
    const account = await ownedAccount(await db.salesRep.create({ data: { email: 'sam@seller.example', name: 'Sam' } }));
    const handoff = await handOff(account.id);
    if (handoff.kind !== 'created') throw new Error(`no handoff: ${handoff.kind}`);
    // The SLA workflow's activity, retried after a crash: the same touch key twice.
    await sales.recordSlaBreach({ taskId: handoff.taskId, level: 'reminder', nowMs: Date.now(), to: 'owner' });
    await sales.recordSlaBreach({ taskId: handoff.taskId, level: 'reminder', nowMs: Date.now(), to: 'owner' });
    await settled();
    expect(receiver.at('/reminders')).toHaveLength(1);
    expect(await db.reachDelivery.count({ where: { targetId: hook.id } })).toBe(1);
  } finally {
    await removeTarget(db, 'webhooks', hook.id);
  }
});

it("alerts a Slack channel and a Teams channel of a new handoff, with the console link; another rep's channel hears nothing", async () => {
  const ana = await db.salesRep.create({ data: { email: 'ana@seller.example', name: 'Ana Costa', timezone: 'Europe/Lisbon' } });
  await db.salesRep.create({ data: { email: 'bo@seller.example', name: 'Bo' } });
  const slack = await addAlertChannel(db, { kind: 'slack', url: receiver.url('/slack'), owner: 'ana@seller.example' });
  const teams = await addAlertChannel(db, { kind: 'teams', url: receiver.url('/teams') });
  const other = await addAlertChannel(db, { kind: 'slack', url: receiver.url('/slack-bo'), owner: 'bo@seller.example' });
  try {
    const account = await ownedAccount(ana);
    const handoff = await handOff(account.id);
    if (handoff.kind !== 'created') throw new Error(`no handoff: ${handoff.kind}`);
    await settled();
    const link = `${publicUrl}/console/tasks/${encodeURIComponent(handoff.taskId)}`;

    const [slackMsg] = receiver.at('/slack').map((r) => JSON.parse(r.body) as { text: string; blocks: { type: string; text: { type: string; text: string } }[] });
    expect(receiver.at('/slack')).toHaveLength(1);
    expect(slackMsg!.text).toContain(`New handoff: ${account.name} (${account.domain})`);
    const slackText = slackMsg!.blocks.map((b) => b.text.text).join('\n');
    expect(slackText).toContain('*Owner:* Ana Costa &lt;ana@seller.example&gt;');
    expect(slackText).toContain('*Tier:* 1');
    expect(slackText).toContain('*Why:* the MQA rule of journey reach holds');
    expect(slackText).toMatch(/\*Due:\* .+ \(Europe\/Lisbon\)/);
    expect(slackText).toContain(`<${link}|Open the task in the console>`);

    expect(receiver.at('/teams')).toHaveLength(1);
    const teamsMsg = JSON.parse(receiver.at('/teams')[0]!.body) as { type: string; attachments: { contentType: string; content: { type: string; body: { type: string; text?: string; facts?: { title: string; value: string }[] }[]; actions: { type: string; url: string }[] } }[] };
    expect(teamsMsg.type).toBe('message');
    const card = teamsMsg.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.body[0]!.text).toBe(`New handoff: ${account.name} (${account.domain})`);
    expect(card.content.body[1]!.facts).toContainEqual({ title: 'Owner', value: 'Ana Costa <ana@seller.example>' });
    expect(card.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the task in the console', url: link }]);

    expect(receiver.at('/slack-bo')).toHaveLength(0);
  } finally {
    for (const t of [slack, teams, other]) await removeTarget(db, 'alerts', t.id);
  }
});

it("alerts the owner's channel of a new rep task with what to do, whom about and when, and of its cancellation with why; posts it to a subscribed webhook", async () => {
  const ida = await db.salesRep.create({ data: { email: 'ida@seller.example', name: 'Ida Berg', timezone: 'Europe/Stockholm' } });
  await db.salesRep.create({ data: { email: 'jo@seller.example', name: 'Jo' } });
  const mine = await addAlertChannel(db, { kind: 'slack', url: receiver.url('/slack-ida'), owner: 'ida@seller.example' });
  const others = await addAlertChannel(db, { kind: 'teams', url: receiver.url('/teams-jo'), owner: 'jo@seller.example' });
  const hook = await addWebhook(db, { url: receiver.url('/rep-tasks'), events: 'rep_task.created' });
  try {
    const account = await ownedAccount(ida);
    await db.contact.update({ where: { id: account.contacts[0]!.id }, data: { firstName: 'Cleo', lastName: 'Fox' } });
    // Made by the rep_task step's own activity, as a journey makes it.
    const made = await createRepTaskActivities(db, defaultContactPolicy).createRepTask({
      idempotencyKey: `journey/reach/${account.id}|engage/call-cfo`,
      workflowId: `journey/reach/${account.id}`,
      journeyKey: 'reach',
      accountId: account.id,
      stepPath: 'engage/call-cfo',
      step: { id: 'call-cfo', type: 'rep_task', channel: 'call', title: 'Call the CFO about the pilot', instructions: 'Ask who signs off the budget.', about: { roles: ['budget_holder'] }, due: { after: '2d', at: '10:00' } },
      nowMs: Date.now(),
    });
    if (made.kind !== 'created') throw new Error(`no rep task: ${made.reason}`);
    await settled();
    const inbox = `${publicUrl}/console/inbox#rep-tasks`;

    expect(receiver.at('/slack-ida')).toHaveLength(1);
    const slack = JSON.parse(receiver.at('/slack-ida')[0]!.body) as { text: string; blocks: { text: { text: string } }[] };
    expect(slack.text).toBe(`New rep task: ${account.name} (${account.domain}) ${inbox}`);
    const facts = slack.blocks.map((b) => b.text.text).join('\n');
    expect(facts).toContain('*Owner:* Ida Berg &lt;ida@seller.example&gt;');
    expect(facts).toContain('*Task:* Call: Call the CFO about the pilot');
    expect(facts).toContain('*About:* Cleo Fox (budget_holder)');
    expect(facts).toContain('*Instructions:* Ask who signs off the budget.');
    expect(facts).toMatch(/\*Due:\* .+, 10:00 \(Europe\/Stockholm\)/);
    expect(facts).toContain(`<${inbox}|Open your rep tasks in the console>`);
    expect(receiver.at('/teams-jo')).toHaveLength(0);

    expect(receiver.at('/rep-tasks')).toHaveLength(1);
    const body = JSON.parse(receiver.at('/rep-tasks')[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'rep_task.created',
      account: { domain: account.domain },
      contact: { email: account.contacts[0]!.email },
      task: null,
      repTask: { id: made.taskId, channel: 'call', title: 'Call the CFO about the pilot', status: 'open', timeZone: 'Europe/Stockholm', owner: 'ida@seller.example', cancelledWhy: null, url: inbox },
    });

    // The CFO unsubscribes: the task is taken back, and the owner hears it with why.
    await recordEngagement(db, { type: 'unsubscribed', contact: { id: account.contacts[0]!.id }, source: 'test' });
    await settled();
    const [, cancelled] = receiver.at('/slack-ida').map((r) => JSON.parse(r.body) as { text: string; blocks: { text: { text: string } }[] });
    expect(cancelled!.text).toBe(`Rep task cancelled: ${account.name} (${account.domain}) ${inbox}`);
    expect(cancelled!.blocks.map((b) => b.text.text).join('\n')).toContain('*Why cancelled:* the contact unsubscribed: nobody may contact them now');
    expect(receiver.at('/teams-jo')).toHaveLength(0);
    expect(receiver.at('/rep-tasks')).toHaveLength(1); // subscribed to rep_task.created only
  } finally {
    for (const t of [mine, others]) await removeTarget(db, 'alerts', t.id);
    await removeTarget(db, 'webhooks', hook.id);
  }
});

it('syncs a handoff and its deal to the configured CRM through the same deliveries; a refusal is listed as failed and replayed', async () => {
  const crmTarget = crmTargetId('hubspot');
  /** The CRM target's deliveries of one task's events (the other tests' handoffs sync too). */
  const crmDeliveries = async (taskId: string) =>
    (await db.reachDelivery.findMany({ where: { targetId: crmTarget }, orderBy: { createdAt: 'asc' }, select: { eventType: true, status: true, event: true } }))
      .filter((d) => (d.event as { taskId?: string }).taskId === taskId)
      .map(({ eventType, status }) => ({ eventType, status }));
    const rep = await db.salesRep.create({ data: { email: 'cora@seller.example', name: 'Cora' } });
    const account = await ownedAccount(rep);
    const handoff = await handOff(account.id);
    if (handoff.kind !== 'created') throw new Error(`no handoff: ${handoff.kind}`);
    await settled();
    const companies = hubspot.records('companies').filter((c) => c.properties.domain === account.domain);
    expect(companies).toHaveLength(1);
    expect(hubspot.records('tasks').filter((t) => t.properties.hs_task_subject?.includes(handoff.taskId))).toHaveLength(1);
    expect(await crmDeliveries(handoff.taskId)).toEqual([{ eventType: 'handoff.created', status: 'delivered' }]);

    // HubSpot refuses the token: not retried, listed as failed with what to fix; a replay syncs it.
    hubspot.failNext({ status: 401, body: { status: 'error', message: 'Authentication credentials not found.', correlationId: 'c0ffee00-0000-4000-8000-000000000001', category: 'INVALID_AUTHENTICATION' } });
    await sales.recordSalesAction({ taskId: handoff.taskId, action: { kind: 'accept' }, nowMs: Date.now(), seq: 1 });
    await sales.recordSalesAction({ taskId: handoff.taskId, action: { kind: 'opportunity', amount: 30000, currency: 'EUR', closeDate: '2027-06-30' }, nowMs: Date.now(), seq: 2 });
    await settled();
    const [failed] = (await listDeliveries(db, { status: 'failed' })).filter((d) => d.target.id === crmTarget);
    expect(await crmDeliveries(handoff.taskId)).toEqual([
      { eventType: 'handoff.created', status: 'delivered' },
      { eventType: 'opportunity', status: 'failed' },
    ]);
    expect(failed).toMatchObject({ eventType: 'opportunity', attempts: 1 });
    expect(failed!.lastError).toContain('HARPOON_HUBSPOT_TOKEN');
    expect(hubspot.records('deals').filter((d) => d.properties.dealname?.includes(handoff.taskId))).toHaveLength(0);

    await replayDelivery(db, failed!.id);
    await sales.recordSalesAction({ taskId: handoff.taskId, action: { kind: 'won' }, nowMs: Date.now(), seq: 3 });
    await settled();
    const deals = hubspot.records('deals').filter((d) => d.properties.dealname?.includes(handoff.taskId));
    expect(deals).toHaveLength(1);
    expect(deals[0]!.properties).toMatchObject({ dealstage: 'closedwon' });
    expect(await crmDeliveries(handoff.taskId)).toEqual([
      { eventType: 'handoff.created', status: 'delivered' },
      { eventType: 'opportunity', status: 'delivered' },
      { eventType: 'won', status: 'delivered' },
    ]);
});
