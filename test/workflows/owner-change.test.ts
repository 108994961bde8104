// An account that changes hands in an accounts import takes its open work along, on the
// time-skipping server with the real worker, the journey dispatcher, a database file and the SMTP
// sink: its open sales task and rep tasks go to the new owner, who is told and may act; the old
// owner may not.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountImporter } from '../../accounts/import-accounts';
import { SalesOwner } from '../../temporal/search-attributes';
import { findTask } from '../../use-cases/sales-tasks';
import { closeRepTask } from '../../use-cases/rep-tasks';
import { salesTaskQuery } from '../../workflows/sales-api';
import { importFile, writeLines } from '../accounts/helpers';
import type { JourneyHarness } from '../support/journey-harness';
import { handingOff, type SalesKit, withSalesHarness } from '../support/sales';

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made), { dispatcher: true });

describe('an account that changes hands', () => {
  it('hands its open sales task and rep tasks to the new owner, who is told and may act, and the old owner may not', async () => {
    const olivia = await k.rep('olivia@harpoon.test');
    const oscar = await k.rep('oscar@harpoon.test');
    const account = await k.ownedAccount('changes-hands.example', olivia.id);
    const j = await h.publish(handingOff('changes-hands'));
    const { run, task } = await k.handOff('changes-hands', j.version, account);
    await k.until(async () => (await k.mailTo('olivia@harpoon.test')).length > 0);
    const call = await h.db.repTask.create({
      data: {
        idempotencyKey: `${run.workflowId}|engage/call`, accountId: account.id, contactId: account.contacts[0]!.id, ownerId: olivia.id,
        workflowId: run.workflowId, journeyKey: 'changes-hands', stepPath: 'engage/call', channel: 'call', title: 'Call the CFO',
        timeZone: 'UTC', dueAt: new Date(Date.now() + 86_400_000), waits: false, status: 'open', createdAt: new Date(),
      },
    });

    const file = writeLines(mkdtempSync(path.join(os.tmpdir(), 'owner-change-')), 'owners.csv', ['domain,name,owner_email', 'changes-hands.example,Changes Hands Inc.,Oscar@harpoon.test']);
    const report = await importFile(h.db, accountImporter, file);
    expect(report.notes).toContain("1 open sales task and 1 open rep task went to their account's new owner");
    expect(await h.db.salesTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ ownerId: oscar.id });
    expect(await h.db.repTask.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ ownerId: oscar.id });
    const moved = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'sales_task_reassigned' } });
    expect(moved.detail).toMatchObject({ text: `handoff task ${task.id} moved from olivia@harpoon.test to oscar@harpoon.test: the account's owner changed in the import of owners.csv` });
    const movedCall = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'rep_task_reassigned' } });
    expect(movedCall.detail).toMatchObject({ taskId: call.id, text: `rep task "Call the CFO" moved from olivia@harpoon.test to oscar@harpoon.test: the account's owner changed in the import of owners.csv` });
    // Reach events (handoff.reassigned, rep_task.reassigned): the new owner's chat channels and webhooks hear them.
    expect(await h.db.reachFeed.count({ where: { touchId: { in: [moved.id, movedCall.id] } } })).toBe(2);

    // The task's workflow hears it through the outbox: its owner, its search attribute, a notice to Oscar.
    const handle = h.env.client.workflow.getHandle(task.id);
    await k.until(async () => (await handle.query(salesTaskQuery)).ownerId === oscar.id, '1 second');
    expect((await handle.describe()).typedSearchAttributes.get(SalesOwner)).toBe(oscar.id);
    const told = await k.until(async () => (await k.mailTo('oscar@harpoon.test')).at(0), '1 second');
    expect(told.subject).toMatch(/New sales task: Changes Hands Inc\. is marketing-qualified/);

    expect(await k.refusal(k.act(task.id, { kind: 'accept', actorId: olivia.id }))).toMatch(/belongs to another rep/);
    // Olivia following her old email's link learns where it went, not only that it is not hers.
    const asOlivia = { role: 'sales' as const, rep: { id: olivia.id, email: 'olivia@harpoon.test' } };
    await expect(findTask(h.db, asOlivia, task.id)).rejects.toThrow(
      `${task.id} moved from you to oscar@harpoon.test on ${moved.at.toISOString().slice(0, 10)}, when changes-hands.example changed hands: it is theirs to answer now`,
    );
    await expect(closeRepTask(h.db, asOlivia, call.id, { outcome: 'done' })).rejects.toThrow(
      `rep task ${call.id} moved from you to oscar@harpoon.test on ${movedCall.at.toISOString().slice(0, 10)}, when changes-hands.example changed hands: it is theirs to close now`,
    );
    expect(await k.act(task.id, { kind: 'accept', actorId: oscar.id })).toMatchObject({ from: 'created', to: 'accepted' });

    // The same file again changes nothing and tells nobody again.
    const again = await importFile(h.db, accountImporter, file);
    expect(again.notes.join(' ')).not.toContain('new owner');
    await h.env.sleep('1 hour');
    expect(await k.mailTo('oscar@harpoon.test')).toHaveLength(1);
    // Accepted, the journey met its goal: the rep task stays with the rep who owns the account now.
    expect((await run.result()).exitReason).toBe('handoff_accepted');
  });

  it("takes the new owner's action at once, before the task's workflow has heard that the account changed hands", async () => {
    const paula = await k.rep('paula@harpoon.test');
    const quinn = await k.rep('quinn@harpoon.test');
    const account = await k.ownedAccount('hands-over-fast.example', paula.id);
    const j = await h.publish(handingOff('hands-over-fast'));
    const { run, task } = await k.handOff('hands-over-fast', j.version, account);
    await k.until(async () => (await h.env.client.workflow.getHandle(task.id).query(salesTaskQuery)).status === 'created', '1 second');
    // The database says Quinn (as an import has just written it); the owner signal is not out yet.
    await h.db.account.update({ where: { id: account.id }, data: { ownerId: quinn.id } });
    await h.db.salesTask.update({ where: { id: task.id }, data: { ownerId: quinn.id } });

    expect(await k.act(task.id, { kind: 'accept', actorId: quinn.id })).toMatchObject({ from: 'created', to: 'accepted' });
    const handle = h.env.client.workflow.getHandle(task.id);
    expect(await handle.query(salesTaskQuery)).toMatchObject({ ownerId: quinn.id, status: 'accepted' });
    expect((await handle.describe()).typedSearchAttributes.get(SalesOwner)).toBe(quinn.id);
    // Someone the database does not name is still refused, after the same look.
    const other = await k.rep('rita@harpoon.test');
    expect(await k.refusal(k.act(task.id, { kind: 'opportunity', actorId: other.id, amount: 1000, currency: 'EUR', closeDate: '2027-06-30' }))).toMatch(/belongs to another rep/);
    expect((await run.result()).exitReason).toBe('handoff_accepted');
  });

  it('asks the queue again at once when a queued handoff changes hands: the new owner with room today gets it now', async () => {
    const diego = await k.rep('diego@harpoon.test', { dailyCapacity: 1 });
    const emily = await k.rep('emily@harpoon.test');
    const j = await h.publish(handingOff('queued-hands'));
    const runs = [];
    for (const domain of ['first-in-line.example', 'second-in-line.example']) runs.push(await k.handOff('queued-hands', j.version, await k.ownedAccount(domain, diego.id, { tier: 2 })));
    const queued = runs.find((r) => r.task.status === 'queued');
    if (!queued) throw new Error('both handoffs fit in one day: the second should have queued');
    const domain = (await h.db.account.findUniqueOrThrow({ where: { id: queued.task.accountId } })).domain;

    const file = writeLines(mkdtempSync(path.join(os.tmpdir(), 'owner-change-')), 'owners.csv', ['domain,name,owner_email', `${domain},${domain},emily@harpoon.test`]);
    await importFile(h.db, accountImporter, file);
    await k.until(async () => (await h.db.salesTask.findUniqueOrThrow({ where: { id: queued.task.id } })).status === 'created', '1 second');
    expect((await h.env.client.workflow.getHandle(queued.task.id).query(salesTaskQuery)).ownerId).toBe(emily.id);
    await k.until(async () => (await k.mailTo('emily@harpoon.test')).length === 1, '1 second');
    for (const r of runs) await h.stop(r.run);
  });
});
