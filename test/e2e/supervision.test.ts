// When Temporal goes away under a running Harpoon: `npm start` restarts its dev server (killed as a
// user would, with SIGKILL) and says so once, and journeys carry on; `journeys status` and the
// console say in words that Temporal is unreachable, and still show what the database knows.
import '../support/quiet-runtime';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { seedSampleData } from '../../accounts/seed-sample-data';
import { runHarpoon } from '../../app/harpoon';
import { demoDomain, demoJourneyKey } from '../../app/seed-demo';
import { startTrackingServer } from '../../app/tracking-server';
import { launchForAccounts } from '../../use-cases/launch';
import { loadConfig } from '../../config/env';
import { startLinkUrl } from '../../console/start-link';
import { createDb } from '../../db/client';
import { trackingSecret } from '../../mail/tracking';
import { connectClient } from '../../temporal/connection';
import { statusQuery } from '../../workflows/journey-api';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { sayHttpFailures } from '../support/dev-cluster';
import { freshDb } from '../support/fresh-db';
import { testTmpDir } from '../support/paths';
import { until } from '../support/until';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

it('restarts a killed Temporal dev server, says so once, and journeys started afterwards run', async () => {
  const dataDir = mkdtempSync(path.join(testTmpDir(), 'supervise-'));
  const port = await freePort();
  const cfg = loadConfig({
    ...process.env,
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    HARPOON_DATA_DIR: dataDir,
    TEMPORAL_PORT: String(port),
    TEMPORAL_UI_PORT: String(await freePort()),
    HTTP_PORT: String(await freePort()),
    SMTP_SINK_PORT: String(await freePort()),
  });
  const lines: string[] = [];
  const harpoon = await runHarpoon(cfg, { log: (line) => lines.push(line), restartBackoffMs: [100] });
  stops.push(harpoon.stop);

  const server = execFileSync('pgrep', ['-f', `start-dev --ip 127.0.0.1 --port ${port} `]).toString().trim();
  expect(server).toMatch(/^\d+$/);
  process.kill(Number(server), 'SIGKILL');

  await until('the dev server to be back', async () => lines.some((l) => l === '[harpoon] the Temporal dev server is back'), { timeoutMs: 60_000 });
  expect(lines.filter((l) => l.includes('stopped unexpectedly'))).toEqual([
    '[harpoon] the Temporal dev server stopped unexpectedly (killed by SIGKILL); restarting it (attempt 1)...',
  ]);
  const again = execFileSync('pgrep', ['-f', `start-dev --ip 127.0.0.1 --port ${port} `]).toString().trim();
  expect(again).not.toBe(server);

  // Same data file: the demo journey seeded before the kill is still there, and the worker, polling
  // again, answers for it and runs a journey started after the restart.
  const client = await connectClient(cfg);
  stops.push(() => client.connection.close());
  const db = await createDb(cfg.databaseUrl);
  stops.push(() => db.$disconnect());
  const demo = await db.journeyRun.findFirstOrThrow({ where: { journeyKey: demoJourneyKey } });
  const before = await until('the worker to answer for the demo journey', () => client.workflow.getHandle(demo.workflowId).query(statusQuery), { timeoutMs: 30_000 });
  expect(before.stage).toBeTruthy();

  const other = await db.account.findFirstOrThrow({ where: { domain: { not: demoDomain } }, orderBy: { domain: 'asc' } });
  const launched = await launchForAccounts(db, client, cfg.temporal.taskQueue, demoJourneyKey, [other]);
  expect(launched.notEligible).toEqual([]);
  const run = await until('the new journey to record itself', () => db.journeyRun.findFirst({ where: { accountId: other.id, journeyKey: demoJourneyKey } }), { timeoutMs: 30_000 });
  const view = await until('the new journey to answer', () => client.workflow.getHandle(run.workflowId).query(statusQuery), { timeoutMs: 30_000 });
  expect(view.timeline.length).toBeGreaterThan(0);
  expect(lines.filter((l) => l.includes('giving up'))).toEqual([]);

  // Harpoon's own long-lived client reconnected too: the console, which asks through it, has no notice.
  const startLink = /open (\S+\/console\/start\/\S+) to sign in as admin/.exec(lines.join('\n'))![1]!;
  const cookie = (await fetch(startLink, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
  const dashboard = await until('the console to see Temporal again', async () => {
    const body = await (await fetch(`http://127.0.0.1:${cfg.http.port}/console/dashboard`, { headers: { cookie } })).text();
    return !body.includes('class="notice"') && body;
  }, { timeoutMs: 15_000 });
  expect(dashboard).toContain('target accounts');
});

it('says Temporal is unreachable in `journeys status` (exit code 2) and on every console page, and still shows the database', async () => {
  const fresh = await freshDb();
  stops.push(() => fresh.db.$disconnect());
  await seedSampleData(fresh.db);
  const away = `127.0.0.1:${await freePort()}`;
  const env = { DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir, TEMPORAL_ADDRESS: away, HTTP_PORT: String(await freePort()) };

  const started = Date.now();
  const status = await runCli(['journeys', 'status', demoDomain], env);
  expect(status.code).toBe(2);
  expect(status.stderr).toContain(`Temporal at ${away} is unreachable`);
  expect(status.stderr).toContain('Check that "npm start"');
  expect(status.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(status.stdout).toContain('has no journey yet: launch one');
  expect(Date.now() - started).toBeLessThan(20_000);

  const cfg = loadConfig({ ...process.env, ...env });
  const http = await startTrackingServer(cfg, fresh.db, undefined, sayHttpFailures);
  stops.push(http.stop);
  const signedIn = await fetch(startLinkUrl(http.url, trackingSecret(cfg.http.trackingSecret, cfg.dataDir)), { redirect: 'manual' });
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const page = await fetch(`${http.url}/console/dashboard`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const body = await page.text();
  expect(body).toContain(`<p class="notice" role="status">Temporal at ${away} is unreachable: journeys are not moving on`);
  expect(body).toMatch(/<b>\d{2,}<\/b><span>target accounts<\/span>/);
});
