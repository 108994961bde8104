// Several worker nodes on one cluster and one database, as production runs them: three `npm run
// worker` processes (worker/main.ts as real child processes) against one Temporal dev server, one
// database and one relay (a real SMTP server on loopback, slow to take each recipient). A campaign's
// sends are under way, spread by the sends queue's rate limit, when a worker with a send in flight
// is killed with SIGKILL. Every due email must still arrive exactly once (the interrupted send on
// another worker, after its heartbeat timeout), and every journey must reach its end.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedSampleData } from '../../accounts/seed-sample-data';
import { launchForAccounts } from '../../use-cases/launch';
import { loadConfig, projectRoot } from '../../config/env';
import { publishJourneyFile } from '../../journeys/catalog';
import { connectClient } from '../../temporal/connection';
import type { DevServer } from '../../temporal/dev-server';
import { startTestDevServer } from '../support/dev-server';
import { useFreshDb } from '../support/fresh-db';
import { noQuietHours, writeJourneyYaml } from '../support/journey-yaml';
import { startScriptedSmtp, type ScriptedSmtp } from '../support/scripted-smtp';
import { until } from '../support/until';

const { PendingActivityState } = proto.temporal.api.enums.v1;

type WorkerChild = { child: ChildProcess; output: string[]; exited: Promise<void> };

let server: DevServer;
const fresh = useFreshDb();
let relay: ScriptedSmtp;
let client: Client;
let env: Record<string, string>;
const workers: WorkerChild[] = [];

/** `npm run worker` without npm in between: a SIGKILL reaches the worker itself. */
function startWorker(): WorkerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(chunk.toString());
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, output, exited };
}

beforeAll(async () => {
  server = await startTestDevServer();
  // A second for each recipient: a send is in flight for that long.
  relay = await startScriptedSmtp({ afterData: 'accept', slowRcptMs: 1_000 });
  env = {
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: fresh.url,
    HARPOON_DATA_DIR: fresh.dir,
    TEMPORAL_TASK_QUEUE: 'several',
    SMTP_URL: relay.url,
    // 30 emails over about 5 s: the kill lands in the middle of the sends.
    SMTP_RATE_LIMIT: '6',
    LOG_LEVEL: 'warn',
  };
  // The workers start (each bundles the workflows) while the sample is seeded.
  for (let i = 0; i < 3; i++) workers.push(startWorker());
  client = await connectClient(loadConfig({ ...process.env, ...env }));
  await seedSampleData(fresh.db);
  await until('three workers polling', async () => workers.every((w) => w.output.join('').includes('worker polling task queues')), { timeoutMs: 90_000 });
}, 120_000);

afterAll(async () => {
  const running = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  for (const w of running) w.child.kill('SIGTERM');
  // A worker node stops within seconds of SIGTERM; one that does not is a bug, reported with what it said.
  const stuck: string[] = [];
  await Promise.all(
    running.map(async (w) => {
      const timer = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 30_000));
      if ((await Promise.race([w.exited, timer])) !== 'stuck') return;
      stuck.push(`worker ${w.child.pid} did not stop within 30 s of SIGTERM; it said:\n${w.output.join('').slice(-3000)}`);
      w.child.kill('SIGKILL');
      await w.exited;
    }),
  );
  await client?.connection.close();
  await relay?.stop();
  await server?.stop();
  expect(stuck).toEqual([]);
});

/** Message-IDs of what the relay has received, one entry per copy. */
function received(): string[] {
  return relay.received.map((raw) => /^message-id:\s*(\S+)/im.exec(raw)![1]!);
}

/** A send being run right now by one of the workers: its journey, activity and worker. */
async function sendInFlight(workflowIds: string[]): Promise<{ workflowId: string; activityId: string; worker: WorkerChild } | undefined> {
  for (const workflowId of workflowIds) {
    const { raw } = await client.workflow.getHandle(workflowId).describe();
    for (const a of raw.pendingActivities ?? []) {
      if (a.activityType?.name !== 'sendEmail' || a.state !== PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) continue;
      const worker = workers.find((w) => a.lastWorkerIdentity?.startsWith(`${w.child.pid}@`));
      if (worker) return { workflowId, activityId: a.activityId!, worker };
    }
  }
  return undefined;
}

/** The attempt and worker that finished a journey's send activity, from its history. */
async function finishedSend(workflowId: string, activityId: string): Promise<{ attempt: number; identity: string } | undefined> {
  const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = events?.find((e) => e.activityTaskScheduledEventAttributes?.activityId === activityId);
  const started = events?.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled?.eventId));
  const a = started?.activityTaskStartedEventAttributes;
  return a ? { attempt: a.attempt!, identity: a.identity! } : undefined;
}

/** The worker identities (pid@host) that started send activities of these journeys so far. */
async function sendingIdentities(workflowIds: string[]): Promise<Map<string, number>> {
  const identities = new Map<string, number>();
  for (const workflowId of workflowIds) {
    const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
    const sends = new Set<string>();
    for (const e of events ?? []) {
      if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendEmail') sends.add(String(e.eventId));
      const started = e.activityTaskStartedEventAttributes;
      if (started && sends.has(String(started.scheduledEventId))) identities.set(started.identity!, (identities.get(started.identity!) ?? 0) + 1);
    }
  }
  return identities;
}

it('delivers every due email exactly once and ends every journey when a worker is killed in the middle of the sends', async () => {
  const { db } = fresh;
  const file = writeJourneyYaml(fresh.dir, {
    key: 'several',
    name: 'Several workers',
    policy: `${noQuietHours}, perContact: { minGapHours: 0, max: 10 }, perAccount: { max: 50 }`,
    steps: [
      '{ id: hello, type: email, template: intro, audience: { roles: [champion] } }',
      '{ id: pause, type: wait, duration: 2s }',
      '{ id: bye, type: exit, reason: done }',
    ],
  });
  await publishJourneyFile(db, file);
  const accounts = await db.account.findMany({
    where: { poolStatus: 'target', contacts: { some: { role: 'champion', consent: 'subscribed' } } },
    orderBy: { domain: 'asc' },
    take: 30,
  });
  const launched = await launchForAccounts(db, client, 'several', 'several', accounts);
  expect(launched.started).toHaveLength(accounts.length);
  const workflowIds = accounts.map((a) => `journey/several/${a.id}`);

  // Some emails have arrived, more are due: kill a worker in the middle of a send.
  await until('the first emails', async () => received().length >= 4, { timeoutMs: 60_000 });
  const cut = await until('a send in flight', () => sendInFlight(workflowIds), { timeoutMs: 30_000, intervalMs: 50 });
  const arrivedBeforeKill = received().length;
  cut.worker.child.kill('SIGKILL');
  await cut.worker.exited;

  const champions = await db.contact.count({ where: { accountId: { in: accounts.map((a) => a.id) }, role: 'champion', consent: 'subscribed' } });
  expect(arrivedBeforeKill).toBeLessThan(champions);
  // A send the dead worker had started comes back to another worker after its heartbeat timeout.
  await until('every journey to end', async () => (await db.journeyRun.count({ where: { journeyKey: 'several', status: 'completed', exitReason: 'done' } })) === accounts.length, {
    timeoutMs: 90_000,
  });

  const rows = await db.emailSend.findMany({ where: { workflowId: { startsWith: 'journey/several/' } } });
  expect(rows).toHaveLength(champions);
  const copies = received();
  expect(copies.length - new Set(copies).size).toBe(0); // none twice
  // A row that says `sent` arrived; the only other state allowed is unconfirmed: a send the kill
  // cut off between the end of its message and the relay's answer, which is never resent.
  const arrived = new Set(copies);
  expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'unconfirmed')).toEqual([]);
  expect(rows.filter((r) => r.status === 'sent' && !arrived.has(r.messageId))).toEqual([]);
  expect(copies.length).toBeGreaterThanOrEqual(rows.filter((r) => r.status === 'sent').length);
  // Only a send the kill cut off can be unconfirmed (the dead worker may have had several in
  // flight): each finished on a later attempt, on another worker.
  for (const row of rows.filter((r) => r.status === 'unconfirmed')) {
    const { events } = await client.workflow.getHandle(row.workflowId).fetchHistory();
    const send = events?.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendEmail');
    const finished = await finishedSend(row.workflowId, send!.activityTaskScheduledEventAttributes!.activityId!);
    expect(finished?.attempt, `${row.workflowId}: unconfirmed, yet its send was never cut off`).toBeGreaterThanOrEqual(2);
  }

  // The send cut off was run again, by another worker; the sends were shared; the journeys ended
  // in Temporal as well.
  // (Unless it had finished in the instant between being seen in flight and the kill: then the
  // dead worker's first attempt is what the history shows.)
  const retried = await finishedSend(cut.workflowId, cut.activityId);
  const byTheDead = retried?.identity.startsWith(`${cut.worker.child.pid}@`);
  if (retried?.attempt === 1) {
    expect(byTheDead).toBe(true);
  } else {
    expect(retried?.attempt).toBeGreaterThanOrEqual(2);
    expect(byTheDead).toBe(false);
  }
  expect((await sendingIdentities(workflowIds)).size).toBeGreaterThanOrEqual(2);
  for (const id of workflowIds) expect((await client.workflow.getHandle(id).describe()).status.name).toBe('COMPLETED');
}, 150_000);
