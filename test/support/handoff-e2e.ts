// The start of a handoff on real parts, as the end-to-end tests of sales and of the console need
// it: Sally Seller owns Kessler Pumps, whose decision maker Greta Kessler is in a journey that hands
// off on an inquiry (accepted: go to assist; won: expand), published and launched through the CLI.
// The caller then sends the inquiry (`engagement send`) and watches the SMTP sink for the notice.
import { expect } from 'vitest';
import { statusQuery } from '../../workflows/journey-api';
import { runCli } from './cli';
import type { DevCluster } from './dev-cluster';
import { writeJourneyYaml } from './journey-yaml';
import { until } from './until';

export async function launchInquiryHandoff(cluster: DevCluster) {
  const { db } = cluster.fresh;
  const { env } = cluster;
  const rep = await db.salesRep.create({ data: { email: 'sally.seller@harpoon.example', name: 'Sally Seller', timezone: 'Europe/Berlin' } });
  const account = await db.account.create({
    data: {
      domain: 'kessler-pumps.example',
      name: 'Kessler Pumps',
      tier: 3,
      poolStatus: 'target',
      purchasePattern: 'periodic',
      ownerId: rep.id,
      contacts: { create: [{ email: 'greta.kessler@kessler-pumps.example', firstName: 'Greta', lastName: 'Kessler', role: 'decision_maker', seniority: 'executive' }] },
    },
  });
  const journeyFile = writeJourneyYaml(cluster.fresh.dir, {
    key: 'inquiry-handoff',
    name: 'Inquiry handoff',
    steps: ['{ id: listen, type: wait, duration: 30d }'],
    more: [
      '  - { key: assist, steps: [{ id: assist-wait, type: wait, duration: 30d }] }',
      '  - { key: expand, steps: [{ id: expand-wait, type: wait, duration: 30d }] }',
      'sales:',
      '  mqa: { eventSeen: { type: inquiry } }',
      '  onAccepted: { goto: assist }',
    ],
  });
  expect((await runCli(['journeys', 'publish', journeyFile], env)).stdout).toContain('published inquiry-handoff version 1');
  expect((await runCli(['journeys', 'launch', 'inquiry-handoff', '--account', account.domain], env)).stdout).toContain('1 started');
  const journey = cluster.client.workflow.getHandle(`journey/inquiry-handoff/${account.id}`);
  await until('the journey to run', () => journey.query(statusQuery));
  // Journeys count events from their start on; the inquiry the caller sends must come later than that.
  await new Promise((r) => setTimeout(r, 1100));
  return { rep, account, journey };
}
