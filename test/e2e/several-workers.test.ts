// Several worker nodes on one cluster and one database, as production runs them: three `npm run
// worker` processes (worker/main.ts as real child processes) against one Temporal dev server, one
// database and one relay (a real SMTP server on loopback). A campaign's sends are under way, spread
// by the sends queue's rate limit, when one worker that has been sending is killed with SIGKILL.
// Every due email must still arrive exactly once, and every journey must reach its end.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedSampleData } from '../../accounts/seed-sample-data';
import { launchForAccounts } from '../../client/launch';
import { loadConfig, projectRoot } from '../../config/env';
import { publishJourneyFile } from '../../journeys/catalog';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { connectClient } from '../../temporal/connection';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { freePort } from '../support/free-port';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { until } from '../support/until';

type WorkerChild = { child: ChildProcess; output: string[]; exited: Promise<void> };

let server: DevServer;
let fresh: FreshDb;
let relay: SmtpSink;
let relayDir: string;
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
  fresh = await freshDb();
  const port = await freePort();
  server = await startDevServer({ port, uiPort: port + 1000, namespace: 'default', headless: true });
  const relayPort = await freePort();
  relayDir = path.join(fresh.dir, 'relay');
  relay = await startSmtpSink({ port: relayPort, outboxDir: relayDir });
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
  client = await connectClient(loadConfig({ ...process.env, ...env }));
  await seedSampleData(fresh.db);
  for (let i = 0; i < 3; i++) workers.push(startWorker());
  await until('three workers polling', async () => workers.every((w) => w.output.join('').includes('worker polling task queues')), { timeoutMs: 90_000 });
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await client?.connection.close();
  await relay?.stop();
  await server?.stop();
  await fresh?.db.$disconnect();
});

/** Message-IDs of what the relay has received, one entry per copy. */
function received(): string[] {
  return readdirSync(relayDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => /^message-id:\s*(\S+)/im.exec(readFileSync(path.join(relayDir, f), 'latin1'))![1]!);
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
  const file = path.join(fresh.dir, 'several.yaml');
  writeFileSync(
    file,
    [
      'key: several',
      'name: Several workers',
      'policy: { quietHours: { start: "00:00", end: "00:00", weekends: false }, perContact: { minGapHours: 0, max: 10 }, perAccount: { max: 50 } }',
      'stages:',
      '  - key: engage',
      '    steps:',
      '      - { id: hello, type: email, template: intro, audience: { roles: [champion] } }',
      '      - { id: pause, type: wait, duration: 2s }',
      '      - { id: bye, type: exit, reason: done }',
    ].join('\n'),
  );
  await publishJourneyFile(db, file);
  const accounts = await db.account.findMany({
    where: { poolStatus: 'target', contacts: { some: { role: 'champion', consent: 'subscribed' } } },
    orderBy: { domain: 'asc' },
    take: 30,
  });
  const launched = await launchForAccounts(db, client, 'several', 'several', accounts);
  expect(launched.started).toHaveLength(accounts.length);
  const workflowIds = accounts.map((a) => `journey/several/${a.id}`);

  // Some emails have arrived, more are due: kill a worker that has been sending.
  await until('the first emails', async () => received().length >= 6, { timeoutMs: 60_000 });
  const senders = await sendingIdentities(workflowIds);
  const victim = workers.find((w) => [...senders.keys()].some((id) => id.startsWith(`${w.child.pid}@`)))!;
  expect(victim).toBeDefined();
  const arrivedBeforeKill = received().length;
  victim.child.kill('SIGKILL');
  await victim.exited;

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
  expect(rows.filter((r) => r.status === 'unconfirmed').length).toBeLessThanOrEqual(1);

  // The sends were shared: the survivors sent too, and the journeys ended in Temporal as well.
  expect((await sendingIdentities(workflowIds)).size).toBeGreaterThanOrEqual(2);
  for (const id of workflowIds) expect((await client.workflow.getHandle(id).describe()).status.name).toBe('COMPLETED');
}, 150_000);
