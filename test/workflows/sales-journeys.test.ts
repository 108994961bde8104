// The journeys waiting on a sales task, on a time-skipping server of their own (the pacing case lets
// a day pass): a paced task's journey mirrors its release, and every journey of an account that
// qualifies while its one task is open hears that task's outcome, whichever journey handed off.
import { describe, expect, it } from 'vitest';
import { createSalesActivities } from '../../activities/sales';
import { SalesOwner, TaskStatus } from '../../temporal/search-attributes';
import type { JourneyView } from '../../workflows/journey-api';
import type { JourneyHarness } from '../support/journey-harness';
import { handingOff, type SalesKit, withSalesHarness } from '../support/sales';

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made));

const taskStatusOf = async (workflowId: string) => (await h.env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(TaskStatus);

describe('the journeys waiting on a sales task', () => {
  it('mirrors a paced task: the journey says queued while it waits for capacity, created once it reaches its owner', async () => {
    const owner = await k.rep('pia@harpoon.test', { timezone: 'Asia/Kolkata', dailyCapacity: 1 });
    const j = await h.publish(handingOff('mirrored'));
    const runs = [];
    for (const domain of ['taken.example', 'paced.example']) {
      const account = await k.ownedAccount(domain, owner.id, { tier: 2 });
      runs.push(await k.handOff('mirrored', j.version, account));
    }
    const [first, paced] = runs as [(typeof runs)[0], (typeof runs)[0]];
    // Unless the two inquiries straddled the owner's midnight, the second waits for the next day.
    if (paced.task.status === 'queued') {
      expect(first.task.status).toBe('created');
      await k.until(async () => (await taskStatusOf(paced.run.workflowId)) === 'queued', '1 second');
      await k.until(async () => (await h.db.salesTask.findUniqueOrThrow({ where: { id: paced.task.id } })).status === 'created', '1 hour', 30);
      expect(await taskStatusOf(paced.task.id)).toBe('created');
      await k.until(async () => (await taskStatusOf(paced.run.workflowId)) === 'created', '1 second');
      expect((await paced.run.query<JourneyView>('status')).timeline.map((t) => t.text)).toContainEqual(expect.stringMatching(/handed to its owner after waiting/));
    }
    for (const { run } of runs) await h.stop(run);
  });

  it('gives an account one task however many of its journeys qualify at once, and every one of them hears each outcome', async () => {
    const owner = await k.rep('quinn@harpoon.test');
    const account = await k.ownedAccount('two-journeys.example', owner.id);
    const contactId = account.contacts[0]!.id;
    const assist = [{ key: 'assist', steps: [{ id: 'assist-wait', type: 'wait', duration: '90d' }] }];
    const started = [];
    for (const key of ['both-a', 'both-b', 'both-c']) {
      const j = await h.publish(handingOff(key, { onAccepted: { goto: 'assist' }, onRejected: { goto: 'nurture' } }, assist));
      started.push(await h.start(key, j.version, account.id));
    }
    const [ja, jb, jc] = started as [(typeof started)[0], (typeof started)[0], (typeof started)[0]];
    // Two journeys qualify at the same moment: they race for the task.
    const signals = [];
    for (const j of [ja, jb]) signals.push([j, await k.inquiry(contactId)] as const);
    await Promise.all(signals.map(([j, e]) => j.signal('engagement', e)));

    const task = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id } }), '1 second');
    await k.until(async () => (await k.mailTo('quinn@harpoon.test')).length > 0, '1 second');
    // Both journeys wait on the one task: the Web UI's TaskStatus = "created" lists them both.
    for (const j of [ja, jb]) await k.until(async () => (await taskStatusOf(j.workflowId)) === 'created', '1 second');
    expect(await h.db.salesTask.count({ where: { accountId: account.id } })).toBe(1);
    expect((await h.env.client.workflow.getHandle(task.id).describe()).typedSearchAttributes.get(SalesOwner)).toBe(owner.id);

    await k.act(task.id, { kind: 'accept' });
    for (const j of [ja, jb]) {
      await k.until(async () => (await j.query<JourneyView>('status')).stage === 'assist', '1 second');
      await k.until(async () => (await taskStatusOf(j.workflowId)) === 'accepted', '1 second');
    }

    // A journey that qualifies after the acceptance joins the accepted task: it is accepted for it too.
    await jc.signal('engagement', await k.inquiry(contactId));
    await k.until(async () => (await jc.query<JourneyView>('status')).stage === 'assist', '1 second');
    expect(await taskStatusOf(jc.workflowId)).toBe('accepted');
    expect(await h.db.salesTask.count({ where: { accountId: account.id } })).toBe(1);
    // Asking again (as a run after a roll-over does, knowing nothing) finds the task it waits on
    // already: it was told of every change, so the acceptance is not news to react to twice.
    const again = await createSalesActivities(h.db).requestHandoff({ accountId: account.id, journeyWorkflowId: jc.workflowId, journeyKey: 'both-c', trigger: 'mqa', nowMs: Date.now(), engagement: { score: 20, byRole: {} } });
    expect(again).toEqual({ kind: 'open', taskId: task.id, mine: false, status: 'accepted', waitedBefore: true });

    // The rejection reaches all three, each told once.
    await k.act(task.id, { kind: 'reject', reason: 'bad_timing' });
    for (const j of [ja, jb, jc]) {
      await k.until(async () => (await j.query<JourneyView>('status')).stage === 'nurture', '1 second');
      expect(await taskStatusOf(j.workflowId)).toBe('rejected');
      const said = (await j.query<JourneyView>('status')).timeline.filter((t) => t.text.startsWith(`sales accepted task ${task.id}`));
      expect(said.length).toBeLessThanOrEqual(1);
    }
    for (const j of started) await h.stop(j);
  });
});
