// `npm start` as a newcomer runs it: Web UI up, a demo journey running and findable by
// JourneyName, and after a restart the same journey is still there and still running, and what the
// operator published meanwhile is still in force (the sample is seeded into an empty database only).
import '../support/quiet-runtime';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runHarpoon } from '../../app/harpoon';
import { loadConfig, projectRoot } from '../../config/env';
import { connectClient } from '../../temporal/connection';
import { runCliOk } from '../support/cli';
import { freePort } from '../support/free-port';
import { testTmpDir } from '../support/paths';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

async function demoJourneys(cfg: ReturnType<typeof loadConfig>) {
  const client = await connectClient(cfg);
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = [];
      for await (const wf of client.workflow.list({ query: 'JourneyName = "demo"' })) found.push(wf);
      if (found.length > 0 || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await client.connection.close();
  }
}

it('starts everything, seeds a demo journey, and keeps it across a restart', async () => {
  const dataDir = mkdtempSync(path.join(testTmpDir(), 'start-'));
  const port = await freePort();
  const env = {
    HARPOON_DATA_DIR: dataDir,
    TEMPORAL_PORT: String(port),
    TEMPORAL_UI_PORT: String(await freePort()),
    HTTP_PORT: String(await freePort()),
    SMTP_SINK_PORT: String(await freePort()),
  };
  const cfg = loadConfig({ ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '', ...env });
  const lines: string[] = [];

  const first = await runHarpoon(cfg, { log: (line) => lines.push(line) });
  stops.push(first.stop);
  const ui = await fetch(`http://localhost:${cfg.temporal.uiPort}/`);
  expect(ui.status).toBe(200);
  const before = await demoJourneys(cfg);
  expect(before).toHaveLength(1);
  expect(before[0]!.status.name).toBe('RUNNING');
  expect(lines.join('\n')).toContain(`Web UI at http://localhost:${cfg.temporal.uiPort}`);
  // The console's URL and a sign-in link are printed; on the sample data its pages show the programme at once.
  expect(lines.join('\n')).toContain(`web console at http://127.0.0.1:${cfg.http.port}/console`);
  const startLink = /open (\S+\/console\/start\/\S+) to sign in as admin/.exec(lines.join('\n'))?.[1];
  const signedIn = await fetch(startLink!, { redirect: 'manual' });
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const page = async (p: string) => (await fetch(`http://127.0.0.1:${cfg.http.port}${p}`, { headers: { cookie } })).text();
  expect(await page('/console/dashboard')).toMatch(/<b>\d{2,}<\/b><span>target accounts<\/span>/);
  expect(await page('/console/journeys')).toContain('<b>demo</b>');
  // The operator edits the demo journey and publishes it: version 2. (The CLI finds the database from the data dir.)
  const cli = { ...env, DATABASE_URL: '', TEMPORAL_ADDRESS: `localhost:${port}` };
  const edited = path.join(dataDir, 'demo.yaml');
  writeFileSync(edited, readFileSync(path.join(projectRoot, 'journeys', 'demo.yaml'), 'utf8').replace('name: Demo journey', 'name: Our demo'));
  expect((await runCliOk(['journeys', 'publish', edited], cli)).stdout).toContain('published demo version 2');
  await first.stop();
  stops.pop();

  const second = await runHarpoon(cfg, { log: (line) => lines.push(line) });
  stops.push(second.stop);
  const after = await demoJourneys(cfg);
  expect(after.map((wf) => [wf.workflowId, wf.runId, wf.status.name])).toEqual([
    [before[0]!.workflowId, before[0]!.runId, 'RUNNING'],
  ]);
  const restart = lines.slice(lines.findIndex((l) => l.includes('sample data not seeded')));
  expect(restart[0]).toMatch(/sample data not seeded: the database already holds \d+ accounts/);
  expect(restart.join('\n')).not.toMatch(/published journey|demo journey for|created event/);
  const latest = JSON.parse((await runCliOk(['journeys', 'list', '--json'], cli)).stdout) as { key: string; latestVersion: number; name: string }[];
  expect(latest.find((j) => j.key === 'demo')).toMatchObject({ latestVersion: 2, name: 'Our demo' });
});
