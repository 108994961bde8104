// The producers' side of the engagement outbox, on a real database file: what an event or an import
// queues, and for whom.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { lease } from '../../db/leases';
import { pendingByJourney } from '../../client/journey-outbox';
import { notifyContactChanges } from '../../client/notify-contact-changes';
import { recordEngagement } from '../../engagement/record-engagement';
import type { Db } from '../../db/client';
import { freshDb, type FreshDb } from '../support/fresh-db';

let fresh: FreshDb;
let db: Db;
beforeEach(async () => {
  fresh = await freshDb();
  db = fresh.db;
});
afterEach(async () => {
  await db.$disconnect();
});

async function accountWithJourneys(statuses: string[]) {
  const account = await db.account.create({
    data: {
      domain: 'outbox.example',
      name: 'Outbox Ltd',
      tier: 2,
      poolStatus: 'target',
      contacts: { create: [{ email: 'ana@outbox.example', role: 'champion' }, { email: 'ben@outbox.example', role: 'user' }] },
    },
    include: { contacts: { orderBy: { email: 'asc' } } },
  });
  for (const [i, status] of statuses.entries()) {
    await db.journeyRun.create({ data: { workflowId: `journey/j${i}/${account.id}`, journeyKey: `j${i}`, journeyVersion: 1, accountId: account.id, status } });
  }
  return account;
}

it('records the event and queues it for each running or paused journey in one go', async () => {
  const account = await accountWithJourneys(['running', 'paused', 'completed']);
  const result = await recordEngagement(db, { type: 'clicked', contact: { email: 'ANA@outbox.example' }, tag: 'Pricing', source: 'test' });

  expect(result).toMatchObject({ outcome: 'recorded', accountId: account.id, queued: [`journey/j0/${account.id}`, `journey/j1/${account.id}`] });
  const rows = await db.journeyDelivery.findMany({ orderBy: { id: 'asc' } });
  expect(rows.map((r) => [r.workflowId, r.kind, r.eventId, r.deliveredAt])).toEqual([
    [`journey/j0/${account.id}`, 'engagement', result.eventId, null],
    [`journey/j1/${account.id}`, 'engagement', result.eventId, null],
  ]);
  // IDs only: no address or name travels to Temporal.
  expect(rows[0]!.payload).toEqual({ version: 1, eventId: result.eventId, type: 'clicked', contactId: account.contacts[0]!.id, role: 'champion', tag: 'pricing', atMs: expect.any(Number) });
  expect(await db.touch.count({ where: { idempotencyKey: `event|${result.eventId}` } })).toBe(1);

  const pending = await pendingByJourney(db, [`journey/j0/${account.id}`, `journey/j2/${account.id}`]);
  expect([...pending.keys()]).toEqual([`journey/j0/${account.id}`]);
  expect(pending.get(`journey/j0/${account.id}`)).toMatchObject({ count: 1, attempts: 0, lastError: null });
});

it('adds nothing for an event id it has already recorded', async () => {
  await accountWithJourneys(['running']);
  const event = { type: 'opened' as const, contact: { email: 'ana@outbox.example' }, source: 'test', eventId: 'evt-1' };
  expect((await recordEngagement(db, event)).outcome).toBe('recorded');
  expect(await recordEngagement(db, event)).toMatchObject({ outcome: 'duplicate', queued: [] });
  expect(await db.touch.count({ where: { type: 'opened' } })).toBe(1);
  expect(await db.journeyDelivery.count()).toBe(1);
});

it('keeps a machine-made click on the timeline only', async () => {
  await accountWithJourneys(['running']);
  const result = await recordEngagement(db, { type: 'clicked', contact: { email: 'ben@outbox.example' }, source: 'scanner', deliverToJourneys: false });
  expect(result).toMatchObject({ outcome: 'recorded', queued: [] });
  expect(await db.touch.count({ where: { type: 'clicked' } })).toBe(1);
  expect(await db.journeyDelivery.count()).toBe(0);
});

it('honours an unsubscribe once: a replayed one records and queues nothing', async () => {
  const account = await accountWithJourneys(['running']);
  const unsubscribe = { type: 'unsubscribed' as const, contact: { id: account.contacts[1]!.id }, source: 'email' };
  expect((await recordEngagement(db, unsubscribe)).outcome).toBe('recorded');
  expect((await db.contact.findUniqueOrThrow({ where: { id: account.contacts[1]!.id } })).consent).toBe('unsubscribed');
  expect(await recordEngagement(db, unsubscribe)).toMatchObject({ outcome: 'no_change', queued: [] });
  expect(await db.touch.count({ where: { type: 'unsubscribed' } })).toBe(1);
  expect(await db.journeyDelivery.count()).toBe(1);
});

it('queues each contact change once, however often an import tells of it', async () => {
  const account = await accountWithJourneys(['running', 'stopped']);
  const since = new Date(Date.now() - 1);
  await db.contact.update({ where: { id: account.contacts[0]!.id }, data: { consent: 'unsubscribed', consentAt: new Date() } });
  await db.contact.create({ data: { email: 'cy@outbox.example', role: 'user', accountId: account.id } });

  expect(await notifyContactChanges(db, since)).toBe(2);
  expect(await notifyContactChanges(db, since)).toBe(0);
  const rows = await db.journeyDelivery.findMany({ orderBy: { id: 'asc' } });
  expect(rows.map((r) => [r.workflowId, r.kind, (r.payload as { change: string }).change])).toEqual([
    [`journey/j0/${account.id}`, 'contactChanged', 'consent'],
    [`journey/j0/${account.id}`, 'contactChanged', 'added'],
  ]);
  expect(rows[0]!.eventId).toMatch(new RegExp(`^contact\\|${account.contacts[0]!.id}\\|consent\\|\\d+$`));
});

it('lets one dispatcher deliver at a time, and another take over when the lease is released or expires', async () => {
  const first = lease(db, { name: 'journey-dispatcher', holder: 'first', ttlMs: 60_000 });
  const second = lease(db, { name: 'journey-dispatcher', holder: 'second', ttlMs: 60_000 });
  expect(await first.hold()).toBe(true);
  expect(await second.hold()).toBe(false);
  expect(second.validForMs()).toBeLessThanOrEqual(0);
  await first.release();
  expect(await second.hold()).toBe(true);
  expect(await first.hold()).toBe(false);

  const shortLived = lease(db, { holder: 'short', ttlMs: 50, name: 'other' });
  const standby = lease(db, { holder: 'standby', ttlMs: 60_000, name: 'other' });
  expect(await shortLived.hold()).toBe(true);
  await new Promise((r) => setTimeout(r, 80)); // the holder died without renewing
  expect(await standby.hold()).toBe(true);
  expect(await shortLived.hold()).toBe(false);
});
