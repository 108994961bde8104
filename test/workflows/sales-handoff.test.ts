// The sales handoff on the time-skipping server with real activities, a real database file and a
// real SMTP sink: one task per account under concurrent triggers, reject → cooldown → a new
// handoff, and won → expand. The service level across a weekend is in sales-sla.test.ts, pacing to
// capacity in sales-pacing.test.ts.
import { describe, expect, it } from 'vitest';
import { createSalesActivities } from '../../activities/sales';
import { actOnTask, negativeProposals } from '../../use-cases/sales-tasks';
import { operator } from '../../domain/access/acting-user';
import { steerJourneys } from '../../use-cases/steer';
import { accountTimeline } from '../../timeline/account-timeline';
import { createApiKey } from '../../use-cases/api-keys';
import { consoleCookie } from '../support/console-sign-in';
import { startDoors } from '../support/doors';
import { SalesOwner, TaskStatus } from '../../temporal/search-attributes';
import type { JourneyView } from '../../workflows/journey-api';
import { salesTaskQuery } from '../../workflows/sales-api';
import type { JourneyHarness } from '../support/journey-harness';
import { assistAndExpand, handingOff, type SalesKit, withSalesHarness } from '../support/sales';

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made));

describe('sales handoff', () => {
  it('creates one task for an account, whatever number of journeys and events qualify it at once', async () => {
    const owner = await k.rep('olivia@harpoon.test');
    const account = await k.ownedAccount('concurrent.example', owner.id);
    const contactId = account.contacts[0]!.id;

    // The database guard alone: five requests at once give one task.
    const { requestHandoff } = createSalesActivities(h.db);
    const req = { accountId: account.id, journeyWorkflowId: 'journey/x/y', journeyKey: 'x', trigger: 'mqa' as const, nowMs: Date.now(), engagement: { score: 20, byRole: {} } };
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => requestHandoff(req)));
    expect(new Set(answers.map((a) => ('taskId' in a ? a.taskId : a.kind))).size).toBe(1);
    expect(await h.db.salesTask.count({ where: { accountId: account.id } })).toBe(1);
    await h.db.salesTask.deleteMany({ where: { accountId: account.id } });

    // Two journeys of the account hear two inquiries each, at the same moment.
    const a = await h.publish(handingOff('concurrent-a'));
    const b = await h.publish(handingOff('concurrent-b'));
    const ja = await h.start('concurrent-a', a.version, account.id);
    const jb = await h.start('concurrent-b', b.version, account.id);
    const signals = [];
    for (const j of [ja, jb, ja, jb]) signals.push([j, await k.inquiry(contactId)] as const);
    await Promise.all(signals.map(([j, e]) => j.signal('engagement', e)));

    const task = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id } }));
    await h.env.sleep('1 minute');
    await k.until(async () => (await k.mailTo('olivia@harpoon.test')).length > 0);
    await h.env.sleep('1 hour');
    expect(await h.db.salesTask.count({ where: { accountId: account.id } })).toBe(1);
    expect(task.id).toBe(`handoff/${account.id}/1`);
    expect(task.evidence).toMatchObject({ engagedContacts: [{ role: 'decision_maker', did: ['inquiry'] }] });
    const view = await h.env.client.workflow.getHandle(task.id).query(salesTaskQuery);
    expect(view).toMatchObject({ status: 'created', ownerId: owner.id });
    // Both the task and the journey that handed off carry TaskStatus, for the Web UI's lists.
    const attributes = async (id: string) => (await h.env.client.workflow.getHandle(id).describe()).typedSearchAttributes;
    expect((await attributes(task.id)).get(TaskStatus)).toBe('created');
    expect((await attributes(task.id)).get(SalesOwner)).toBe(owner.id);
    expect((await attributes(task.journeyWorkflowId)).get(TaskStatus)).toBe('created');
    const mails = await k.mailTo('olivia@harpoon.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/New sales task: concurrent\.example Inc\. is marketing-qualified/);
    const send = await h.db.emailSend.findFirstOrThrow({ where: { workflowId: task.id } });
    expect(send).toMatchObject({ status: 'sent', contactId: null, salesRepId: owner.id });
    await h.stop(ja);
    await h.stop(jb);
  });

  it('refuses invalid actions, sends a rejected account back to nurture, and hands it off again only after the cooldown', async () => {
    const owner = await k.rep('rita@harpoon.test');
    const other = await k.rep('otto@harpoon.test');
    const account = await k.ownedAccount('cooldown.example', owner.id, { tier: 2 });
    const contactId = account.contacts[0]!.id;
    const j = await h.publish(handingOff('reject-cooldown', { cooldown: '10d', onRejected: { goto: 'nurture' } }));
    const run = await h.start('reject-cooldown', j.version, account.id);
    await run.signal('engagement', await k.inquiry(contactId));
    const first = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id } }), '1 second');
    await k.until(async () => (await h.env.client.workflow.getHandle(first.id).query(salesTaskQuery)) !== undefined, '1 second');

    expect(await k.refusal(k.act(first.id, { kind: 'reject' }))).toMatch(/a rejection needs a reason: --reason bad_timing\|/);
    expect(await k.refusal(k.act(first.id, { kind: 'won' }))).toMatch(/never accepted: accept it first/);
    expect(await k.refusal(k.act(first.id, { kind: 'accept', actorId: other.id }))).toMatch(/belongs to another rep/);
    expect(await k.act(first.id, { kind: 'reject', reason: 'bad_timing', note: 'budget freeze until Q3', actorId: owner.id })).toEqual({
      taskId: first.id,
      from: 'created',
      to: 'rejected',
    });
    const rejected = await h.db.salesTask.findUniqueOrThrow({ where: { id: first.id } });
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'bad_timing', note: 'budget freeze until Q3', openAccountId: null });
    await k.until(async () => (await run.query<JourneyView>('status')).stage === 'nurture', '1 second');

    // Within the cooldown an inquiry qualifies the account again, but no task comes of it.
    await run.signal('engagement', await k.inquiry(contactId));
    await h.env.sleep('2 days');
    expect(await h.db.salesTask.count({ where: { accountId: account.id } })).toBe(1);

    await h.env.sleep('9 days');
    await run.signal('engagement', await k.inquiry(contactId));
    const second = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id, seq: 2 } }), '1 second');
    expect(second).toMatchObject({ id: `handoff/${account.id}/2`, status: 'created' });
    const timeline = (await h.db.touch.findMany({ where: { accountId: account.id, type: { startsWith: 'sales_' } }, orderBy: { at: 'asc' } })).map((t) => t.type);
    expect(timeline).toEqual(['sales_handoff', 'sales_rejected', 'sales_handoff']);
    await h.stop(run);
  });

  it('moves a won account to expand: accepted → sales-assist stage, opportunity and won stored with amounts', async () => {
    const owner = await k.rep('wendy@harpoon.test');
    const account = await k.ownedAccount('won.example', owner.id, { purchasePattern: 'continuous' });
    const j = await h.publish(
      handingOff('won-expand', { onAccepted: { goto: 'assist' } }, assistAndExpand('90d', '30d')),
    );
    const { run, task } = await k.handOff('won-expand', j.version, account);
    await k.until(async () => (await k.mailTo('wendy@harpoon.test')).length > 0, '1 second');

    await k.act(task.id, { kind: 'accept' });
    await k.until(async () => (await run.query<JourneyView>('status')).stage === 'assist', '1 second');
    // Sent to the workflow directly (the Temporal CLI or UI), a placeholder date meets the rule every door keeps.
    const placeholder = k.act(task.id, { kind: 'opportunity', amount: 48000, currency: 'EUR', closeDate: '9999-12-31' });
    expect(await k.refusal(placeholder)).toMatch(/^--close 9999-12-31 is more than 10 years ahead, expected the expected close date from \d{4}-/);
    await k.act(task.id, { kind: 'opportunity', amount: 48000, currency: 'EUR', closeDate: '2027-03-31' });
    await k.act(task.id, { kind: 'won', amount: 52000 });
    await k.until(async () => (await run.query<JourneyView>('status')).stage === 'expand', '1 second');

    // The deal was won at more than the opportunity was opened at: pipeline keeps the 48,000.
    expect(await h.db.salesTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'won',
      amount: 52000,
      opportunityAmount: 48000,
      currency: 'EUR',
      openAccountId: null,
    });
    expect((await h.db.account.findUniqueOrThrow({ where: { id: account.id } })).lifecycle).toBe('expand');
    expect(await h.env.client.workflow.getHandle(task.id).result()).toMatchObject({ status: 'won' });
    await h.stop(run);
  });

  it('turns a not_icp rejection into a negative-list proposal for a human, and the journey carries on', async () => {
    const owner = await k.rep('nina@harpoon.test');
    const account = await k.ownedAccount('not-icp.example', owner.id, { tier: 3 });
    const j = await h.publish(handingOff('not-icp'));
    const { run, task } = await k.handOff('not-icp', j.version, account);
    await k.until(async () => (await k.mailTo('nina@harpoon.test')).length > 0, '1 second');
    await k.act(task.id, { kind: 'reject', reason: 'not_icp', note: 'they build their own pumps' });

    expect((await negativeProposals(h.db)).map((p) => [p.value, p.taskId, p.note])).toEqual([['not-icp.example', task.id, 'they build their own pumps']]);
    const touch = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'sales_negative_proposed' } });
    expect((touch.detail as { text: string }).text).toMatch(/proposed for the negative list/);
    await k.until(async () => (await run.query<JourneyView>('status')).timeline.some((t) => t.text.includes('sales rejected')), '1 second');
    expect((await run.query<JourneyView>('status')).status).toBe('running');
    // Once a human excludes the account, the proposal is done.
    await h.db.account.update({ where: { id: account.id }, data: { poolStatus: 'excluded' } });
    expect(await negativeProposals(h.db)).toEqual([]);
    await h.stop(run);
  });

  it("hands a paused journey's account to nobody, however it engages, and asks again when the journey resumes", async () => {
    const owner = await k.rep('paula@harpoon.test');
    const account = await k.ownedAccount('paused-handoff.example', owner.id);
    const j = await h.publish(handingOff('paused-handoff'));
    const run = await h.start('paused-handoff', j.version, account.id);
    await k.until(async () => (await run.query<JourneyView>('status')).step !== undefined, '1 second');
    await run.signal('pause', { reason: 'the account is in a legal dispute' });
    await run.signal('engagement', await k.inquiry(account.contacts[0]!.id));

    await k.until(async () => (await run.query<JourneyView>('status')).timeline.some((t) => t.text.startsWith('inquiry')), '1 second');
    await h.env.sleep('3 days');
    expect(await h.db.salesTask.count({ where: { accountId: account.id } })).toBe(0);
    expect(await k.mailTo('paula@harpoon.test')).toEqual([]);
    expect((await run.query<JourneyView>('status')).status).toBe('paused');

    await steerJourneys(h.db, h.env.client, { accountId: account.id }, 'resume', 'the dispute is settled');
    const task = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id } }), '1 second');
    expect(task.evidence).toMatchObject({ engagedContacts: [{ did: ['inquiry'] }] });
    await k.until(async () => (await k.mailTo('paula@harpoon.test')).length > 0, '1 minute');
    // On the timeline the resume comes first and the handoff after it, as they happened.
    const steps = (await accountTimeline(h.db, account.id)).filter((t) => ['journey_resumed', 'sales_handoff'].includes(t.type));
    expect(steps.map((t) => t.type)).toEqual(['journey_resumed', 'sales_handoff']);
    await h.stop(run);
  });

  it('hands off on an inquiry delivered after the launch that happened just before it, as the trigger it also fires takes it', async () => {
    const owner = await k.rep('lena@harpoon.test');
    const account = await k.ownedAccount('late-form.example', owner.id);
    const j = await h.publish(handingOff('late-form'));
    const run = await h.start('late-form', j.version, account.id);
    await k.until(async () => (await run.query<JourneyView>('status')).step !== undefined, '1 second');
    // A form filled an hour before the launch, brought by an hourly sync after it.
    const late = await k.inquiry(account.contacts[0]!.id);
    await run.signal('engagement', { ...late, atMs: late.atMs - 3_600_000 });
    const task = await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id } }), '1 second');
    expect(task.trigger).toBe('mqa');
    await h.stop(run);
  });

  it('says, when sales reject an accepted account whose journey has ended, that no journey takes it back', async () => {
    const owner = await k.rep('rory@harpoon.test');
    const account = await k.ownedAccount('accepted-then-not.example', owner.id);
    const j = await h.publish(handingOff('accepted-then-not'));
    const { run, task } = await k.handOff('accepted-then-not', j.version, account);
    await k.until(async () => (await h.env.client.workflow.getHandle(task.id).query(salesTaskQuery)) !== undefined, '1 second');
    const temporal = async () => h.env.client;
    expect(await actOnTask(h.db, temporal, operator, task.id, { kind: 'accept' })).toEqual({ taskId: task.id, from: 'created', to: 'accepted' });
    expect((await run.result()).exitReason).toBe('handoff_accepted');
    const note = 'no journey of accepted-then-not.example is running, so none takes it back into nurture: marketing can launch one for it ("harpoon journeys launch <journey> --account accepted-then-not.example")';
    expect(await actOnTask(h.db, temporal, operator, task.id, { kind: 'lost', reason: 'no_budget' })).toEqual({ taskId: task.id, from: 'accepted', to: 'lost', note });
  });

  it('shows that note in the console too, where the action returns to the task page', async () => {
    const owner = await k.rep('rhea@harpoon.test');
    const account = await k.ownedAccount('accepted-then-rejected.example', owner.id);
    const j = await h.publish(handingOff('accepted-then-rejected'));
    const { run, task } = await k.handOff('accepted-then-rejected', j.version, account);
    await k.until(async () => (await h.env.client.workflow.getHandle(task.id).query(salesTaskQuery)) !== undefined, '1 second');
    expect(await actOnTask(h.db, async () => h.env.client, operator, task.id, { kind: 'accept' })).toMatchObject({ to: 'accepted' });
    expect((await run.result()).exitReason).toBe('handoff_accepted');

    const server = await startDoors(h.db, 'console-note-secret-0123456789', async () => h.env.client);
    try {
      const key = (await createApiKey(h.db, { name: 'rhea', role: 'sales', repEmail: 'rhea@harpoon.test' })).secret;
      const cookie = await consoleCookie(server.url, key);
      const page = `${server.url}/console/tasks/${encodeURIComponent(task.id)}`;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await fetch(page, { headers: { cookie } })).text())![1]!;
      const rejected = await fetch(`${page}/reject`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, reason: 'no_budget' }).toString(),
      });
      expect(rejected.status).toBe(200);
      const body = await rejected.text();
      expect(body).toContain('Rejected. Note: no journey of accepted-then-rejected.example is running, so none takes it back into nurture');
      expect(body).toContain('<span class="badge">rejected</span>');
    } finally {
      await server.stop();
    }
  });

  it('hands no account that left the pool to sales, however it engages: the journey and the timeline say why', async () => {
    const owner = await k.rep('otis@harpoon.test');
    const account = await k.ownedAccount('left-the-pool.example', owner.id);
    const j = await h.publish(handingOff('left-pool'));
    const run = await h.start('left-pool', j.version, account.id);
    await k.until(async () => (await run.query<JourneyView>('status')).step !== undefined, '1 second');
    // Excluded by a write that tells no journey: the request itself must refuse.
    await h.db.account.update({ where: { id: account.id }, data: { poolStatus: 'excluded' } });
    await run.signal('engagement', await k.inquiry(account.contacts[0]!.id));

    await k.until(async () => (await run.query<JourneyView>('status')).timeline.some((t) => t.text === 'qualified for sales, but the account is excluded: not handed off'), '1 second');
    expect(await h.db.salesTask.count({ where: { accountId: account.id } })).toBe(0);
    const touch = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'sales_handoff_not_made' } });
    expect(touch.detail).toMatchObject({ text: 'not handed to sales although it qualified: the account is excluded' });
    await h.env.sleep('1 hour');
    expect(await k.mailTo('otis@harpoon.test')).toEqual([]);
    await h.stop(run);
  });
});
