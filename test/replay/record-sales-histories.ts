// Records replay histories of sales handoffs (`npx tsx test/replay/record-sales-histories.ts v1`):
// a journey that hands off on an inquiry and hears the outcomes, and the task workflow from
// creation through a missed service level, accept, opportunity and won. Kept apart from
// record-histories.ts so journeys' and tasks' releases are recorded on their own schedules; the
// files are named sales-<release>-*.json and replayed by replay.test.ts with all the others.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { createDb } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { installRuntime } from '../../worker/runtime';
import { createJourneyHarness } from '../support/journey-harness';
import { handingOff, salesKit } from '../support/sales';

installRuntime('warn');

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories');
const release = process.argv[2] ?? 'v1';
const dir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-replay-sales-'));
const h = await createJourneyHarness({
  db: async () => {
    const url = `file:${path.join(dir, 'harpoon.db')}`;
    await migrateDatabase(url);
    return { db: await createDb(url), url, dir };
  },
});
const k = salesKit(h);

async function save(name: string, handle: WorkflowHandle) {
  const history = await h.env.client.workflow.getHandle(handle.workflowId).fetchHistory();
  const json = proto.temporal.api.history.v1.History.toObject(history as proto.temporal.api.history.v1.History, { enums: String, longs: String, bytes: String });
  writeFileSync(path.join(outDir, `sales-${release}-${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
  console.log(`recorded sales-${release}-${name}.json (${history.events?.length} events)`);
}

try {
  const owner = await k.rep('replay.owner@harpoon.test');
  const account = await k.ownedAccount('handoff.replay.example', owner.id, { purchasePattern: 'continuous' });
  const j = await h.publish(
    handingOff('replay-handoff', { onAccepted: { goto: 'assist' } }, [
      { key: 'assist', steps: [{ id: 'assist-wait', type: 'wait', duration: '30d' }] },
      { key: 'expand', steps: [{ id: 'expand-wait', type: 'wait', duration: '7d' }] },
      // v2: a continuous buyer's own expansion cadence (patched('won-stage-by-purchase-pattern')).
      { key: 'expand-continuous', steps: [{ id: 'weekly', type: 'wait', duration: '7d' }] },
    ]),
  );
  const journey = await h.start('replay-handoff', j.version, account.id);
  await journey.signal('engagement', await k.inquiry(account.contacts[0]!.id));
  const task = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id } }), '1 second');
  const taskHandle = h.env.client.workflow.getHandle(task.id);
  await k.until(() => h.db.touch.findFirst({ where: { accountId: account.id, type: 'sales_reminder' } }), '6 hours', 40);
  await k.act(task.id, { kind: 'accept' });
  await k.act(task.id, { kind: 'opportunity', amount: 1000, currency: 'EUR', closeDate: '2027-01-31' });
  await k.act(task.id, { kind: 'won', amount: 1200 });
  await taskHandle.result();
  await journey.result();
  await save('journey-handoff', journey);
  await save('task-won', taskHandle);
} finally {
  await h.teardown();
}
