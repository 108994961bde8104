// Contract tests of outbound CRM sync with HubSpot: syncEventToCrm against a local server that
// implements HubSpot CRM v3's documented requests and answers (hubspot-contract-server.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../reach/crm/crm-error';
import type { HubSpotConnection } from '../../reach/crm/crm-connection';
import { syncEventToCrm } from '../../reach/crm/sync-event';
import { useFreshDb } from '../support/fresh-db';
import { handedOffAccount } from './handoff-fixture';
import { startHubSpotContract, type HubSpotContract } from './hubspot-contract-server';

const fresh = useFreshDb();
let hubspot: HubSpotContract;
let conn: HubSpotConnection;
beforeAll(async () => {
  hubspot = await startHubSpotContract({ token: 'pat-test-123', owners: [{ id: '77', email: 'sam.owner@harpoon.test' }] });
  conn = { kind: 'hubspot', url: hubspot.url, token: 'pat-test-123' };
});
afterAll(() => hubspot.close());

const counts = () => Object.fromEntries((['companies', 'contacts', 'tasks', 'notes', 'deals'] as const).map((t) => [t, hubspot.records(t).length]));

describe('a handoff in HubSpot', () => {
  it('makes the company, its engaged contacts, a task for the owner and a note with the evidence, once', async () => {
    const { account, task, event } = await handedOffAccount(fresh.db, 'acme.example');
    const first = await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(first.skipped).toBeNull();
    expect(counts()).toEqual({ companies: 1, contacts: 2, tasks: 1, notes: 1, deals: 0 });

    const [company] = hubspot.records('companies');
    expect(company!.properties).toMatchObject({ domain: 'acme.example', name: account.name });
    const contacts = hubspot.records('contacts');
    // The erased contact never leaves Harpoon.
    expect(contacts.map((c) => c.properties.email).sort()).toEqual(['ann@acme.example', 'bo@acme.example']);
    expect(contacts.every((c) => c.associations.some((a) => a.toId === company!.id && a.typeId === 279))).toBe(true);
    const [hsTask] = hubspot.records('tasks');
    expect(hsTask!.properties).toMatchObject({ hubspot_owner_id: '77', hs_task_status: 'NOT_STARTED', hs_timestamp: '2026-12-08T17:00:00.000Z' });
    expect(hsTask!.properties.hs_task_subject).toContain(task.id);
    expect(hsTask!.properties.hs_task_body).toContain('Why: Ann Buyer asked for pricing');
    expect(hsTask!.associations.map((a) => a.typeId).sort()).toEqual([192, 204, 204]);
    const [note] = hubspot.records('notes');
    expect(note!.properties.hs_note_body).toContain('Next: answer the inquiry of Ann Buyer within a day');
    expect(note!.associations.map((a) => a.typeId).sort()).toEqual([190, 202, 202]);

    // Delivered again (a retry, a redelivery): everything is found, nothing is made twice.
    const again = await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(again.records.every((line) => line.startsWith('found'))).toBe(true);
    expect(counts()).toEqual({ companies: 1, contacts: 2, tasks: 1, notes: 1, deals: 0 });

    // The process died between HubSpot's creates and Harpoon's links: the search finds them.
    await fresh.db.crmLink.deleteMany({ where: { crm: 'hubspot' } });
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(counts()).toEqual({ companies: 1, contacts: 2, tasks: 1, notes: 1, deals: 0 });
  });

  it("takes the contact HubSpot already has by e-mail when its search has not caught up yet", async () => {
    const { ann, event } = await handedOffAccount(fresh.db, 'lagging.example');
    hubspot.lagSearch();
    try {
      await syncEventToCrm(fresh.db, conn, event('handoff.created'));
      await fresh.db.crmLink.deleteMany({ where: { crm: 'hubspot', objectType: 'contact' } });
      await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    } finally {
      hubspot.indexAll();
    }
    const anns = hubspot.records('contacts').filter((c) => c.properties.email === 'ann@lagging.example');
    expect(anns).toHaveLength(1);
    expect(await fresh.db.crmLink.findUnique({ where: { crm_objectType_harpoonKey: { crm: 'hubspot', objectType: 'contact', harpoonKey: ann.id } } })).toMatchObject({ crmId: anns[0]!.id });
  });

  it("makes no second task when the answer to its create was lost, though HubSpot's search lags behind", async () => {
    const { task, event } = await handedOffAccount(fresh.db, 'lost-answer.example');
    const tasksOfIt = () => hubspot.records('tasks').filter((t) => t.properties.hs_task_subject?.includes(task.id));
    hubspot.lagSearch();
    hubspot.loseAnswerTo('POST', '/crm/v3/objects/tasks');
    try {
      const lost = await syncEventToCrm(fresh.db, conn, event('handoff.created')).catch((err: unknown) => err);
      expect(lost).toMatchObject({ retryable: true, mayHaveCreated: true });
      expect(tasksOfIt()).toHaveLength(1);
      // Retried at once, as Temporal would: the search cannot see the task yet, so it waits rather than making another.
      await expect(syncEventToCrm(fresh.db, conn, event('handoff.created'))).rejects.toThrow(/another sync is making the task of .*: trying again once it has/);
      hubspot.indexAll();
      // Later (the claim's wait past), the search finds the task the lost answer made.
      await fresh.db.crmLink.updateMany({ where: { crm: 'hubspot', crmId: null }, data: { createdAt: new Date(Date.now() - 3 * 60_000) } });
      const later = await syncEventToCrm(fresh.db, conn, event('handoff.created'));
      expect(later.records).toContainEqual(expect.stringMatching(/^found task /));
    } finally {
      hubspot.indexAll();
    }
    expect(tasksOfIt()).toHaveLength(1);
  });

  it('creates the deal on an opportunity and closes it won, following the task', async () => {
    const { task, event } = await handedOffAccount(fresh.db, 'bolt.example');
    await fresh.db.salesTask.update({ where: { id: task.id }, data: { status: 'opportunity', amount: 48000, currency: 'EUR', closeDate: new Date('2027-01-31T00:00:00Z') } });
    await syncEventToCrm(fresh.db, conn, event('opportunity'));
    const deal = () => hubspot.records('deals').find((d) => d.properties.dealname?.includes(task.id))!;
    expect(deal().properties).toMatchObject({ dealstage: 'qualifiedtobuy', amount: '48000', deal_currency_code: 'EUR', closedate: '2027-01-31T00:00:00.000Z', hubspot_owner_id: '77', pipeline: 'default' });
    expect(deal().associations.some((a) => a.typeId === 341)).toBe(true);

    await fresh.db.salesTask.update({ where: { id: task.id }, data: { status: 'won', amount: 51000, closedAt: new Date('2026-12-20T10:00:00Z') } });
    const won = await syncEventToCrm(fresh.db, conn, event('won'));
    expect(won.records).toContain(`updated deal ${deal().id} to closedwon`);
    expect(deal().properties).toMatchObject({ dealstage: 'closedwon', amount: '51000', closedate: '2026-12-20T00:00:00.000Z' });
    // The opportunity event delivered late does not reopen the deal: the stage follows the task.
    await syncEventToCrm(fresh.db, conn, event('opportunity'));
    expect(deal().properties.dealstage).toBe('closedwon');
    expect(hubspot.records('deals').filter((d) => d.properties.dealname?.includes(task.id))).toHaveLength(1);
  });

  it('skips the events it does not sync, and those whose account is gone, saying so', async () => {
    const { event } = await handedOffAccount(fresh.db, 'quiet.example');
    expect((await syncEventToCrm(fresh.db, conn, event('registration'))).skipped).toMatch(/registration is not synced/);
    expect((await syncEventToCrm(fresh.db, conn, { ...event('handoff.created'), accountId: 'deleted-account' })).skipped).toBe('the account deleted-account no longer exists in Harpoon');
  });
});

describe('a handoff changing hands in HubSpot', () => {
  // A HubSpot account of its own (with a second owner), so these calls keep clear of the rate limit
  // Harpoon keeps per account (hubspot-limiter.ts) that the tests above use up.
  let hubspot: HubSpotContract;
  let conn: HubSpotConnection;
  beforeAll(async () => {
    hubspot = await startHubSpotContract({
      token: 'pat-test-456',
      owners: [
        { id: '77', email: 'sam.owner@harpoon.test' },
        { id: '78', email: 'rita.next@harpoon.test' },
      ],
    });
    conn = { kind: 'hubspot', url: hubspot.url, token: 'pat-test-456' };
  });
  afterAll(() => hubspot.close());
  const counts = () => Object.fromEntries((['companies', 'contacts', 'tasks', 'notes', 'deals'] as const).map((t) => [t, hubspot.records(t).length]));
  const ofTask = (type: 'tasks' | 'deals', taskId: string) => hubspot.records(type).filter((r) => (r.properties.hs_task_subject ?? r.properties.dealname)?.includes(taskId));

  it('gives the task and its deal the new owner, and a repeat changes nothing more', async () => {
    const { task, event, handOver } = await handedOffAccount(fresh.db, 'handover.example');
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    await fresh.db.salesTask.update({ where: { id: task.id }, data: { status: 'opportunity', amount: 30000, currency: 'EUR' } });
    await syncEventToCrm(fresh.db, conn, event('opportunity'));
    expect(ofTask('tasks', task.id).map((t) => t.properties.hubspot_owner_id)).toEqual(['77']);
    expect(ofTask('deals', task.id).map((d) => d.properties.hubspot_owner_id)).toEqual(['77']);
    const before = counts();

    await handOver('rita.next@harpoon.test');
    const moved = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'));
    expect(moved.skipped).toBeNull();
    const [hsTask] = ofTask('tasks', task.id);
    const [deal] = ofTask('deals', task.id);
    expect(moved.records).toEqual([`updated task ${hsTask!.id} owner to 78 (rita.next@harpoon.test)`, `updated deal ${deal!.id} owner to 78 (rita.next@harpoon.test)`]);
    expect(hsTask!.properties.hubspot_owner_id).toBe('78');
    expect(deal!.properties).toMatchObject({ hubspot_owner_id: '78', dealstage: 'qualifiedtobuy' });

    // Delivered again: the same owner again, nothing made.
    const creates = hubspot.requests.filter((r) => r.startsWith('POST') && !r.endsWith('/search')).length;
    expect((await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'))).skipped).toBeNull();
    expect(hubspot.requests.filter((r) => r.startsWith('POST') && !r.endsWith('/search')).length).toBe(creates);
    expect(counts()).toEqual(before);
    expect(ofTask('tasks', task.id)[0]!.properties.hubspot_owner_id).toBe('78');
  });

  it('makes nothing for a task not synced yet, saying its handoff will make it with its current owner', async () => {
    const { task, event, handOver } = await handedOffAccount(fresh.db, 'notyet.example');
    await handOver('rita.next@harpoon.test');
    const before = counts();
    const sent = hubspot.requests.length;
    const moved = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'));
    // Not a failure, so not a refused delivery: there is nothing to change yet.
    expect(moved.skipped).toBeNull();
    expect(moved.records).toEqual([`${task.id} is not in HubSpot yet (its handoff has not synced): nothing to reassign; its task will be created with its current owner when its handoff syncs`]);
    expect(hubspot.requests.length).toBe(sent);
    expect(counts()).toEqual(before);

    // And so it is: the handoff synced later reads the owner now.
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(ofTask('tasks', task.id).map((t) => t.properties.hubspot_owner_id)).toEqual(['78']);
  });

  it('makes the task with the owner of the moment of its create, though it changed hands while the handoff synced', async () => {
    const { task, event, handOver } = await handedOffAccount(fresh.db, 'midway.example');
    // The first call waits out a 429 in place: the account changes hands meanwhile, and its
    // reassignment, synced then, finds no task to change.
    hubspot.rateLimitNext(1200);
    const syncing = syncEventToCrm(fresh.db, conn, event('handoff.created'));
    await expect.poll(() => hubspot.requests.includes('POST /crm/v3/objects/companies/search')).toBe(true);
    await handOver('rita.next@harpoon.test');
    expect((await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'))).records.join()).toMatch(/is not in HubSpot yet/);
    await syncing;
    expect(ofTask('tasks', task.id).map((t) => t.properties.hubspot_owner_id)).toEqual(['78']);
  });

  it('waits for a task another sync is making rather than missing it', async () => {
    const { task, event, handOver } = await handedOffAccount(fresh.db, 'making.example');
    await fresh.db.crmLink.create({ data: { crm: 'hubspot', objectType: 'task', harpoonKey: task.id, crmId: null } });
    await handOver('rita.next@harpoon.test');
    const waiting = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned')).catch((e: unknown) => e);
    expect(waiting).toBeInstanceOf(CrmError);
    expect(waiting).toMatchObject({ retryable: true, retryAfterMs: null });
    expect((waiting as Error).message).toMatch(/a sync is making the task of .* right now/);
  });

  it('keeps the previous owner when the new one is not a HubSpot user, or the task went back to the queue, and says so', async () => {
    const { task, event, handOver } = await handedOffAccount(fresh.db, 'stranger.example');
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    const [hsTask] = ofTask('tasks', task.id);

    await handOver('new.hire@harpoon.test');
    const unknown = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'));
    expect(unknown.skipped).toBe(
      `HubSpot keeps the previous owner of task ${hsTask!.id}: new.hire@harpoon.test, the new owner of ${task.id}, has no user (owner) in HubSpot: add them there and replay this delivery`,
    );
    expect(unknown.records).toEqual([`kept the previous owner of task ${hsTask!.id} (${task.id})`]);
    expect(ofTask('tasks', task.id)[0]!.properties.hubspot_owner_id).toBe('77');

    await handOver(null);
    const queued = await syncEventToCrm(fresh.db, conn, event('handoff.reassigned'));
    expect(queued.skipped).toMatch(new RegExp(`^HubSpot keeps the previous owner of task ${hsTask!.id}: ${task.id} went back to the sales queue in Harpoon \\(no owner\\)`));
    expect(ofTask('tasks', task.id)[0]!.properties.hubspot_owner_id).toBe('77');
  });
});

describe('HubSpot refusing', () => {
  it('waits out a 429 for the window HubSpot advertises, then goes on', async () => {
    const { event } = await handedOffAccount(fresh.db, 'busy.example');
    hubspot.rateLimitNext(1200);
    const before = hubspot.requests.length;
    const started = Date.now();
    await syncEventToCrm(fresh.db, conn, event('handoff.created'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
    // The refused call was made again: one request more than the records needed.
    expect(hubspot.requests.slice(before, before + 2)).toEqual(['POST /crm/v3/objects/companies/search', 'POST /crm/v3/objects/companies/search']);
    expect(hubspot.records('companies').filter((c) => c.properties.domain === 'busy.example')).toHaveLength(1);
  });

  it('says a bad token needs a person (not retryable), and a lasting outage is retryable', async () => {
    const { event } = await handedOffAccount(fresh.db, 'denied.example');
    const refused = await syncEventToCrm(fresh.db, { ...conn, token: 'wrong' }, event('handoff.created')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CrmError);
    expect(refused).toMatchObject({ retryable: false });
    expect((refused as CrmError).message).toMatch(/HARPOON_HUBSPOT_TOKEN/);

    hubspot.failNext({ status: 502, body: { status: 'error', message: 'Bad Gateway' } }, 3);
    const down = await syncEventToCrm(fresh.db, conn, event('handoff.created')).catch((e: unknown) => e);
    expect(down).toMatchObject({ name: 'CrmError', retryable: true });
    expect(hubspot.records('companies').filter((c) => c.properties.domain === 'denied.example')).toHaveLength(0);

    // An answer in another shape than documented is not retried: it would come back the same.
    hubspot.failNext({ status: 200, body: { results: 'none' } });
    const odd = await syncEventToCrm(fresh.db, conn, event('handoff.created')).catch((e: unknown) => e);
    expect(odd).toMatchObject({ name: 'CrmError', retryable: false });
    expect((odd as Error).message).toMatch(/^HubSpot answered finding the company of denied.example in an unexpected shape/);
  });
});
