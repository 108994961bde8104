// Temporal goes away while engagement happens: `engagement send`, a tracked click and a contacts import
// all return at once and queue their events; when Temporal is back, every event reaches its journey,
// once, and the journeys follow their triggers and goals. Real dev server (stopped and started again
// on its data file), real worker node with its dispatcher, real CLI, real tracking server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { messageIdFor } from '../../mail/compose';
import { sendRefFor, signToken, trackingSecret } from '../../mail/tracking';
import { statusQuery } from '../../workflows/journey-api';
import { runCli } from '../support/cli';
import { startDevCluster, type DevCluster } from '../support/dev-cluster';
import { writeJourneyYaml } from '../support/journey-yaml';
import { createTargetAccount } from '../support/target-account';
import { until } from '../support/until';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

it('delivers every event recorded while Temporal was away once it is back, and the journeys follow their triggers', async () => {
  const { db } = cluster.fresh;
  const { env } = cluster;
  const cli = await createTargetAccount(db, 'cli-clicks', { contacts: ['ana', 'bo'] });
  const tracked = await createTargetAccount(db, 'link-clicks', { contacts: ['cy', 'di'] });
  const leaving = await createTargetAccount(db, 'leaving', { contacts: ['ed'] });

  const journeyFile = writeJourneyYaml(cluster.fresh.dir, {
    key: 'pricing-watch',
    name: 'Pricing watch',
    steps: ['{ id: settle, type: wait, duration: 30d }'],
    more: [
      '  - { key: convert, steps: [{ id: hold, type: wait, duration: 30d }] }',
      'triggers:',
      '  - { on: { type: clicked, tag: pricing }, then: { goto: convert } }',
      'goals:',
      '  - { when: all_contacts_unsubscribed, exit: all_contacts_unsubscribed }',
    ],
  });
  expect((await runCli(['journeys', 'publish', journeyFile], env)).stdout).toContain('published pricing-watch version 1');
  const listFile = path.join(cluster.fresh.dir, 'accounts.txt');
  writeFileSync(listFile, [cli, tracked, leaving].map((a) => a.domain).join('\n'));
  expect((await runCli(['journeys', 'launch', 'pricing-watch', '--accounts', listFile], env)).stdout).toContain('3 started');
  const journey = (a: { id: string }) => cluster.client.workflow.getHandle(`journey/pricing-watch/${a.id}`);
  // Running and listening: what happens from now on reaches them as signals.
  for (const a of [cli, tracked, leaving]) await until('the journey to answer', () => journey(a).query(statusQuery));

  await cluster.stopServer();

  // `engagement send` records and returns without Temporal.
  const sent = await runCli(['engagement', 'send', 'clicked', '--contact', cli.contacts[0]!.email, '--tag', 'pricing'], env);
  expect(sent).toMatchObject({ code: 0, stderr: '' });
  expect(sent.stdout).toContain('clicked recorded for ana@cli-clicks.example; queued for 1 running journey(s)');

  // A tracked pricing link, clicked in an email.
  const secret = trackingSecret(cluster.cfg.http.trackingSecret, cluster.cfg.dataDir);
  const http = await cluster.startTrackingServer();
  // The link of an email the journey sent an hour ago, clicked by a person's browser.
  const sendKey = `${journey(tracked).workflowId}|engage/offer#1|${tracked.contacts[0]!.id}`;
  await db.emailSend.create({
    data: {
      idempotencyKey: sendKey,
      accountId: tracked.id,
      contactId: tracked.contacts[0]!.id,
      workflowId: journey(tracked).workflowId,
      stepPath: 'engage/offer#1',
      templateKey: 'pricing-guide',
      messageId: messageIdFor(sendKey),
      status: 'sent',
      sentAt: new Date(Date.now() - 3_600_000),
    },
  });
  const token = signToken({ kind: 'click', send: sendRefFor(sendKey), url: 'https://harpoon.example/pricing', tag: 'pricing' }, secret);
  const click = await fetch(`${http.url}/t/click?t=${token}`, { redirect: 'manual', headers: { 'User-Agent': BROWSER } });
  expect(click.status).toBe(302);
  expect(click.headers.get('location')).toBe('https://harpoon.example/pricing');

  // An import that leaves nobody reachable in an account.
  const csv = path.join(cluster.fresh.dir, 'contacts.csv');
  writeFileSync(csv, `email,account_domain,role,consent\n${leaving.contacts[0]!.email},${leaving.domain},champion,unsubscribed\n`);
  const imported = await runCli(['contacts', 'import', csv], env);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stderr).toContain('Queued 1 contact change(s) for running journeys.');

  // Status still answers from the database, and shows what waits.
  const down = await runCli(['journeys', 'status', cli.domain, '--json'], env);
  expect(down.code).toBe(2);
  const downStatus = JSON.parse(down.stdout);
  expect(downStatus.temporal.reachable).toBe(false);
  expect(downStatus.journeys).toEqual([
    expect.objectContaining({ workflowId: journey(cli).workflowId, status: 'running', stage: 'engage', pendingDeliveries: expect.objectContaining({ count: 1 }) }),
  ]);
  const text = await runCli(['journeys', 'status', cli.domain], env);
  expect(text.stdout).toMatch(/1 event\(s\) waiting for delivery since \S+/);

  // The dispatcher keeps trying, and says so once.
  await until('a second attempt', () => db.journeyDelivery.findFirst({ where: { attempts: { gte: 2 } } }));
  expect(await db.journeyDelivery.count({ where: { deliveredAt: null } })).toBe(3);
  expect(cluster.logs.filter((l) => l.includes('Temporal unreachable'))).toEqual([expect.stringMatching(/Temporal unreachable .*, \d deliveries waiting; retrying$/)]);

  await cluster.startServer();

  await until('both clicks to move their journeys to convert', async () =>
    (await db.journeyRun.count({ where: { workflowId: { in: [journey(cli).workflowId, journey(tracked).workflowId] }, stage: 'convert' } })) === 2,
  );
  const ended = await until('the import to end the third journey', () =>
    db.journeyRun.findFirst({ where: { workflowId: journey(leaving).workflowId, status: 'completed' } }),
  );
  expect(ended.exitReason).toBe('all_contacts_unsubscribed');
  for (const a of [cli, tracked]) {
    const view = await journey(a).query(statusQuery);
    expect(view.stage).toBe('convert');
    expect(view.timeline.filter((t) => t.text.startsWith('clicked (pricing)'))).toHaveLength(1);
    expect(view.timeline.map((t) => t.text)).toContain('engage → convert (trigger: clicked (pricing))');
  }
  const rows = await db.journeyDelivery.findMany({ orderBy: { id: 'asc' } });
  expect(rows.map((r) => [r.kind, r.outcome])).toEqual([
    ['engagement', 'delivered'],
    ['engagement', 'delivered'],
    ['contactChanged', 'delivered'],
  ]);
  expect(cluster.logs.filter((l) => l.includes('Temporal reachable again'))).toHaveLength(1);

  const up = JSON.parse((await runCli(['journeys', 'status', cli.domain, '--json'], env)).stdout);
  expect(up.temporal.reachable).toBe(true);
  expect(up.journeys[0]).toMatchObject({ stage: 'convert', pendingDeliveries: { count: 0 } });
});
