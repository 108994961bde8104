// A mail-relay outage in the middle of a campaign, on real parts: the Temporal dev server, the
// worker as `npm run worker` builds it, a database file, and a real SMTP server on loopback as the
// relay (SMTP_URL), stopped after the first emails arrive and started again a little later. Every
// due email must arrive exactly once after the relay returns, without restarting anything, and no
// email may be recorded as sent before the relay had it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedSampleData } from '../../accounts/seed-sample-data';
import { launchForAccounts } from '../../use-cases/launch';
import { publishJourneyFile } from '../../journeys/catalog';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { startDevCluster, type DevCluster } from '../support/dev-cluster';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { noQuietHours, writeJourneyYaml } from '../support/journey-yaml';
import { until } from '../support/until';

let cluster: DevCluster;
let relay: SmtpSink | undefined;
let relayPort: number;
let relayDir: string;

beforeAll(async () => {
  relayPort = await freePort();
  cluster = await startDevCluster({ SMTP_URL: `smtp://127.0.0.1:${relayPort}` });
  relayDir = path.join(cluster.fresh.dir, 'relay');
  relay = await startSmtpSink({ port: relayPort, outboxDir: relayDir });
  await seedSampleData(cluster.fresh.db);
});
afterAll(async () => {
  await relay?.stop();
  await cluster?.stop();
});

/** Message-IDs of what the relay has received, one entry per copy. */
function received(): string[] {
  return readdirSync(relayDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => /^message-id:\s*(\S+)/im.exec(readFileSync(path.join(relayDir, f), 'latin1'))![1]!);
}

it('delivers every due email exactly once after a relay outage, and never records one as sent before the relay had it', async () => {
  const { db, client } = { db: cluster.fresh.db, client: cluster.client };
  const file = writeJourneyYaml(cluster.fresh.dir, {
    key: 'outage',
    name: 'Relay outage',
    policy: `${noQuietHours}, perContact: { minGapHours: 0, max: 10 }, perAccount: { max: 50 }`,
    steps: [
      '{ id: first, type: email, template: intro, audience: { roles: [champion] } }',
      '{ id: gap1, type: wait, duration: 8s }',
      '{ id: second, type: email, template: case-study, audience: { roles: [champion] } }',
      '{ id: gap2, type: wait, duration: 8s }',
      '{ id: third, type: email, template: last-call, audience: { roles: [champion] } }',
    ],
  });
  await publishJourneyFile(db, file);
  const accounts = await db.account.findMany({
    where: { poolStatus: 'target', tier: 1, contacts: { some: { role: 'champion', consent: 'subscribed' } } },
    orderBy: { domain: 'asc' },
    take: 8,
  });
  const launched = await launchForAccounts(db, client, cluster.cfg.temporal.taskQueue, 'outage', accounts);
  expect(launched.started).toHaveLength(accounts.length);

  // The first emails arrive; then the relay goes away.
  await until('the first emails to arrive', async () => received().length > 0);
  await relay!.stop();
  relay = undefined;

  // While it is down: journeys wait on their sends, nothing is recorded as sent that did not
  // arrive, and the timeline says why the email has not gone out.
  // The relay stays away at least 15 s, and until journeys have emails waiting for it.
  const outageEnds = Date.now() + 15_000;
  const queued = () => db.emailSend.findMany({ where: { workflowId: { startsWith: 'journey/outage/' }, status: 'queued' } });
  for (let waited = 0; Date.now() < outageEnds || (await queued()).length === 0; waited += 500) {
    if (waited > 90_000) throw new Error('no email ever waited for the relay');
    const sent = await db.emailSend.findMany({ where: { workflowId: { startsWith: 'journey/outage/' }, status: 'sent' } });
    const arrived = new Set(received());
    expect(sent.filter((s) => !arrived.has(s.messageId))).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
  }
  const waiting = await queued();
  expect(waiting.every((w) => w.relayWaitSince !== null)).toBe(true);
  expect(await db.touch.count({ where: { type: 'email_waiting', workflowId: { startsWith: 'journey/outage/' } } })).toBeGreaterThan(0);
  const held = accounts.find((a) => waiting.some((w) => w.accountId === a.id))!;
  const status = await runCli(['journeys', 'status', held.domain], cluster.env);
  expect(status.stdout).toMatch(/waiting for the mail relay since \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC:/);
  const timeline = await runCli(['accounts', 'timeline', held.domain], cluster.env);
  expect(timeline.stdout).toContain('waiting for the mail relay since');

  // The relay returns on the same address: sending resumes by itself.
  relay = await startSmtpSink({ port: relayPort, outboxDir: relayDir });
  await until('every journey to complete', async () => (await db.journeyRun.count({ where: { journeyKey: 'outage', status: 'completed' } })) === accounts.length, { timeoutMs: 90_000 });

  const rows = await db.emailSend.findMany({ where: { workflowId: { startsWith: 'journey/outage/' } } });
  const champions = await db.contact.count({ where: { accountId: { in: accounts.map((a) => a.id) }, role: 'champion', consent: 'subscribed' } });
  expect(rows).toHaveLength(champions * 3);
  const copies = received();
  expect(new Set(copies).size).toBe(copies.length); // none twice
  // The only row that may not say `sent` is one whose end of message met the relay's shutdown:
  // recorded as unconfirmed, never resent. Every row that says `sent` arrived.
  const arrived = new Set(copies);
  expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'unconfirmed')).toEqual([]);
  expect(rows.filter((r) => r.status === 'sent' && !arrived.has(r.messageId))).toEqual([]);
  expect(rows.filter((r) => r.status === 'unconfirmed').length).toBeLessThanOrEqual(1);
  expect(copies.length).toBeGreaterThanOrEqual(rows.length - 1);
  const waitedThenSent = await db.touch.findMany({ where: { type: 'email_sent', workflowId: { startsWith: 'journey/outage/' } } });
  expect(waitedThenSent.some((t) => (t.detail as { waitedForRelaySince?: string }).waitedForRelaySince)).toBe(true);
});
