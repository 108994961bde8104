// Records replay histories of sales handoffs (`npx tsx test/replay/record-sales-histories.ts v1`):
// a journey that hands off on an inquiry and hears the outcomes, and the task workflow from
// creation through a missed service level, accept, opportunity and won; from v5 also a second
// journey of the account that joins the open task and hears its outcomes, and a task paced to its
// owner's capacity whose release its journey hears; from v9 a paused journey that hands off only on
// resuming; from v10 an inquiry delivered after the launch that happened before it; from v11 a task whose
// new owner acts before the task has heard that the account changed hands. Kept apart from record-histories.ts so journeys' and tasks' releases are recorded on
// their own schedules; the files are named sales-<release>-*.json and replayed by replay.test.ts with all the others.
import type { JourneyView } from '../../workflows/journey-api';
import { salesTaskQuery } from '../../workflows/sales-api';
import { assistAndExpand, handingOff, salesKit } from '../support/sales';
import { startRecorder } from './recorder';

const { h, save } = await startRecorder('sales-');
const k = salesKit(h);

try {
  const owner = await k.rep('replay.owner@harpoon.test');
  const account = await k.ownedAccount('handoff.replay.example', owner.id, { purchasePattern: 'continuous' });
  const j = await h.publish(
    handingOff('replay-handoff', { onAccepted: { goto: 'assist' } }, [
      ...assistAndExpand('30d', '7d'),
      // v2: a continuous buyer's own expansion cadence (patched('won-stage-by-purchase-pattern')).
      { key: 'expand-continuous', steps: [{ id: 'weekly', type: 'wait', duration: '7d' }] },
    ]),
  );
  const { run: journey, task } = await k.handOff('replay-handoff', j.version, account);
  const taskHandle = h.env.client.workflow.getHandle(task.id);
  // v5: another journey of the account qualifies while the task is open: it waits on the same task
  // and hears every outcome (patched('every-waiting-journey-told')).
  const j2 = await h.publish(
    handingOff('replay-joined', { onAccepted: { goto: 'assist' } }, assistAndExpand('30d', '7d')),
  );
  const joined = await h.start('replay-joined', j2.version, account.id);
  await joined.signal('engagement', await k.inquiry(account.contacts[0]!.id));
  await k.until(async () => (await joined.query<JourneyView>('status')).timeline.some((t) => t.text.includes('waits on it too')), '1 second');
  await k.until(() => h.db.touch.findFirst({ where: { accountId: account.id, type: 'sales_reminder' } }), '6 hours', 40);
  await k.act(task.id, { kind: 'accept' });
  await k.act(task.id, { kind: 'opportunity', amount: 1000, currency: 'EUR', closeDate: '2027-01-31' });
  await k.act(task.id, { kind: 'won', amount: 1200 });
  await taskHandle.result();
  await journey.result();
  await joined.result();
  await save('journey-handoff', journey);
  await save('task-won', taskHandle);
  await save('journey-joined', joined);

  // v5: a task queued for its owner's daily capacity and released after midnight (in a zone half
  // an hour off UTC) tells its journey it is created.
  const paced = await k.rep('replay.paced@harpoon.test', { timezone: 'Asia/Kolkata' });
  await h.db.salesRep.update({ where: { id: paced.id }, data: { dailyCapacity: 1 } });
  const p = await h.publish(handingOff('replay-paced'));
  const pacedRuns = [];
  for (const domain of ['taken.replay.example', 'paced.replay.example']) {
    const owned = await k.ownedAccount(domain, paced.id, { tier: 2 });
    pacedRuns.push(await k.handOff('replay-paced', p.version, owned));
  }
  const queued = pacedRuns.find((r) => r.task.status === 'queued');
  if (!queued) throw new Error('the two handoffs straddled midnight and none was queued: record again');
  await k.until(async () => (await h.db.salesTask.findUniqueOrThrow({ where: { id: queued.task.id } })).status === 'created', '1 hour', 30);
  await k.until(async () => (await queued.run.query<JourneyView>('status')).timeline.some((t) => t.text.includes('after waiting')), '1 second');
  for (const { run, task: t } of pacedRuns) {
    await k.act(t.id, { kind: 'reject', reason: 'bad_timing' });
    await h.env.client.workflow.getHandle(t.id).result();
    await h.stop(run);
  }
  await save('journey-released', queued.run);
  await save('task-released', h.env.client.workflow.getHandle(queued.task.id));

  // v9: a paused journey hears an inquiry and hands off only when it resumes (patched('no-handoff-while-paused')).
  const held = await k.ownedAccount('paused.replay.example', owner.id);
  const pj = await h.publish(handingOff('replay-paused'));
  const pausedRun = await h.start('replay-paused', pj.version, held.id);
  await k.until(async () => (await pausedRun.query<JourneyView>('status')).step !== undefined, '1 second');
  await pausedRun.signal('pause', { reason: 'replay' });
  await pausedRun.signal('engagement', await k.inquiry(held.contacts[0]!.id));
  await h.env.sleep('1 day');
  await pausedRun.signal('resume');
  const heldTask = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: held.id } }), '1 second');
  await k.act(heldTask.id, { kind: 'reject', reason: 'bad_timing' });
  await h.env.client.workflow.getHandle(heldTask.id).result();
  await h.stop(pausedRun);
  await save('journey-paused', pausedRun);

  // v10: an inquiry that happened before the launch, delivered after it, hands off (patched('late-events-qualify')).
  const lateAccount = await k.ownedAccount('late.replay.example', owner.id);
  const lj = await h.publish(handingOff('replay-late'));
  const lateRun = await h.start('replay-late', lj.version, lateAccount.id);
  await k.until(async () => (await lateRun.query<JourneyView>('status')).step !== undefined, '1 second');
  const late = await k.inquiry(lateAccount.contacts[0]!.id);
  await lateRun.signal('engagement', { ...late, atMs: late.atMs - 3_600_000 });
  const lateTask = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: lateAccount.id } }), '1 second');
  await k.act(lateTask.id, { kind: 'reject', reason: 'bad_timing' });
  await h.env.client.workflow.getHandle(lateTask.id).result();
  await h.stop(lateRun);
  await save('journey-late-inquiry', lateRun);

  // v11: the account changes hands and its new owner accepts before the task hears of it: the
  // action looks up the owner the database has now.
  const handed = await k.ownedAccount('new-owner.replay.example', owner.id);
  const nj = await h.publish(handingOff('replay-new-owner'));
  const { run: handedRun, task: handedTask } = await k.handOff('replay-new-owner', nj.version, handed);
  const newOwner = await k.rep('replay.new-owner@harpoon.test');
  await h.db.account.update({ where: { id: handed.id }, data: { ownerId: newOwner.id } });
  await h.db.salesTask.update({ where: { id: handedTask.id }, data: { ownerId: newOwner.id } });
  await k.until(async () => (await h.env.client.workflow.getHandle(handedTask.id).query(salesTaskQuery)).status === 'created', '1 second');
  await k.act(handedTask.id, { kind: 'accept', actorId: newOwner.id });
  await k.act(handedTask.id, { kind: 'lost', actorId: newOwner.id, reason: 'no budget' });
  await h.env.client.workflow.getHandle(handedTask.id).result();
  await handedRun.result().catch(() => h.stop(handedRun));
  await save('task-new-owner', h.env.client.workflow.getHandle(handedTask.id));
} finally {
  await h.teardown();
}
