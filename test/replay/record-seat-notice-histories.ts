// Records replay histories of seat notices (`npx tsx test/replay/record-seat-notice-histories.ts v1`):
// one sent to the invitee who took a freed seat (held for quiet hours when recorded at night), and
// one skipped because the seat was given up first. Files are named seat-notice-<release>-*.json and
// replayed by replay.test.ts with all the others.
import { startJourneyDispatcher } from '../../client/journey-dispatcher';
import { saveEvent } from '../../programme-events/event-file';
import { future, invitees } from '../support/invitees';
import { startRecorder } from './recorder';

const { h, save } = await startRecorder('seat-notice-');

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

const dispatcher = startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, pollMs: 100, log: () => undefined });
try {
  await saveEvent(h.db, { key: 'replay-seat', kind: 'roundtable', title: 'Replay seat', start: future(10), end: future(10.1), timezone: 'UTC', venue: 'Hall', capacity: 1 });
  const sent = await invitees(h.db, 'seat-sent.replay.example', 2);
  await sent.answer('replay-seat', 0, 'register');
  await sent.answer('replay-seat', 1, 'register');
  await sent.answer('replay-seat', 0, 'decline');
  await save('sent', await noticeOf(sent.account.contacts[1]!.id));

  await saveEvent(h.db, { key: 'replay-gone', kind: 'roundtable', title: 'Replay gone', start: future(11), end: future(11.1), timezone: 'UTC', venue: 'Hall', capacity: 1 });
  await dispatcher.stop();
  const gone = await invitees(h.db, 'seat-gone.replay.example', 2);
  await gone.answer('replay-gone', 0, 'register');
  await gone.answer('replay-gone', 1, 'register');
  await gone.answer('replay-gone', 0, 'decline');
  await gone.answer('replay-gone', 1, 'decline');
  const again = startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, pollMs: 100, log: () => undefined });
  try {
    await save('seat-given-up', await noticeOf(gone.account.contacts[1]!.id));
  } finally {
    await again.stop();
  }
} finally {
  await dispatcher.stop();
  await h.teardown();
}
