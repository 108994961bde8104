// Records replay histories of seat notices (`npx tsx test/replay/record-seat-notice-histories.ts v1`):
// one sent to the invitee who took a freed seat (held for quiet hours when recorded at night), and
// one skipped because the seat was given up first. Files are named seat-notice-<release>-*.json and
// replayed by replay.test.ts with all the others.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { startJourneyDispatcher } from '../../client/journey-dispatcher';
import { createDb } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { saveEvent } from '../../programme-events/event-file';
import { installRuntime } from '../../worker/runtime';
import { createJourneyHarness } from '../support/journey-harness';
import { future, invitees } from '../support/invitees';

installRuntime('warn');

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories');
const release = process.argv[2] ?? 'v1';
const dir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-replay-seat-'));
const h = await createJourneyHarness({
  db: async () => {
    const url = `file:${path.join(dir, 'harpoon.db')}`;
    await migrateDatabase(url);
    return { db: await createDb(url), url, dir };
  },
});

/** The notice the promotion of `contactId` queued, once the dispatcher started it, run to its end. */
async function noticeOf(contactId: string) {
  for (;;) {
    const row = await h.db.journeyDelivery.findFirst({ where: { kind: 'seatNotice', eventId: { contains: contactId }, deliveredAt: { not: null } } });
    if (row) {
      const handle = h.env.client.workflow.getHandle(row.workflowId);
      await handle.result();
      return handle;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function save(name: string, workflowId: string) {
  const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  const json = proto.temporal.api.history.v1.History.toObject(history as proto.temporal.api.history.v1.History, { enums: String, longs: String, bytes: String });
  writeFileSync(path.join(outDir, `seat-notice-${release}-${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
  console.log(`recorded seat-notice-${release}-${name}.json (${history.events?.length} events)`);
}

const dispatcher = startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, pollMs: 100, log: () => undefined });
try {
  await saveEvent(h.db, { key: 'replay-seat', kind: 'roundtable', title: 'Replay seat', start: future(10), end: future(10.1), timezone: 'UTC', venue: 'Hall', capacity: 1 });
  const sent = await invitees(h.db, 'seat-sent.replay.example', 2);
  await sent.answer('replay-seat', 0, 'register');
  await sent.answer('replay-seat', 1, 'register');
  await sent.answer('replay-seat', 0, 'decline');
  await save('sent', (await noticeOf(sent.account.contacts[1]!.id)).workflowId);

  await saveEvent(h.db, { key: 'replay-gone', kind: 'roundtable', title: 'Replay gone', start: future(11), end: future(11.1), timezone: 'UTC', venue: 'Hall', capacity: 1 });
  await dispatcher.stop();
  const gone = await invitees(h.db, 'seat-gone.replay.example', 2);
  await gone.answer('replay-gone', 0, 'register');
  await gone.answer('replay-gone', 1, 'register');
  await gone.answer('replay-gone', 0, 'decline');
  await gone.answer('replay-gone', 1, 'decline');
  const again = startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, pollMs: 100, log: () => undefined });
  try {
    await save('seat-given-up', (await noticeOf(gone.account.contacts[1]!.id)).workflowId);
  } finally {
    await again.stop();
  }
} finally {
  await dispatcher.stop();
  await h.teardown();
}
