// A new version of the workers rolls out while a journey runs, with Worker Versioning: worker v1
// serves the journey's first tasks, v2 polls beside it, `harpoon admin deploy set-current v2`
// promotes it, v1 stops, and the journey (AUTO_UPGRADE) wakes from its timer on v2 and completes
// there. Real dev server, real workers, real CLI, real SMTP sink, one database file. (v2 starts
// with v1 only because bundling a worker takes seconds on a busy machine, longer than the journey's
// wait; until promoted it receives nothing, as in a rollout where it starts later.)
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/env';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { connectClient } from '../../temporal/connection';
import type { DevServer } from '../../temporal/dev-server';
import { startWorkerProcess } from '../../worker/worker-process';
import { runCli } from '../support/cli';
import { startTestDevServer } from '../support/dev-server';
import { freePort } from '../support/free-port';
import { useFreshDb } from '../support/fresh-db';
import { noQuietHours, writeJourneyYaml } from '../support/journey-yaml';
import { until } from '../support/until';

type WorkerProcess = Awaited<ReturnType<typeof startWorkerProcess>>;
let server: DevServer;
const fresh = useFreshDb();
let sink: SmtpSink;
let client: Client;
let env: Record<string, string>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  server = await startTestDevServer();
  const smtpPort = await freePort();
  sink = await startSmtpSink({ port: smtpPort, outboxDir: path.join(fresh.dir, 'outbox') });
  env = {
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: fresh.url,
    HARPOON_DATA_DIR: fresh.dir,
    TEMPORAL_TASK_QUEUE: 'rolling',
    SMTP_SINK_PORT: String(smtpPort),
    HARPOON_DEPLOYMENT_NAME: 'harpoon',
  };
  client = await connectClient(loadConfig({ ...process.env, ...env }));
});
afterAll(async () => {
  await client?.connection.close();
  for (const w of workers) await w.shutdown();
  await sink?.stop();
  await server?.stop();
});

const startWorker = async (buildId: string) => {
  const worker = await startWorkerProcess(loadConfig({ ...process.env, ...env, HARPOON_BUILD_ID: buildId }));
  workers.push(worker);
  return worker;
};
/** Promotes a version once its worker polls (the server learns of a version from its pollers). */
const promote = (buildId: string) =>
  until(`${buildId} to become current`, async () => {
    const run = await runCli(['admin', 'deploy', 'set-current', buildId], env);
    return run.code === 0 ? run : undefined;
  }, { timeoutMs: 30_000, intervalMs: 500 });

it('moves a running journey to the new version at its next workflow task, and it completes there', async () => {
  const [v1] = await Promise.all([startWorker('v1'), startWorker('v2')]);
  expect((await promote('v1')).stdout).toContain('harpoon: v1 is now the current version (was none)');

  const account = await fresh.db.account.create({
    data: { domain: 'rolling.example', name: 'Rolling', tier: 3, poolStatus: 'target', contacts: { create: [{ email: 'champ@rolling.example', role: 'champion' }] } },
  });
  const file = writeJourneyYaml(fresh.dir, {
    key: 'rolling',
    name: 'Rolling',
    policy: `${noQuietHours}, perContact: { minGapHours: 0 }`,
    steps: [
      '{ id: intro, type: email, template: intro, audience: { roles: [champion] } }',
      '{ id: settle, type: wait, duration: 10s }',
      '{ id: follow-up, type: email, template: case-study, audience: { roles: [champion] } }',
    ],
  });
  expect((await runCli(['journeys', 'publish', file], env)).stdout).toContain('published rolling version 1');
  expect((await runCli(['journeys', 'launch', 'rolling', '--account', account.domain], env)).stdout).toContain('1 started');
  const handle = client.workflow.getHandle(`journey/rolling/${account.id}`);
  await until('the intro to be sent on v1', () => fresh.db.emailSend.findFirst({ where: { stepPath: { startsWith: 'engage/intro' }, status: 'sent' } }));

  // The rollout, in the README's order: v2's workers poll (above), promote v2, stop v1.
  await until('v2 to be listed beside v1', async () => {
    const before = (await runCli(['admin', 'deploy', 'show'], env)).stdout;
    return /^ +v2 +inactive/m.test(before) && before.includes('Worker Deployment "harpoon": current version v1') ? before : undefined;
  });
  const promoted = await promote('v2');
  expect(promoted.stdout).toContain('harpoon: v2 is now the current version (was v1)');
  await v1.shutdown();
  const rolledOutAt = Date.now();
  const shown = await runCli(['admin', 'deploy', 'show'], env);
  expect(shown.stdout).toContain('Worker Deployment "harpoon": current version v2');
  expect(shown.stdout).toMatch(/^ +v1 +(draining|drained)/m);
  expect(JSON.parse((await runCli(['admin', 'deploy', 'show', '--json'], env)).stdout)).toMatchObject({ name: 'harpoon', currentBuildId: 'v2' });
  expect((await runCli(['admin', 'deploy', 'set-current', 'v2'], env)).stdout).toContain('harpoon: v2 was already the current version; nothing changed.');
  const unknown = await runCli(['admin', 'deploy', 'set-current', 'v3'], env);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('Cannot make build "v3" current in Worker Deployment "harpoon"');
  expect(unknown.stderr).toContain('HARPOON_DEPLOYMENT_NAME=harpoon HARPOON_BUILD_ID=v3 npm run worker');

  await until('the journey to complete', async () => (await handle.describe()).status.name === 'COMPLETED', { timeoutMs: 60_000, intervalMs: 500 });
  expect(await fresh.db.emailSend.count({ where: { stepPath: { startsWith: 'engage/follow-up' }, status: 'sent' } })).toBe(1);

  // Which version completed each workflow task: v1 first, v2 after the timer, nothing after on v1.
  const history = await handle.fetchHistory();
  const timerFired = history.events!.find((e) => e.timerFiredEventAttributes)!;
  expect(Number(timerFired.eventTime!.seconds) * 1000).toBeGreaterThanOrEqual(Math.floor(rolledOutAt / 1000) * 1000); // else the rollout outlasted the wait: lengthen settle
  const description = await handle.describe();
  expect(description.raw.workflowExecutionInfo?.versioningInfo).toMatchObject({ deploymentVersion: { deploymentName: 'harpoon', buildId: 'v2' } });
  const taskVersions = (history.events ?? []).flatMap((e) => (e.workflowTaskCompletedEventAttributes ? [e.workflowTaskCompletedEventAttributes.deploymentVersion?.buildId] : []));
  expect(taskVersions[0]).toBe('v1');
  expect(taskVersions.at(-1)).toBe('v2');
  expect(taskVersions.slice(taskVersions.indexOf('v2'))).not.toContain('v1');
  const behaviors = (history.events ?? []).flatMap((e) => (e.workflowTaskCompletedEventAttributes ? [e.workflowTaskCompletedEventAttributes.versioningBehavior] : []));
  expect(new Set(behaviors)).toEqual(new Set([2])); // VERSIONING_BEHAVIOR_AUTO_UPGRADE
});

it('refuses to start a worker that names a deployment but not its build ID', async () => {
  await expect(startWorkerProcess(loadConfig({ ...process.env, ...env, HARPOON_BUILD_ID: '' }))).rejects.toThrow(
    /HARPOON_BUILD_ID: required for a worker when HARPOON_DEPLOYMENT_NAME is set/,
  );
});
