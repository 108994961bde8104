// Contract tests of inbound CRM sync: a deal closed in HubSpot or Salesforce (their contract
// servers) reaches its Harpoon sales task through the handoff workflow, and the journey hears it;
// conflicting outcomes follow the rules of reach/crm/crm-mapping.ts. Real handoff workflows on the
// time-skipping server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubSpotConnection, SalesforceConnection } from '../../reach/crm/crm-connection';
import { hubspotClient } from '../../reach/crm/hubspot-client';
import { syncCrmOutcomes } from '../../reach/crm/inbound-sync';
import { syncEventToCrm } from '../../reach/crm/sync-event';
import type { ReachEvent } from '../../reach/reach-event';
import { accountTimeline } from '../../timeline/account-timeline';
import type { JourneyView } from '../../workflows/journey-api';
import type { JourneyHarness } from '../support/journey-harness';
import { assistAndExpand, handingOff, type SalesKit, withSalesHarness } from '../support/sales';
import { startHubSpotContract, type HubSpotContract } from './hubspot-contract-server';
import { startSalesforceContract, type SalesforceContract } from './salesforce-contract-server';

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made));

let hubspot: HubSpotContract;
let salesforce: SalesforceContract;
let hs: HubSpotConnection;
let sf: SalesforceConnection;
beforeAll(async () => {
  hubspot = await startHubSpotContract({ token: 'pat-inbound' });
  salesforce = await startSalesforceContract({ token: 'sf-inbound' });
  hs = { kind: 'hubspot', url: hubspot.url, token: 'pat-inbound' };
  sf = { kind: 'salesforce', url: salesforce.url, token: 'sf-inbound', apiVersion: 'v60.0' };
});
afterAll(async () => {
  await hubspot.close();
  await salesforce.close();
});

const eventOf = (type: ReachEvent['type'], task: { id: string; accountId: string }): ReachEvent => ({ id: `${task.id}/${type}`, type, at: new Date().toISOString(), accountId: task.accountId, contactId: null, taskId: task.id, eventKey: null });
const temporal = async () => h.env.client;
/** Accepted accounts go to assist (the journey stays to hear the outcome); won ones to expand. */
const assisting = handingOff('crm-outcomes', { onAccepted: { goto: 'assist' } }, assistAndExpand('90d', '30d'));

/** A real handoff, accepted and made an opportunity, its deal synced to the CRM. */
async function openDeal(domain: string, journeyVersion: number) {
  const owner = await k.rep(`rep@${domain}`);
  const account = await k.ownedAccount(domain, owner.id);
  const { run, task } = await k.handOff('crm-outcomes', journeyVersion, account);
  await k.until(async () => (await h.db.salesTask.findUniqueOrThrow({ where: { id: task.id } })).status === 'created', '1 second');
  await k.act(task.id, { kind: 'accept' });
  await k.act(task.id, { kind: 'opportunity', amount: 40000, currency: 'EUR', closeDate: '2027-03-31' });
  await k.until(async () => (await h.db.salesTask.findUniqueOrThrow({ where: { id: task.id } })).status === 'opportunity', '1 second');
  return { run, task };
}

const statusOf = async (taskId: string) => h.db.salesTask.findUniqueOrThrow({ where: { id: taskId } });

it('a deal won in HubSpot reaches its task and journey; one Harpoon closed already is reported, not applied; unknown deals are left alone', async () => {
  const journey = await h.publish(assisting);
  const won = await openDeal('winner.example', journey.version);
  await syncEventToCrm(h.db, hs, eventOf('opportunity', won.task));
  const deal = hubspot.records('deals').find((d) => d.properties.dealname?.includes(won.task.id))!;
  hubspot.edit('deals', deal.id, { dealstage: 'closedwon', amount: '52000' });

  // A deal Harpoon never made, closed too.
  await hubspotClient(hs).create('deals', { dealname: 'Someone else', dealstage: 'closedwon', pipeline: 'default' }, [], 'a person creating a deal');

  const report = await syncCrmOutcomes(h.db, hs, temporal);
  expect(report).toMatchObject({ applied: [`deal ${deal.id}: ${won.task.id} marked won from the CRM`], conflicts: [], unknown: 1 });
  const task = await k.until(async () => ((await statusOf(won.task.id)).status === 'won' ? statusOf(won.task.id) : null), '1 second');
  // The CRM's amount wins; the currency stays Harpoon's when the CRM gives none.
  expect(task).toMatchObject({ amount: 52000, currency: 'EUR' });
  await k.until(async () => (await won.run.query<JourneyView>('status')).timeline.some((t) => t.text.includes('sales won')), '1 second');

  // Read again: nothing new since the cursor, nothing applied twice.
  expect(await syncCrmOutcomes(h.db, hs, temporal)).toMatchObject({ read: 0, applied: [] });

  // Harpoon recorded a loss; the CRM then says won: Harpoon's outcome stands, the conflict is said.
  const lost = await openDeal('loser.example', journey.version);
  await k.act(lost.task.id, { kind: 'lost', reason: 'no budget' });
  await k.until(async () => (await statusOf(lost.task.id)).status === 'lost', '1 second');
  await syncEventToCrm(h.db, hs, eventOf('lost', lost.task));
  const lostDeal = hubspot.records('deals').find((d) => d.properties.dealname?.includes(lost.task.id))!;
  expect(lostDeal.properties).toMatchObject({ dealstage: 'closedlost', closed_lost_reason: 'no budget' });
  hubspot.edit('deals', lostDeal.id, { dealstage: 'closedwon' });
  const conflict = await syncCrmOutcomes(h.db, hs, temporal);
  expect(conflict.applied).toEqual([]);
  expect(conflict.conflicts).toEqual([`deal ${lostDeal.id}: the CRM says won but ${lost.task.id} is lost in Harpoon: Harpoon's outcome stands, correct the CRM or the task by hand`]);
  expect((await statusOf(lost.task.id)).status).toBe('lost');
  // Said where people look, on the account's timeline; once, however often the same change is read.
  const conflicts = async () => (await accountTimeline(h.db, lost.task.accountId)).filter((r) => r.type === 'crm_conflict').map((r) => r.summary);
  const said = `HubSpot deal ${lostDeal.id}: the CRM says won but ${lost.task.id} is lost in Harpoon: Harpoon's outcome stands, correct the CRM or the task by hand`;
  expect(await conflicts()).toEqual([said]);
  expect((await syncCrmOutcomes(h.db, hs, temporal, { since: new Date(0) })).conflicts).toHaveLength(1);
  expect(await conflicts()).toEqual([said]);
  await h.stop(won.run);
  await h.stop(lost.run);
});

it('an opportunity lost in Salesforce reaches its task through the workflow', async () => {
  const journey = await h.publish(assisting);
  const { run, task } = await openDeal('sflost.example', journey.version);
  await syncEventToCrm(h.db, sf, eventOf('opportunity', task));
  const [opportunity] = salesforce.records('Opportunity');
  salesforce.edit('Opportunity', opportunity!.Id, { StageName: 'Closed Lost' });
  const report = await syncCrmOutcomes(h.db, sf, temporal);
  expect(report.applied).toEqual([`deal ${opportunity!.Id}: ${task.id} marked lost from the CRM`]);
  const after = await k.until(async () => ((await statusOf(task.id)).status === 'lost' ? statusOf(task.id) : null), '1 second');
  expect(after).toMatchObject({ reason: 'closed lost in the CRM' });
  await k.until(async () => (await run.query<JourneyView>('status')).timeline.some((t) => t.text.includes('sales lost')), '1 second');
  await h.stop(run);
});
