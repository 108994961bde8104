// A marketer changes a live journey and turns on auto-enrolment, end to end: real dev server, real
// worker node (worker, dispatcher, auto-enrolment reconciler), real CLI, real database file.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { statusQuery } from '../../workflows/journey-api';
import { runCli } from '../support/cli';
import { startDevCluster, type DevCluster } from '../support/dev-cluster';
import { createTargetAccount } from '../support/target-account';
import { until } from '../support/until';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster({ AUTO_ENROL_INTERVAL: '1s' });
});
afterAll(async () => {
  await cluster?.stop();
});

const journeyFile = (name: string, lines: string[]) => {
  const file = path.join(cluster.fresh.dir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
};
const account = (slug: string, tier: number) => createTargetAccount(cluster.fresh.db, slug, { tier, contacts: ['champ'] });

it('previews, then migrates running accounts to a new version; a bad --running is refused in one line', async () => {
  const { env } = cluster;
  const live = await account('live', 3);
  // Two versions: the same wait, then another email.
  const nurture = (file: string, followUp: string) =>
    journeyFile(file, ['key: nurture', 'name: Nurture', 'stages:', '  - key: engage', '    steps:', '      - { id: settle, type: wait, duration: 30d }', `      - ${followUp}`]);
  const v1 = nurture('nurture-v1.yaml', '{ id: follow-up, type: email, template: case-study, audience: { roles: [champion] } }');
  expect((await runCli(['journeys', 'publish', v1], env)).stdout).toContain('published nurture version 1');
  expect((await runCli(['journeys', 'launch', 'nurture', '--account', live.domain], env)).stdout).toContain('1 started');
  const handle = cluster.client.workflow.getHandle(`journey/nurture/${live.id}`);
  await until('the journey to wait in settle', async () => ((await handle.query(statusQuery)).step?.id === 'settle' ? true : undefined));

  const v2 = nurture('nurture-v2.yaml', '{ id: pricing, type: email, template: pricing-guide, audience: { roles: [champion] } }');
  const preview = await runCli(['journeys', 'publish', v2, '--running', 'migrate', '--dry-run'], env);
  expect(preview.code, preview.stderr).toBe(0);
  expect(preview.stdout).toContain('nurture: would publish version 2 (dry run: nothing written)');
  expect(preview.stdout).toContain('1 running account(s) on older versions');
  expect(preview.stdout).toContain('--running keep:    1 finish on their version (1 on v1)');
  expect(preview.stdout).toContain('1 at engage/settle → engage/settle (live.example)');
  expect(preview.stdout).toContain('--running restart: 1 start version 2 at engage/settle');
  expect(await cluster.fresh.db.journeyVersion.count({ where: { key: 'nurture' } })).toBe(1);

  const bad = await runCli(['journeys', 'publish', v2, '--running', 'later'], env);
  expect(bad).toMatchObject({ code: 1 });
  expect(bad.stderr.trim()).toBe('harpoon: --running later: expected keep, migrate or restart.');

  const moved = await runCli(['journeys', 'publish', v2, '--running', 'migrate'], env);
  expect(moved.stdout).toContain('published nurture version 2');
  expect(moved.stdout).toContain('migrate: 1 accepted, 0 refused (they keep their version), 0 already ended');
  await until('the journey to run version 2', async () => ((await handle.query(statusQuery)).journeyVersion === 2 ? true : undefined));
  expect((await handle.query(statusQuery)).step).toMatchObject({ id: 'settle' });
  const run = await cluster.fresh.db.journeyRun.findUniqueOrThrow({ where: { workflowId: handle.workflowId } });
  expect(run.journeyVersion).toBe(2);
  const timeline = await runCli(['accounts', 'timeline', live.domain], env);
  expect(timeline.stdout).toContain('moved from version 1 to version 2 at the same step: engage/settle');
});

it('auto-enrols targets that meet the entry criteria and exits those that leave the target pool', async () => {
  const { env } = cluster;
  const joiner = await account('joiner', 2);
  const other = await account('other-tier', 1);
  const file = journeyFile('auto.yaml', [
    'key: auto-tier2',
    'name: Auto tier 2',
    'autoEnrol: true',
    'entry: { tiers: [2] }',
    'stages:',
    '  - key: engage',
    '    steps: [{ id: hold, type: wait, duration: 60d }]',
  ]);
  expect((await runCli(['journeys', 'publish', file], env)).stdout).toContain('published auto-tier2 version 1');
  const runOf = (accountId: string) => cluster.fresh.db.journeyRun.findFirst({ where: { journeyKey: 'auto-tier2', accountId } });
  await until('the reconciler to enrol the tier-2 target', async () => (await runOf(joiner.id))?.status === 'running' || undefined);
  expect(await runOf(other.id)).toBeNull();

  await cluster.fresh.db.account.update({ where: { id: joiner.id }, data: { poolStatus: 'retired' } });
  await until('the journey to stop', async () => ((await runOf(joiner.id))?.status === 'stopped' ? true : undefined));
  expect(await runOf(joiner.id)).toMatchObject({ exitReason: 'left_target_pool: retired' });
});
