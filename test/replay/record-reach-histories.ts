// Records replay histories of reach deliveries (`npx tsx test/replay/record-reach-histories.ts v1`):
// one delivered after its receiver answered 500 once, one refused for good (410) and marked failed.
// Files are named reach-<release>-*.json and replayed by replay.test.ts with all the others.
import { recordEngagement } from '../../engagement/record-engagement';
import { fanOutFeed, startDeliveries } from '../../reach/reach-fanout';
import { addWebhook } from '../../reach/targets';
import { reachDeliveryWorkflowId } from '../../workflows/reach-delivery-api';
import { startRecordingReceiver } from '../support/recording-receiver';
import { startRecorder } from './recorder';

const { h, save } = await startRecorder('reach-');
const receiver = await startRecordingReceiver();

/** Registers a contact of a new account for an event, fans the touch out to `path`'s webhook, and runs the delivery to its end. */
async function deliveryTo(path: string) {
  const hook = await addWebhook(h.db, { url: receiver.url(path), events: ['registration'] });
  const account = await h.account({ domain: `${path.slice(1)}.replay.example`, contacts: [{ email: `ana@${path.slice(1)}.replay.example`, role: 'champion' }] });
  await recordEngagement(h.db, { type: 'event_registered', contact: { id: account.contacts[0]!.id }, tag: 'replay-webinar', detail: { eventKey: 'replay-webinar' }, source: 'replay' });
  await fanOutFeed(h.db);
  await startDeliveries(h.db, h.env.client, h.taskQueue);
  const delivery = await h.db.reachDelivery.findFirstOrThrow({ where: { targetId: hook.id } });
  const handle = h.env.client.workflow.getHandle(reachDeliveryWorkflowId(delivery.id, 0));
  await handle.result();
  return handle;
}

try {
  receiver.script('/retried', [{ status: 500 }]);
  await save('delivered-after-retry', await deliveryTo('/retried'));
  receiver.script('/refused', [{ status: 410 }]);
  await save('refused', await deliveryTo('/refused'));
} finally {
  await receiver.close();
  await h.teardown();
}
