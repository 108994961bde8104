// The journey dispatcher against the real Temporal dev server and a real worker: what it delivers,
// how often the journey counts it, and what it records.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startJourneyDispatcher, type JourneyDispatcher } from '../../client/journey-dispatcher';
import { launchForAccounts } from '../../use-cases/launch';
import { notifyContactChanges } from '../../client/notify-contact-changes';
import { recordEngagement } from '../../engagement/record-engagement';
import { loadConfig } from '../../config/env';
import type { Db } from '../../db/client';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { publishJourney } from '../../journeys/catalog';
import { connectClient } from '../../temporal/connection';
import type { DevServer } from '../../temporal/dev-server';
import { startWorkerProcess } from '../../worker/worker-process';
import { statusQuery, stopSignal, type JourneyView } from '../../workflows/journey-api';
import { startTestDevServer } from '../support/dev-server';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { until } from '../support/until';

let server: DevServer;
let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
let client: Client;
let fresh: FreshDb;
let db: Db;
const logs: string[] = [];

beforeAll(async () => {
  fresh = await freshDb();
  db = fresh.db;
  server = await startTestDevServer();
  const cfg = loadConfig({ ...process.env, TEMPORAL_ADDRESS: server.address, DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir, TEMPORAL_TASK_QUEUE: 'dispatch' });
  worker = await startWorkerProcess(cfg, undefined, undefined, db);
  client = await connectClient(cfg);
  await publishJourney(
    db,
    journeyDefinitionSchema.parse({
      key: 'listen',
      name: 'Listen',
      stages: [
        { key: 'engage', steps: [{ id: 'settle', type: 'wait', duration: '30d' }] },
        { key: 'convert', steps: [{ id: 'hold', type: 'wait', duration: '30d' }] },
      ],
      triggers: [{ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } }],
    }),
  );
});
afterAll(async () => {
  await client?.connection.close();
  await worker?.shutdown();
  await server?.stop();
  await db?.$disconnect();
});

let accounts = 0;
async function runningJourney() {
  const n = ++accounts;
  const account = await db.account.create({
    data: {
      domain: `listener-${n}.example`,
      name: `Listener ${n}`,
      tier: 2,
      poolStatus: 'target',
      // Two, so that one leaving does not end the journey (nobody reachable would).
      contacts: { create: [{ email: `ana@listener-${n}.example`, role: 'champion' }, { email: `bo@listener-${n}.example`, role: 'user' }] },
    },
    include: { contacts: { orderBy: { email: 'asc' } } },
  });
  const summary = await launchForAccounts(db, client, 'dispatch', 'listen', [account]);
  expect(summary.started).toEqual([account.domain]);
  const handle = client.workflow.getHandle(`journey/listen/${account.id}`);
  // Once it answers, it has loaded the account's past engagement: what comes now arrives as signals.
  await until('the journey to answer', () => handle.query(statusQuery).catch(() => undefined));
  return { account, contact: account.contacts[0]!, handle };
}

async function withDispatcher<T>(work: (d: JourneyDispatcher) => Promise<T>): Promise<T> {
  const dispatcher = startJourneyDispatcher({ db, client, taskQueue: 'dispatch', log: (line) => logs.push(line), pollMs: 100 });
  try {
    return await work(dispatcher);
  } finally {
    await dispatcher.stop();
  }
}

const delivered = (eventId: string) =>
  until(`delivery of ${eventId}`, () => db.journeyDelivery.findFirst({ where: { eventId, deliveredAt: { not: null } } }));

/** The journey's timeline once it has seen `eventId`'s marker text: later signals are seen after earlier ones. */
const timelineAfter = (handle: ReturnType<Client['workflow']['getHandle']>, marker: string) =>
  until(`the journey to show "${marker}"`, async () => {
    const view: JourneyView = await handle.query(statusQuery);
    return view.timeline.some((t) => t.text.startsWith(marker)) ? view : undefined;
  });

it('delivers each event once, in the order recorded, and marks its row only then', async () => {
  const { contact, handle } = await runningJourney();
  const first = await recordEngagement(db, { type: 'opened', contact: { id: contact.id }, source: 'test' });
  const second = await recordEngagement(db, { type: 'visited', contact: { id: contact.id }, tag: 'docs', source: 'test' });
  const third = await recordEngagement(db, { type: 'clicked', contact: { id: contact.id }, tag: 'pricing', source: 'test' });
  expect(third.queued).toEqual([handle.workflowId]);
  expect(await db.journeyDelivery.count({ where: { workflowId: handle.workflowId, deliveredAt: null } })).toBe(3);

  await withDispatcher(async () => {
    for (const e of [first, second, third]) {
      expect(await delivered(e.eventId)).toMatchObject({ outcome: 'delivered', attempts: 1, lastError: null });
    }
    const view = await timelineAfter(handle, 'engage → convert');
    expect(view.timeline.filter((t) => t.kind === 'event').map((t) => t.text.split(' ')[0])).toEqual(['opened', 'visited', 'clicked']);
    expect(view.stage).toBe('convert');
  });
});

it('counts an event once when its row is delivered again after a crash before it was marked', async () => {
  const { contact, handle } = await runningJourney();
  const click = await recordEngagement(db, { type: 'clicked', contact: { id: contact.id }, tag: 'case-study', source: 'test' });
  const since = new Date();
  await db.contact.update({ where: { id: contact.id }, data: { consent: 'do_not_contact', consentAt: new Date() } });
  expect(await notifyContactChanges(db, since)).toBe(1);

  await withDispatcher(async () => {
    await delivered(click.eventId);
    await until('the contact change', () => db.journeyDelivery.findFirst({ where: { kind: 'contactChanged', workflowId: handle.workflowId, deliveredAt: { not: null } } }));
  });
  // The signals went out, the marks were lost: both rows are due again.
  const { count } = await db.journeyDelivery.updateMany({ where: { workflowId: handle.workflowId }, data: { deliveredAt: null, outcome: null } });
  expect(count).toBe(2);
  const later = await recordEngagement(db, { type: 'replied', contact: { id: contact.id }, source: 'test' });

  await withDispatcher(async () => {
    await delivered(later.eventId);
    expect(await db.journeyDelivery.count({ where: { workflowId: handle.workflowId, deliveredAt: null } })).toBe(0);
    const view = await timelineAfter(handle, 'replied');
    const texts = view.timeline.map((t) => t.text);
    expect(texts.filter((t) => t.startsWith('clicked'))).toHaveLength(1);
    expect(texts.filter((t) => t === `contact ${contact.id} consent: do_not_contact`)).toHaveLength(1);
  });
  const rows = await db.journeyDelivery.findMany({ where: { workflowId: handle.workflowId }, orderBy: { id: 'asc' } });
  expect(rows.map((r) => [r.kind, r.outcome, r.attempts])).toEqual([
    ['engagement', 'delivered', 2],
    ['contactChanged', 'delivered', 2],
    ['engagement', 'delivered', 1],
  ]);
});

it('records events for a journey that has ended meanwhile as journey_ended, and goes on with the others', async () => {
  const ended = await runningJourney();
  const alive = await runningJourney();
  const late = await recordEngagement(db, { type: 'clicked', contact: { id: ended.contact.id }, source: 'test' });
  await ended.handle.signal(stopSignal, { reason: 'stopped for the test' });
  await ended.handle.result();
  const other = await recordEngagement(db, { type: 'opened', contact: { id: alive.contact.id }, source: 'test' });

  await withDispatcher(async () => {
    expect(await delivered(late.eventId)).toMatchObject({ outcome: 'journey_ended', attempts: 1 });
    expect(await delivered(other.eventId)).toMatchObject({ outcome: 'delivered' });
  });
  expect(logs.filter((l) => /unreachable|refused|could not/.test(l))).toEqual([]);
});

it('keeps retrying a delivery Temporal refuses without holding up the other journeys', async () => {
  const blocked = await runningJourney();
  const alive = await runningJourney();
  // Temporal refuses a signal larger than its blob size limit: a stand-in for any delivery it rejects.
  const oversized = { version: 1, eventId: 'refused-1', type: 'opened', tag: 'x'.repeat(2_500_000), atMs: Date.now() };
  const bad = await db.journeyDelivery.create({
    data: { workflowId: blocked.handle.workflowId, accountId: blocked.account.id, kind: 'engagement', eventId: 'refused-1', payload: oversized },
  });
  const behind = await recordEngagement(db, { type: 'visited', contact: { id: blocked.contact.id }, source: 'test' });
  const good = await recordEngagement(db, { type: 'opened', contact: { id: alive.contact.id }, source: 'test' });

  await withDispatcher(async () => {
    expect(await delivered(good.eventId)).toMatchObject({ outcome: 'delivered' });
    await until('a retry of the refused delivery', () => db.journeyDelivery.findFirst({ where: { id: bad.id, attempts: { gte: 2 } } }));
  });
  const row = await db.journeyDelivery.findUniqueOrThrow({ where: { id: bad.id } });
  expect(row).toMatchObject({ deliveredAt: null, outcome: null, lastError: expect.stringContaining('INVALID_ARGUMENT') });
  // Its journey's later events wait behind it, in order.
  expect(await db.journeyDelivery.findFirstOrThrow({ where: { eventId: behind.eventId } })).toMatchObject({ deliveredAt: null, attempts: 0 });
  expect(logs.filter((l) => l.includes('refused'))).toEqual([expect.stringContaining(`engagement refused-1 for ${blocked.handle.workflowId} was refused`)]);
  expect(logs.filter((l) => l.includes('unreachable'))).toEqual([]);
});
