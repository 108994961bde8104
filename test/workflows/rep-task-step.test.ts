// The rep_task step on the time-skipping server with real activities, a real database file and a
// real SMTP sink: the task reaches the account's owner with its due time on the owner's clock, the
// journey waits until the rep closes it (through the same use-case as the doors) or the timeout
// expires it, the contact caps count it as a touch both ways, an activity retry creates nothing twice,
// a journey stopped (or ended because nobody may be contacted) cancels what it left open, and so do a
// contact leaving `subscribed` (unsubscribe, bounce, erasure, an import) for the tasks about them and
// an account leaving the pool (retired, excluded) for all of its own.
import { describe, expect, it } from 'vitest';
import { operator } from '../../domain/access/acting-user';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { contactImporter } from '../../accounts/import-contacts';
import { recordEngagement } from '../../engagement/record-engagement';
import { erasePersonalData } from '../../use-cases/personal-data';
import { closeRepTask, openRepTasks } from '../../use-cases/rep-tasks';
import { retireAccount } from '../../accounts/manual-changes';
import { addNegativeRule, parseRuleKey } from '../../accounts/negative-list';
import { contactHeader, importContext, importFile } from '../accounts/helpers';
import { accountTimeline } from '../../timeline/account-timeline';
import type { JourneyView } from '../../workflows/journey-api';
import type { JourneyHarness } from '../support/journey-harness';
import { localTime, type SalesKit, withSalesHarness } from '../support/sales';

let h: JourneyHarness;
let k: SalesKit;
// A worker that dies right after writing the first task of the journey `retried`: the activity is retried.
const diedAfter = new Set<string>();
withSalesHarness(
  (made) => ({ h, k } = made),
  {
    // A rep's close reaches the waiting journey through the outbox, as on a worker node.
    dispatcher: true,
    repTaskFaults: {
      afterCreate: (key) => {
        if (!key.startsWith('journey/retried/') || diedAfter.has(key)) return;
        diedAfter.add(key);
        throw new Error('the worker died after writing the task');
      },
    },
  },
);

const noQuietHours = { quietHours: { start: '00:00', end: '00:00', weekends: false } };
const call = (extra: Record<string, unknown> = {}) => ({
  id: 'call-cfo',
  type: 'rep_task',
  channel: 'call',
  title: 'Call the CFO about the pilot',
  instructions: 'Ask who signs off the budget.',
  about: { roles: ['budget_holder'] },
  due: { after: '2d', at: '10:00' },
  ...extra,
});
const journey = (key: string, steps: unknown[], policy: Record<string, unknown> = noQuietHours) => ({
  key,
  name: key,
  policy,
  stages: [{ key: 'engage', steps: [...steps, { id: 'after', type: 'wait', duration: '60d' }] }],
});

async function buyingGroup(domain: string, ownerId: string | null, timezone = 'America/New_York') {
  const account = await h.account({
    domain,
    timezone,
    contacts: [
      { email: `cto@${domain}`, role: 'decision_maker', seniority: 'executive' },
      { email: `cfo@${domain}`, role: 'budget_holder', seniority: 'executive' },
    ],
  });
  if (ownerId) await h.db.account.update({ where: { id: account.id }, data: { ownerId } });
  return account;
}

/** 2026-12-08 10:00 */
const localStamp = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

const view = (run: { query: (q: string) => Promise<unknown> }) => run.query('status') as Promise<JourneyView>;
const touches = (accountId: string) => h.db.touch.findMany({ where: { accountId, type: { startsWith: 'rep_task' } }, orderBy: { at: 'asc' } });

describe('rep_task step', () => {
  it("creates the task for the owner, due on the owner's clock, waits, and moves on when the rep marks it done", async () => {
    const owner = await k.rep('tomoko@harpoon.test', { timezone: 'Asia/Tokyo' });
    const account = await buyingGroup('tokyo-owned.example', owner.id);
    const j = await h.publish(journey('call-and-wait', [call({ wait: { timeout: '10d' } })]));
    const run = await h.start('call-and-wait', j.version, account.id);

    const task = await k.until(() => h.db.repTask.findFirst({ where: { accountId: account.id } }), '1 second');
    const cfo = account.contacts.find((c) => c.role === 'budget_holder')!;
    expect(task).toMatchObject({ ownerId: owner.id, contactId: cfo.id, channel: 'call', status: 'open', timeZone: 'Asia/Tokyo', waits: true });
    // 10:00 in Tokyo, which is not 10:00 in the account's New York; two business days on.
    expect(localTime(task.dueAt.getTime(), 'Asia/Tokyo')).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 10$/);
    expect(localTime(task.dueAt.getTime(), 'America/New_York')).not.toMatch(/ 10$/);
    expect(task.dueAt.getTime() - task.createdAt.getTime()).toBeGreaterThanOrEqual(86_400_000);

    await h.env.sleep('1 day');
    expect(await view(run)).toMatchObject({ status: 'running', step: { id: 'call-cfo', type: 'rep_task' } });

    const closed = await closeRepTask(h.db, { role: 'sales', rep: { id: owner.id, email: owner.email } }, task.id, { outcome: 'done', note: 'Budget is approved for Q3' });
    expect(closed).toMatchObject({ id: task.id, status: 'done', note: 'Budget is approved for Q3', owner: 'tomoko@harpoon.test' });
    await k.until(async () => (await view(run)).step?.id === 'after', '1 second');
    expect((await touches(account.id)).map((t) => t.type)).toEqual(['rep_task_created', 'rep_task_done']);
    const words = (await accountTimeline(h.db, account.id)).filter((r) => r.type.startsWith('rep_task')).map((r) => `${r.person}: ${r.summary}`);
    expect(words).toEqual([
      // On the owner's clock, as the rep reads it.
      `cfo Tester: rep task for tomoko@harpoon.test: call "Call the CFO about the pilot", due ${localStamp(task.dueAt, 'Asia/Tokyo')} (Asia/Tokyo)`,
      'cfo Tester: rep task call "Call the CFO about the pilot" done by tomoko@harpoon.test: Budget is approved for Q3',
    ]);

    await expect(closeRepTask(h.db, operator, task.id, { outcome: 'skipped', note: 'late' })).rejects.toThrow(/rep task .* is already done .*only an open task can be marked done or skipped/);
    await expect(closeRepTask(h.db, operator, 'no-such-task', { outcome: 'done' })).rejects.toThrow(/No rep task "no-such-task"/);
    await h.stop(run);
  });

  it('expires the task when nobody closes it in time; an account without an owner gives it to the sales queue', async () => {
    const account = await buyingGroup('unowned.example', null, 'Europe/Berlin');
    const j = await h.publish(journey('call-expires', [call({ wait: { timeout: '3d' } })]));
    const run = await h.start('call-expires', j.version, account.id);
    const task = await k.until(() => h.db.repTask.findFirst({ where: { accountId: account.id } }), '1 second');
    expect(task).toMatchObject({ ownerId: null, timeZone: 'Europe/Berlin' });
    expect(localTime(task.dueAt.getTime(), 'Europe/Berlin')).toMatch(/ 10$/);

    await h.env.sleep('3 days');
    await k.until(async () => (await view(run)).step?.id === 'after', '1 minute');
    expect(await h.db.repTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'expired' });
    const recorded = await touches(account.id);
    expect(recorded.map((t) => t.type)).toEqual(['rep_task_created', 'rep_task_expired']);
    expect(recorded[0]!.detail).toMatchObject({ owner: null, queue: expect.stringMatching(/sales queue/) });
    await expect(closeRepTask(h.db, operator, task.id, { outcome: 'done' })).rejects.toThrow(/is already expired/);
    await h.stop(run);
  });

  it("counts in the account's caps like a touch: a task over the cap is not created, and a created one holds back a later email", async () => {
    const owner = await k.rep('carla@harpoon.test');
    const onePerWeek = { ...noQuietHours, perAccount: { max: 1, windowDays: 7 } };
    const email = { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['decision_maker'] } };

    const emailFirst = await buyingGroup('email-first.example', owner.id);
    const a = await h.publish(journey('email-then-call', [email, call()], onePerWeek));
    const runA = await h.start('email-then-call', a.version, emailFirst.id);
    await k.until(async () => (await view(runA)).step?.id === 'after', '1 second');
    expect(await h.db.repTask.count({ where: { accountId: emailFirst.id } })).toBe(0);
    const [skipped] = await touches(emailFirst.id);
    expect(skipped).toMatchObject({ type: 'rep_task_skipped', detail: { reason: 'cap:account', channel: 'call' } });

    const callFirst = await buyingGroup('call-first.example', owner.id);
    const b = await h.publish(journey('call-then-email', [call(), email], onePerWeek));
    const runB = await h.start('call-then-email', b.version, callFirst.id);
    await k.until(async () => (await view(runB)).step?.id === 'after', '1 second');
    // No wait on the task: the journey moved on at once, and the email found the account's cap used.
    expect(await h.db.repTask.findFirstOrThrow({ where: { accountId: callFirst.id } })).toMatchObject({ status: 'open', waits: false });
    expect(await h.db.emailSend.findFirstOrThrow({ where: { accountId: callFirst.id } })).toMatchObject({ status: 'skipped', skipReason: 'cap:account' });
    await h.stop(runA);
    await h.stop(runB);
  });

  it('creates no task for a contact who unsubscribed', async () => {
    const owner = await k.rep('uma@harpoon.test');
    const account = await buyingGroup('said-no.example', owner.id);
    await h.db.contact.updateMany({ where: { accountId: account.id, role: 'budget_holder' }, data: { consent: 'unsubscribed' } });
    const j = await h.publish(journey('call-said-no', [call()]));
    const run = await h.start('call-said-no', j.version, account.id);
    await k.until(async () => (await view(run)).step?.id === 'after', '1 second');
    expect(await h.db.repTask.count({ where: { accountId: account.id } })).toBe(0);
    expect((await touches(account.id))[0]).toMatchObject({ type: 'rep_task_skipped', detail: { reason: 'consent:unsubscribed' } });
    await h.stop(run);
  });

  it('creates the task once when the activity is retried after writing it', async () => {
    const owner = await k.rep('rory@harpoon.test');
    const account = await buyingGroup('retry.example', owner.id);
    const j = await h.publish(journey('retried', [call()]));
    const run = await h.start('retried', j.version, account.id);
    await k.until(async () => (await view(run)).step?.id === 'after', '1 second');
    expect(diedAfter.size).toBe(1);
    expect(await h.db.repTask.count({ where: { accountId: account.id } })).toBe(1);
    expect((await touches(account.id)).map((t) => t.type)).toEqual(['rep_task_created']);
    await h.stop(run);
  });

  it('cancels the tasks a stopped journey left open, waited for or not: the rep no longer has them and they stop counting', async () => {
    const owner = await k.rep('stella@harpoon.test');
    const rep = { role: 'sales' as const, rep: { id: owner.id, email: owner.email } };
    const account = await buyingGroup('stopped.example', owner.id);
    const letter = { id: 'letter-cto', type: 'rep_task', channel: 'direct_mail', title: 'Send the CTO the book', about: { roles: ['decision_maker'] }, due: { after: '1d' } };
    const j = await h.publish(journey('stop-with-tasks', [letter, call({ wait: { timeout: '10d' } })]));
    const run = await h.start('stop-with-tasks', j.version, account.id);
    await k.until(async () => (await view(run)).step?.id === 'call-cfo' && (await h.db.repTask.count({ where: { accountId: account.id } })) === 2, '1 second');
    expect((await openRepTasks(h.db, rep)).map((t) => t.title).sort()).toEqual(['Call the CFO about the pilot', 'Send the CTO the book']);

    await h.stop(run, 'marketing paused the programme');
    const tasks = await h.db.repTask.findMany({ where: { accountId: account.id }, orderBy: { createdAt: 'asc' } });
    expect(tasks.map((t) => [t.title, t.status, t.closedById])).toEqual([
      ['Send the CTO the book', 'cancelled', null],
      ['Call the CFO about the pilot', 'cancelled', null],
    ]);
    expect(tasks.every((t) => t.closedAt !== null)).toBe(true);
    expect(await openRepTasks(h.db, rep)).toEqual([]);
    await expect(closeRepTask(h.db, rep, tasks[1]!.id, { outcome: 'done', note: 'called anyway' })).rejects.toThrow(/is already cancelled/);
    const words = (await accountTimeline(h.db, account.id)).filter((r) => r.type === 'rep_task_cancelled').map((r) => r.summary);
    expect(words.sort()).toEqual([
      'rep task call "Call the CFO about the pilot" cancelled: the journey was stopped: marketing paused the programme',
      'rep task direct_mail "Send the CTO the book" cancelled: the journey was stopped: marketing paused the programme',
    ]);
    // Open, the two tasks would use up a cap of two touches a week: another journey's email now goes out.
    const email = { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['decision_maker'] } };
    const e = await h.publish(journey('email-after-stop', [email], { ...noQuietHours, perAccount: { max: 2, windowDays: 7 } }));
    const next = await h.start('email-after-stop', e.version, account.id);
    const send = await k.until(() => h.db.emailSend.findFirst({ where: { accountId: account.id, status: { not: 'queued' } } }), '1 second');
    expect(send).toMatchObject({ status: 'sent' });
    await h.stop(next);
  });

  it('cancels them when the journey ends because nobody may be contacted, and leaves them to the rep when it runs to its end', async () => {
    const owner = await k.rep('nadia@harpoon.test');
    const gone = await buyingGroup('nobody-left.example', owner.id);
    const j = await h.publish({ ...journey('tasks-then-goal', [call()]), goals: [{ when: 'all_contacts_unsubscribed', exit: 'nobody_left' }] });
    const run = await h.start('tasks-then-goal', j.version, gone.id);
    const task = await k.until(() => h.db.repTask.findFirst({ where: { accountId: gone.id } }), '1 second');
    await h.db.contact.updateMany({ where: { accountId: gone.id }, data: { consent: 'unsubscribed' } });
    for (const c of gone.contacts) await run.signal('contactChanged', { version: 1, contactId: c.id, change: 'consent', consent: 'unsubscribed' });
    await k.until(async () => (await h.db.journeyRun.findUnique({ where: { workflowId: run.workflowId } }))?.status === 'completed', '1 second');
    expect(await h.db.repTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'cancelled' });
    expect((await touches(gone.id)).map((t) => t.type)).toEqual(['rep_task_created', 'rep_task_cancelled']);

    const planned = await buyingGroup('ran-to-end.example', owner.id);
    const p = await h.publish({ key: 'task-at-the-end', name: 'task-at-the-end', policy: noQuietHours, stages: [{ key: 'engage', steps: [call()] }] });
    const last = await h.start('task-at-the-end', p.version, planned.id);
    await k.until(async () => (await h.db.journeyRun.findUnique({ where: { workflowId: last.workflowId } }))?.status === 'completed', '1 second');
    expect(await h.db.repTask.findFirstOrThrow({ where: { accountId: planned.id } })).toMatchObject({ status: 'open' });
  });

  it('takes back the open tasks about a contact nobody may contact any more: unsubscribed, bounced, erased, or made do-not-contact by an import', async () => {
    const owner = await k.rep('otto@harpoon.test');
    const task = (id: string, roles: string[]) => ({ id, type: 'rep_task', channel: 'linkedin', title: `Connect with the ${roles[0]}`, about: { roles }, due: { after: '1d' } });
    const email = { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['budget_holder'] } };
    // The email waits out the contact policy's gap after the task about the same person.
    const j = await h.publish(journey('tasks-then-email', [task('t-cfo', ['budget_holder']), task('t-cto', ['decision_maker']), { id: 'gap', type: 'wait', duration: '3d' }, email]));
    const started = async (domain: string, cfo: string) => {
      const account = await h.account({ domain, contacts: [{ email: `cto@${domain}`, role: 'decision_maker' }, { email: cfo, role: 'budget_holder' }] });
      await h.db.account.update({ where: { id: account.id }, data: { ownerId: owner.id } });
      const run = await h.start('tasks-then-email', j.version, account.id);
      await k.until(async () => (await view(run)).step?.id === 'gap', '1 second');
      const cfoId = account.contacts.find((c) => c.role === 'budget_holder')!.id;
      return { account, run, cfoId };
    };
    const statusesOf = async (accountId: string) =>
      Object.fromEntries((await h.db.repTask.findMany({ where: { accountId } })).map((t) => [t.stepPath.split('#')[0], t.status]));
    const cancelledWhy = async (accountId: string) => (await touches(accountId)).filter((t) => t.type === 'rep_task_cancelled').map((t) => (t.detail as { why: string }).why);

    // Unsubscribed from a link, reported two days after it happened: the consent dates from then,
    // the task was taken back now (not before it was made).
    const a = await started('unsubscribes.example', 'cfo@unsubscribes.example');
    expect(await statusesOf(a.account.id)).toEqual({ 'engage/t-cfo': 'open', 'engage/t-cto': 'open' });
    const reportedAt = Date.now();
    const clicked = new Date(reportedAt - 2 * 86_400_000);
    await recordEngagement(h.db, { type: 'unsubscribed', contact: { id: a.cfoId }, source: 'test', at: clicked });
    expect(await statusesOf(a.account.id)).toEqual({ 'engage/t-cfo': 'cancelled', 'engage/t-cto': 'open' });
    expect(await cancelledWhy(a.account.id)).toEqual(['the contact unsubscribed: nobody may contact them now']);
    expect(await h.db.contact.findUniqueOrThrow({ where: { id: a.cfoId } })).toMatchObject({ consent: 'unsubscribed', consentAt: clicked });
    const takenBack = await h.db.repTask.findFirstOrThrow({ where: { accountId: a.account.id, status: 'cancelled' } });
    expect(takenBack.closedAt!.getTime()).toBeGreaterThanOrEqual(reportedAt);

    // A bounce the relay reported after it took a message (an engagement event, not the send path).
    const e = await started('reported-bounce.example', 'cfo@reported-bounce.example');
    await recordEngagement(h.db, { type: 'bounced', contact: { id: e.cfoId }, source: 'api' });
    expect(await h.db.contact.findUniqueOrThrow({ where: { id: e.cfoId } })).toMatchObject({ consent: 'bounced', consentSource: 'bounce (api)' });
    expect(await statusesOf(e.account.id)).toEqual({ 'engage/t-cfo': 'cancelled', 'engage/t-cto': 'open' });
    expect(await cancelledWhy(e.account.id)).toEqual(["the contact's address hard-bounced: nobody may contact them now"]);
    const reported = (await accountTimeline(h.db, e.account.id)).find((r) => r.type === 'bounced');
    expect(reported?.summary).toBe('an email bounced (reported by api): the address is suppressed everywhere');

    // The journey's own email to the CFO hard-bounced (the harness's relay refuses bounce-* addresses).
    const b = await started('bounces.example', 'bounce-cfo@bounces.example');
    await h.env.sleep('3 days');
    await k.until(async () => (await view(b.run)).step?.id === 'after', '1 second');
    expect(await h.db.emailSend.findFirstOrThrow({ where: { accountId: b.account.id } })).toMatchObject({ status: 'bounced' });
    expect(await statusesOf(b.account.id)).toEqual({ 'engage/t-cfo': 'cancelled', 'engage/t-cto': 'open' });
    expect(await cancelledWhy(b.account.id)).toEqual(["the contact's address hard-bounced: nobody may contact them now"]);

    // Erased on their request.
    const c = await started('erased.example', 'cfo@erased.example');
    await erasePersonalData(h.db, 'cfo@erased.example', { reason: 'their request', outboxDir: h.outboxDir });
    expect(await statusesOf(c.account.id)).toEqual({ 'engage/t-cfo': 'cancelled', 'engage/t-cto': 'open' });
    expect(await cancelledWhy(c.account.id)).toEqual(['the person was erased on their request: nobody may contact them now']);

    // A contacts file that marks the CFO do-not-contact; the CTO's row changes only a title.
    const d = await started('imported.example', 'cfo@imported.example');
    const file = path.join(h.outboxDir, '..', 'dnc.csv');
    writeFileSync(file, `${contactHeader}\ncfo@imported.example,imported.example,,,,budget_holder,,,do_not_contact,phone call,\ncto@imported.example,imported.example,,,CTO,decision_maker,,,,,\n`);
    await importFile(h.db, contactImporter({ createAccounts: false }), file);
    expect(await statusesOf(d.account.id)).toEqual({ 'engage/t-cfo': 'cancelled', 'engage/t-cto': 'open' });
    expect(await cancelledWhy(d.account.id)).toEqual(['the contact is marked do-not-contact: nobody may contact them now']);

    for (const x of [a, b, c, d, e]) await h.stop(x.run);
  });

  it('tells a journey waiting for a task that the task was taken back, and the journey goes on at once instead of at its timeout', async () => {
    const owner = await k.rep('wanda@harpoon.test');
    const account = await buyingGroup('waits-then-unsubscribes.example', owner.id);
    const j = await h.publish(journey('call-wait-unsubscribe', [call({ wait: { timeout: '10d' } })]));
    const run = await h.start('call-wait-unsubscribe', j.version, account.id);
    const task = await k.until(() => h.db.repTask.findFirst({ where: { accountId: account.id } }), '1 second');
    expect(await view(run)).toMatchObject({ step: { id: 'call-cfo' } });

    const cfo = account.contacts.find((c) => c.role === 'budget_holder')!;
    await recordEngagement(h.db, { type: 'unsubscribed', contact: { id: cfo.id }, source: 'test' });
    const after = await k.until(async () => {
      const v = await view(run);
      return v.step?.id === 'after' && v;
    }, '1 second');
    // The 60-day wait after the task began within minutes of the task, not ten days on.
    expect(after.nextWakeAtMs! - task.createdAt.getTime()).toBeLessThan(61 * 86_400_000);
    expect(after.timeline.map((t) => t.text)).toContain(`rep task ${task.id} cancelled`);
    expect(await h.db.repTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'cancelled' });
    await h.stop(run);
  });

  it('takes back the open tasks of an account leaving the pool, retired or put on the negative list, and its journeys end by their goal', async () => {
    const owner = await k.rep('pia@harpoon.test');
    const j = await h.publish(journey('task-then-pool-change', [call()]));
    const withTask = async (domain: string) => {
      const account = await buyingGroup(domain, owner.id);
      const run = await h.start('task-then-pool-change', j.version, account.id);
      await k.until(async () => (await view(run)).step?.id === 'after', '1 second');
      return { account, run };
    };
    const taskOf = (accountId: string) => h.db.repTask.findFirstOrThrow({ where: { accountId } });
    const why = async (accountId: string) => (await touches(accountId)).filter((t) => t.type === 'rep_task_cancelled').map((t) => (t.detail as { why: string }).why);

    const retired = await withTask('retired-now.example');
    const kept = await withTask('kept.example');
    await retireAccount(h.db, 'retired-now.example', 'bought a competitor', importContext());
    expect(await taskOf(retired.account.id)).toMatchObject({ status: 'cancelled' });
    expect(await why(retired.account.id)).toEqual(['the account was retired: no journey touches it now']);

    const excluded = await withTask('excluded-now.example');
    await addNegativeRule(h.db, parseRuleKey('excluded-now.example'), 'competitor', undefined, importContext());
    expect(await taskOf(excluded.account.id)).toMatchObject({ status: 'cancelled' });
    expect(await why(excluded.account.id)).toEqual(['the account was excluded: no journey touches it now']);
    expect(await taskOf(kept.account.id)).toMatchObject({ status: 'open' });

    // The journeys hear it through the outbox and end, instead of running on with every touch skipped.
    const ended = (workflowId: string) => k.until(() => h.db.journeyRun.findFirst({ where: { workflowId, status: { not: 'running' } } }), '1 second');
    for (const x of [retired, excluded]) {
      expect(await ended(x.run.workflowId)).toMatchObject({ status: 'completed', exitReason: 'account_retired' });
    }
    expect(await h.db.journeyRun.findFirstOrThrow({ where: { workflowId: kept.run.workflowId } })).toMatchObject({ status: 'running' });
    await h.stop(kept.run);
  });
});
