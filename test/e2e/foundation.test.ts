// The whole chain on real parts: CLI -> Temporal dev server -> worker -> activity -> database file,
// and an admin's visibility query by search attribute.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { startDevCluster, type DevCluster } from '../support/dev-cluster';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('launches a journey from the CLI, finds it by AccountId, and a second launch is a no-op', async () => {
  const { db } = cluster.fresh;
  const account = await db.account.create({
    data: { domain: 'gearworks.example', name: 'Gearworks Ltd', tier: 1, poolStatus: 'target' },
  });

  const file = path.join(cluster.fresh.dir, 'onboarding.yaml');
  writeFileSync(file, 'key: onboarding\nname: Onboarding\nstages:\n  - key: identify\n    steps:\n      - { id: settle, type: wait, duration: 30d }\n');
  expect((await runCli(['journeys', 'publish', file], cluster.env)).stdout).toContain('published onboarding version 1');

  const first = await runCli(['journeys', 'launch', 'onboarding', '--account', 'gearworks.example'], cluster.env);
  expect(first.stderr).not.toMatch(/error/i);
  expect(first).toMatchObject({ code: 0 });
  expect(first.stdout).toContain('onboarding v1: 1 started, 0 already running, 0 not eligible');
  // Right after the launch, before the worker has necessarily run anything, the journey is there.
  const status = JSON.parse((await runCli(['journeys', 'status', 'gearworks.example', '--json'], cluster.env)).stdout);
  expect(status.journeys).toEqual([expect.objectContaining({ journeyKey: 'onboarding', status: 'running' })]);

  const again = await runCli(['journeys', 'launch', 'onboarding', '--account', account.id], cluster.env);
  expect(again.stdout).toContain('onboarding v1: 0 started, 1 already running, 0 not eligible');

  const listed = await eventually(async () => {
    const found = [];
    for await (const wf of cluster.client.workflow.list({ query: `AccountId = "${account.id}"` })) found.push(wf);
    return found.length > 0 && found[0]!.searchAttributes.JourneyStage ? found : undefined;
  }, 'the journey to show up in visibility');
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ workflowId: `journey/onboarding/${account.id}`, status: { name: 'RUNNING' } });
  expect(listed[0]!.searchAttributes).toMatchObject({ AccountTier: ['1'], JourneyName: ['onboarding'] });

});

it('ends a running journey when an import leaves nobody reachable in the buying group', async () => {
  const list = await runCli(['journeys', 'status', 'gearworks.example', '--json'], cluster.env);
  const [journey] = JSON.parse(list.stdout).journeys;
  expect(journey.status).toBe('running');
  const csv = path.join(cluster.fresh.dir, 'contacts.csv');
  writeFileSync(csv, 'email,account_domain,first_name,last_name,role,consent\nmax@gearworks.example,gearworks.example,Max,Graf,champion,unsubscribed\n');

  const imported = await runCli(['contacts', 'import', csv], cluster.env);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stderr).toContain('Queued 1 contact change(s) for running journeys.');
  const ended = await eventually(async () => {
    const run = await cluster.fresh.db.journeyRun.findUniqueOrThrow({ where: { workflowId: journey.workflowId } });
    return run.status === 'completed' ? run : undefined;
  }, 'the journey to end');
  expect(ended.exitReason).toBe('all_contacts_unsubscribed');
});

it('says clearly when the journey is not published', async () => {
  const result = await runCli(['journeys', 'launch', 'nurture-x', '--account', 'gearworks.example'], cluster.env);
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe('harpoon: Journey "nurture-x" is not published. Publish it first: harpoon journeys publish <file>');
});

it('says clearly when the account does not exist', async () => {
  const result = await runCli(['journeys', 'launch', 'onboarding', '--account', 'nobody.example'], cluster.env);
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe(
    'harpoon: No account with id or domain "nobody.example". List them with "harpoon accounts list".',
  );
});
