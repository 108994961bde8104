// The worker's inbound CRM sync runs on one node at a time: each node here reads its own HubSpot
// contract server, so the server that hears deal searches names the node that ran the rounds; when
// the holder stops, the other node takes over.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lease } from '../../db/leases';
import { startCrmSyncJob } from '../../reach/crm/crm-sync-job';
import { useFreshDb } from '../support/fresh-db';
import { until } from '../support/until';
import { startHubSpotContract, type HubSpotContract } from './hubspot-contract-server';

const fresh = useFreshDb();
const servers: Record<string, HubSpotContract> = {};
beforeAll(async () => {
  for (const node of ['first', 'second']) servers[node] = await startHubSpotContract({ token: `pat-${node}` });
});
afterAll(async () => {
  for (const s of Object.values(servers)) await s.close();
});

const searches = (node: string) => servers[node]!.requests.filter((r) => r === 'POST /crm/v3/objects/deals/search').length;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('reads the CRM on the lease holder only, and hands over when it stops', async () => {
  const job = (node: string) =>
    startCrmSyncJob({
      db: fresh.db,
      // No deal of these servers is Harpoon's: nothing is applied, so Temporal is never asked.
      client: {} as Client,
      crms: [{ kind: 'hubspot', url: servers[node]!.url, token: `pat-${node}` }],
      intervalMs: 20,
      log: () => {},
      lease: lease(fresh.db, { name: 'crm-sync', holder: node, ttlMs: 2_000 }),
    });
  const jobs = { first: job('first'), second: job('second') };
  await until('a few rounds', async () => searches('first') + searches('second') >= 5);
  const [holder, standby] = searches('first') > 0 ? (['first', 'second'] as const) : (['second', 'first'] as const);
  expect(searches(standby)).toBe(0);

  await jobs[holder].stop();
  await until('the standby to take over', async () => searches(standby) >= 3);
  const heldBefore = searches(holder);
  await pause(100);
  expect(searches(holder)).toBe(heldBefore);
  await jobs[standby].stop();
});
