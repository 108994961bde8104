// What a newcomer sees right after the first `npm start`: a demo account and a running demo journey.
import type { Client } from '@temporalio/client';
import { launchJourney } from '../client/launch';
import type { Config } from '../config/env';
import type { Db } from '../db/client';

export const demoDomain = 'demo.harpoon.example';
export const demoJourneyKey = 'demo';

export async function seedDemo(db: Db, client: Client, cfg: Config): Promise<string[]> {
  const account = await db.account.upsert({
    where: { domain: demoDomain },
    create: { domain: demoDomain, name: 'Demo Industrial Co.', tier: 3, poolStatus: 'target', timezone: 'UTC' },
    update: {},
  });
  const launch = await launchJourney(client, cfg.temporal.taskQueue, {
    journeyKey: demoJourneyKey,
    journeyVersion: 1,
    accountId: account.id,
  });
  return [`demo journey ${launch.workflowId}: ${launch.result.replace('_', ' ')}`];
}
