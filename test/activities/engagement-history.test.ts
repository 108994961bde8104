// What a newly started journey learns of the account's recent engagement, from a real database file.
import { expect, it } from 'vitest';
import { createEngagementHistoryActivities } from '../../activities/engagement-history';
import { useFreshDb } from '../support/fresh-db';

const fresh = useFreshDb();

it('leaves out opens and clicks that reached no journey, however many of them crowd the last days', async () => {
  const { db } = fresh;
  const account = await db.account.create({
    data: { domain: 'scanned.example', name: 'Scanned', contacts: { create: { email: 'ann@scanned.example', role: 'champion' } } },
    include: { contacts: true },
  });
  const contactId = account.contacts[0]!.id;
  const now = Date.parse('2026-11-20T12:00:00Z');
  // A person's click last week, then 600 scanner hits since (more than a journey keeps in memory).
  await db.touch.create({
    data: { accountId: account.id, contactId, type: 'clicked', idempotencyKey: 'event|clicked|person', detail: { tag: 'pricing' }, at: new Date(now - 7 * 86_400_000) },
  });
  await db.touch.createMany({
    data: Array.from({ length: 600 }, (_, i) => ({
      accountId: account.id,
      contactId,
      type: i % 2 ? 'opened' : 'clicked',
      idempotencyKey: `event|machine-${i}`,
      detail: { machine: true, machineReason: 'user agent of a security scanner (Mimecast)', counted: false },
      at: new Date(now - i * 60_000),
    })),
  });
  // Machine hits counted on purpose (TRACKING_COUNT_MACHINE=true) are history like any other.
  await db.touch.create({
    data: { accountId: account.id, contactId, type: 'opened', idempotencyKey: 'event|opened|counted', detail: { machine: true, counted: true }, at: new Date(now - 86_400_000) },
  });

  const history = await createEngagementHistoryActivities(db).loadEngagementHistory({ accountId: account.id, untilMs: now });
  expect(history.map((e) => [e.eventId, e.type, e.tag ?? null])).toEqual([
    ['clicked|person', 'clicked', 'pricing'],
    ['opened|counted', 'opened', null],
  ]);
});
