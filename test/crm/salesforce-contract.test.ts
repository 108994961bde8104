// Contract tests of outbound CRM sync with Salesforce: syncEventToCrm against a local server that
// implements the Salesforce REST calls it makes, as documented (salesforce-contract-server.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceConnection } from '../../reach/crm/crm-connection';
import { CrmError } from '../../reach/crm/crm-error';
import { syncEventToCrm } from '../../reach/crm/sync-event';
import { useFreshDb } from '../support/fresh-db';
import { handedOffAccount } from './handoff-fixture';
import { startSalesforceContract, type SalesforceContract } from './salesforce-contract-server';

const fresh = useFreshDb();
let salesforce: SalesforceContract;
let conn: SalesforceConnection;
let ownerId: string;
beforeAll(async () => {
  salesforce = await startSalesforceContract({ token: '00Dxx0000001gPL!AQ4AQ' });
  conn = { kind: 'salesforce', url: salesforce.url, token: '00Dxx0000001gPL!AQ4AQ', apiVersion: 'v60.0' };
  ownerId = salesforce.add('User', { Email: 'sam.owner@harpoon.test', IsActive: true }).Id;
});
afterAll(() => salesforce.close());

const mine = (type: 'Account' | 'Contact' | 'Lead' | 'Task' | 'Opportunity', field: string, text: string) =>
  salesforce.records(type).filter((r) => String(r[field] ?? '').includes(text));

describe('a handoff in Salesforce', () => {
  it('puts the people of an account Salesforce does not have in as Leads, with a Task for the owner, once', async () => {
    const { task, event } = await handedOffAccount(fresh.db, 'newco.example');
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(mine('Account', 'Website', 'newco.example')).toHaveLength(0);
    const leads = mine('Lead', 'Email', '@newco.example');
    expect(leads.map((l) => [l.Email, l.Company]).sort()).toEqual([['ann@newco.example', 'Newco Ltd'], ['bo@newco.example', 'Newco Ltd']]);
    const tasks = mine('Task', 'Subject', task.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ OwnerId: ownerId, ActivityDate: '2026-12-08', Status: 'Not Started', WhoId: leads.find((l) => l.Email === 'ann@newco.example')!.Id });
    expect(tasks[0]!.WhatId).toBeUndefined();
    expect(String(tasks[0]!.Description)).toContain('Score: 72');
  });

  it('puts the people of an account Salesforce has in as its Contacts, the Task related to the Account', async () => {
    const known = salesforce.add('Account', { Name: 'Known Corp', Website: 'https://www.known.example/' });
    // A look-alike website is not the account.
    salesforce.add('Account', { Name: 'Not Known', Website: 'notknown.example' });
    const { task, event } = await handedOffAccount(fresh.db, 'known.example');
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    const contacts = mine('Contact', 'Email', '@known.example');
    expect(contacts.map((c) => c.AccountId)).toEqual([known.Id, known.Id]);
    expect(mine('Lead', 'Email', '@known.example')).toHaveLength(0);
    expect(mine('Task', 'Subject', task.id)[0]).toMatchObject({ WhatId: known.Id });

    // The links were lost after the creates: the queries find the records, nothing is made twice.
    await fresh.db.crmLink.deleteMany({ where: { crm: 'salesforce' } });
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(mine('Contact', 'Email', '@known.example')).toHaveLength(2);
    expect(mine('Task', 'Subject', task.id)).toHaveLength(1);
  });

  it('creates the Account and Opportunity on an opportunity and closes it lost, following the task', async () => {
    const { task, event } = await handedOffAccount(fresh.db, 'dealco.example');
    await fresh.db.salesTask.update({ where: { id: task.id }, data: { status: 'opportunity', amount: 12000, currency: 'USD', closeDate: new Date('2027-02-28T00:00:00Z') } });
    await syncEventToCrm(fresh.db, conn, event('opportunity'));
    const [account] = mine('Account', 'Website', 'dealco.example');
    const opportunity = () => mine('Opportunity', 'Name', task.id);
    expect(opportunity()).toHaveLength(1);
    expect(opportunity()[0]).toMatchObject({ AccountId: account!.Id, StageName: 'Qualification', Amount: 12000, CloseDate: '2027-02-28', OwnerId: ownerId, IsClosed: false });

    await fresh.db.salesTask.update({ where: { id: task.id }, data: { status: 'lost', reason: 'chose a competitor', closedAt: new Date('2026-12-22T08:00:00Z') } });
    await syncEventToCrm(fresh.db, conn, event('lost'));
    expect(opportunity()).toHaveLength(1);
    expect(opportunity()[0]).toMatchObject({ StageName: 'Closed Lost', IsClosed: true, IsWon: false, CloseDate: '2026-12-22', Description: 'Lost in Harpoon: chose a competitor' });
    expect(mine('Account', 'Website', 'dealco.example')).toHaveLength(1);
  });
});

describe('a handoff changing hands in Salesforce', () => {
  let rita: string;
  beforeAll(() => {
    rita = salesforce.add('User', { Email: 'rita.next@harpoon.test', IsActive: true }).Id;
  });

  it('gives the Task and its Opportunity the new owner, and a repeat changes nothing more', async () => {
    const { task, event, handOver } = await handedOffAccount(fresh.db, 'handover.example');
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    await fresh.db.salesTask.update({ where: { id: task.id }, data: { status: 'opportunity', amount: 9000, currency: 'USD' } });
    await syncEventToCrm(fresh.db, conn, event('opportunity'));
    expect(mine('Task', 'Subject', task.id).map((t) => t.OwnerId)).toEqual([ownerId]);
    expect(mine('Opportunity', 'Name', task.id).map((o) => o.OwnerId)).toEqual([ownerId]);

    await handOver('rita.next@harpoon.test');
    const moved = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'));
    expect(moved.skipped).toBeNull();
    const [sfTask] = mine('Task', 'Subject', task.id);
    const [opportunity] = mine('Opportunity', 'Name', task.id);
    expect(moved.records).toEqual([`updated task ${sfTask!.Id} owner to ${rita} (rita.next@harpoon.test)`, `updated opportunity ${opportunity!.Id} owner to ${rita} (rita.next@harpoon.test)`]);
    expect(sfTask).toMatchObject({ OwnerId: rita, Status: 'Not Started' });
    expect(opportunity).toMatchObject({ OwnerId: rita, StageName: 'Qualification' });

    // Delivered again: the same owner again, nothing made.
    const made = () => salesforce.requests.filter((r) => r.startsWith('POST')).length;
    const creates = made();
    expect((await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'))).skipped).toBeNull();
    expect(made()).toBe(creates);
    expect(mine('Task', 'Subject', task.id)).toEqual([expect.objectContaining({ OwnerId: rita })]);
    expect(mine('Opportunity', 'Name', task.id)).toEqual([expect.objectContaining({ OwnerId: rita })]);
  });

  it('makes nothing for a task not synced yet, saying its handoff will make it with its current owner', async () => {
    const { task, event, handOver } = await handedOffAccount(fresh.db, 'notyet.example');
    await handOver('rita.next@harpoon.test');
    const sent = salesforce.requests.length;
    const moved = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'));
    // Not a failure, so not a refused delivery: there is nothing to change yet.
    expect(moved.skipped).toBeNull();
    expect(moved.records).toEqual([`${task.id} is not in Salesforce yet (its handoff has not synced): nothing to reassign; its task will be created with its current owner when its handoff syncs`]);
    expect(salesforce.requests.length).toBe(sent);
    expect(mine('Task', 'Subject', task.id)).toHaveLength(0);
    expect(mine('Lead', 'Email', '@notyet.example')).toHaveLength(0);

    // And so it is: the handoff synced later reads the owner now.
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(mine('Task', 'Subject', task.id).map((t) => t.OwnerId)).toEqual([rita]);
  });

  it('keeps the previous owner when the new one is no active Salesforce user, or the task went back to the queue, and says so', async () => {
    salesforce.add('User', { Email: 'left.already@harpoon.test', IsActive: false });
    const { task, event, handOver } = await handedOffAccount(fresh.db, 'stranger.example');
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    const [sfTask] = mine('Task', 'Subject', task.id);

    for (const email of ['new.hire@harpoon.test', 'left.already@harpoon.test']) {
      await handOver(email);
      const unknown = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'));
      expect(unknown.skipped).toBe(
        `Salesforce keeps the previous owner of task ${sfTask!.Id}: ${email}, the new owner of ${task.id}, has no active user in Salesforce: add them there and replay this delivery`,
      );
      expect(unknown.records).toEqual([`kept the previous owner of task ${sfTask!.Id} (${task.id})`]);
      expect(mine('Task', 'Subject', task.id)[0]!.OwnerId).toBe(ownerId);
    }

    await handOver(null);
    const queued = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'));
    expect(queued.skipped).toMatch(new RegExp(`^Salesforce keeps the previous owner of task ${sfTask!.Id}: ${task.id} went back to the sales queue in Harpoon \\(no owner\\)`));
    expect(mine('Task', 'Subject', task.id)[0]!.OwnerId).toBe(ownerId);
  });
});

describe('Salesforce refusing', () => {
  it('retries REQUEST_LIMIT_EXCEEDED and 503 later (retryable), and says an invalid session needs a new token', async () => {
    const { event } = await handedOffAccount(fresh.db, 'limits.example');
    salesforce.failNext({ status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
    const limited = await syncEventToCrm(fresh.db, conn, event('handoff.created')).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(CrmError);
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 60_000 });

    // A brief 503 is waited out in place.
    salesforce.failNext({ status: 503, body: [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }] });
    const outcome = await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(outcome.records.some((line) => line.includes('lead'))).toBe(true);

    const refused = await syncEventToCrm(fresh.db, { ...conn, token: 'expired' }, event('handoff.created')).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'CrmError', retryable: false });
    expect((refused as Error).message).toMatch(/INVALID_SESSION_ID.*HARPOON_SALESFORCE_TOKEN/);
  });
});
