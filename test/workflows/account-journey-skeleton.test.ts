// The journey workflow on the time-skipping test server: it records its start through a real
// activity and database, and days of waiting cost no wall time.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { workflowsPath } from '../../worker/create-worker';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { createTimeSkippingEnv } from '../support/time-skipping';

let env: TestWorkflowEnvironment;
let fresh: FreshDb;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  fresh = await freshDb();
});
afterAll(async () => {
  await env?.teardown();
  await fresh?.db.$disconnect();
});

it('records the journey start in the database and stops on the stop signal after days of waiting', async () => {
  const account = await fresh.db.account.create({ data: { domain: 'acme.example', name: 'Acme Gears', tier: 2 } });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'skeleton',
    workflowsPath,
    activities: createActivities({ db: fresh.db }),
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('accountJourney', {
      taskQueue: 'skeleton',
      workflowId: `journey/test/${account.id}`,
      args: [{ version: 1, journeyKey: 'test', journeyVersion: 1, accountId: account.id }],
    });
    const started = Date.now();
    await env.sleep('30 days');
    expect(Date.now() - started).toBeLessThan(20_000);

    const run = await fresh.db.journeyRun.findUniqueOrThrow({ where: { workflowId: handle.workflowId } });
    expect(run).toMatchObject({ status: 'running', journeyKey: 'test', accountId: account.id });

    const description = await handle.describe();
    expect(description.memo).toEqual({ accountName: 'Acme Gears' });

    await handle.signal('stop', { reason: 'test is over' });
    expect(await handle.result()).toMatchObject({ status: 'stopped' });
    const ended = await fresh.db.journeyRun.findUniqueOrThrow({ where: { workflowId: handle.workflowId } });
    expect(ended).toMatchObject({ status: 'stopped', exitReason: 'test is over' });
  });
});
