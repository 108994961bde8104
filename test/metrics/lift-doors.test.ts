// The lift of one journey's holdout through the three doors on one database: `harpoon report lift
// --json`, GET /v1/metrics/lift and the console's Lift page show the same figures, and those figures
// are the hand computation below. October 2026; journey "exec" held out 2 of 6 tier-1 accounts.
//
//   treated  t1: engaged, handed off on the 5th, an opportunity of 1,000 on the 10th, won on the 20th
//            t2: engaged, handed off on the 6th          t3: engaged          t4: nothing
//   held out h1: engaged (by another journey's email)    h2: nothing
//
//   engaged       treated 3/4 = 75.0 %, held out 1/2 = 50.0 %: lift +25.0 points, relative +50.0 %
//     Wilson 3/4 (z = 1.959964, z² = 3.841459): centre (3 + 1.920730) / 7.841459 = 0.627530,
//     half 1.959964 / 7.841459 × √(3·1/4 + 0.960365) = 0.249949 × 1.307809 = 0.326885 → 30.1 % to 95.4 %
//     Wilson 1/2: centre (1 + 1.920730) / 5.841459 = 0.5, half 0.335527 × √(1·1/2 + 0.960365) = 0.335527 × 1.208456 = 0.405470 → 9.45 % to 90.55 %
//     Newcombe: 0.25 − √((0.75 − 0.3006)² + (0.9055 − 0.5)²) = 0.25 − √(0.20196 + 0.16443) = 0.25 − 0.60530 = −0.3553
//               0.25 + √((0.9544 − 0.75)² + (0.5 − 0.0945)²) = 0.25 + √(0.04178 + 0.16443) = 0.25 + 0.45410 = +0.7041
//   MQA           treated 2/4 = 50.0 %, held out 0/2 = 0.0 %: lift +50.0 points, relative - (nothing to divide by)
//   opportunity   treated 1/4 (t1), held out 0/2;   won  treated 1/4, held out 0/2
//   pipeline/acc  treated 1,000, 0, 0, 0: mean 250.00, variance (750² + 3 × 250²) / 3 = 250,000,
//                 half 1.959964 × √(250,000 / 4) = 489.99 → -239.99 to 739.99; held out 0, 0: 0.00
//   warning       4 treated and 2 held out: fewer than 30 in a group
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpServer } from '../../http/server';
import type { LiftReport } from '../../metrics/lift';
import { createApiKey } from '../../use-cases/api-keys';
import { runCli } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let server: HttpServer;
const at = (day: number) => new Date(Date.UTC(2026, 9, day, 10));
const october = { from: '2026-10-01', to: '2026-10-31' };

beforeAll(async () => {
  const db = t.db;
  await db.journeyVersion.create({ data: { key: 'exec', version: 1, name: 'exec', definition: { holdout: { share: 0.3, seed: 'autumn' } }, checksum: 'exec' } });
  const ids: Record<string, string> = {};
  let n = 0;
  for (const [name, group] of [['t1', 'treated'], ['t2', 'treated'], ['t3', 'treated'], ['t4', 'treated'], ['h1', 'held_out'], ['h2', 'held_out']] as const) {
    const account = await db.account.create({ data: { domain: `${name}.example`, name, tier: 1, poolStatus: 'target', contacts: { create: { email: `champ@${name}.example`, role: 'champion' } } }, include: { contacts: true } });
    ids[name] = account.id;
    await db.holdoutAssignment.create({ data: { journeyKey: 'exec', accountId: account.id, group, stratum: 'tier 1', share: 0.3, seed: 'autumn', launch: 'launch 2026-09-30T00:00:00.000Z', assignedAt: new Date('2026-09-30T00:00:00Z') } });
    if (['t1', 't2', 't3', 'h1'].includes(name)) {
      await db.touch.create({ data: { accountId: account.id, contactId: account.contacts[0]!.id, type: 'clicked', at: at(3), detail: {}, idempotencyKey: `lift|${++n}` } });
    }
  }
  const task = (name: string, data: Record<string, unknown>) =>
    db.salesTask.create({ data: { id: `handoff/${ids[name]}/1`, accountId: ids[name]!, seq: 1, journeyWorkflowId: `journey/exec/${ids[name]}`, trigger: 'mqa', evidence: {}, slaDays: 1, status: 'created', ...data } });
  await task('t1', { createdAt: at(5), acceptedAt: at(6), opportunityAt: at(10), status: 'won', closedAt: at(20), amount: 1000, opportunityAmount: 1000, currency: 'EUR' });
  await task('t2', { createdAt: at(6) });
  server = await startDoorsWithoutTemporal(db, 'lift-doors-secret-0123456789');
});
afterAll(async () => {
  await server?.stop();
});

it('shows the same lift through the CLI, the API and the console, as computed by hand', async () => {
  const cli = await runCli(['report', 'lift', '--journey', 'exec', '--from', october.from, '--to', october.to, '--json'], { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir });
  expect(cli.stderr).toBe('');
  const fromCli = JSON.parse(cli.stdout) as LiftReport;
  const table = (await runCli(['report', 'lift', '--journey', 'exec', '--from', october.from, '--to', october.to], { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir })).stdout;
  expect(table).toContain('Lift of exec (30.0 % held out of each tier, seed "autumn"); 2026-10-01 to 2026-10-31 (UTC); 95 % intervals');
  expect(table).toContain('  engaged accounts  treated 75.0 % (3/4) [30.1 % to 95.4 %]; held out 50.0 % (1/2) [9.4 % to 90.5 %]; lift +25.0 points [-35.5 to +70.4], relative +50.0 %');
  expect(table).toContain('  pipeline/account  treated 250.00 EUR [-239.99 to 739.99]; held out 0.00 EUR [0.00 to 0.00]; difference 250.00 EUR [-239.99 to 739.99]');

  const key = await createApiKey(t.db, { name: 'lift', role: 'marketing' });
  const res = await fetch(`${server.url}/v1/metrics/lift?journey=exec&from=${october.from}&to=${october.to}`, { headers: { Authorization: `Bearer ${key.secret}` } });
  expect(res.status).toBe(200);
  const fromApi = (await res.json()) as LiftReport;
  const { generatedAt: _cliAt, ...cliFigures } = fromCli;
  const { generatedAt: _apiAt, ...apiFigures } = fromApi;
  expect(apiFigures).toEqual(cliFigures);

  // The hand computation above.
  expect([fromApi.treatedAccounts, fromApi.heldOutAccounts, fromApi.holdout]).toEqual([4, 2, { share: 0.3, seed: 'autumn' }]);
  expect(fromApi.rates.engaged).toMatchObject({ treated: { events: 3, accounts: 4, rate: 0.75, interval: { low: 0.3006, high: 0.9544 } }, heldOut: { rate: 0.5 }, difference: 0.25, relative: 0.5 });
  expect(fromApi.rates.mqa).toMatchObject({ treated: { rate: 0.5 }, heldOut: { rate: 0 }, difference: 0.5, relative: null });
  expect([fromApi.rates.opportunity.treated.events, fromApi.rates.won.treated.events, fromApi.rates.won.heldOut.events]).toEqual([1, 1, 0]);
  expect(fromApi.pipelinePerAccount).toMatchObject({ treated: { mean: 250, interval: { low: -239.99, high: 739.99 } }, heldOut: { mean: 0 }, difference: 250 });
  expect(fromApi.warning).toMatch(/^too few accounts to conclude anything: 4 treated and 2 held out/);

  // The console, signed in with the same key, prints the same figures.
  const signIn = await fetch(`${server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: key.secret }).toString() });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const page = await fetch(`${server.url}/console/lift?journey=exec&from=${october.from}&to=${october.to}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const body = await page.text();
  const words = (fragment: string) => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replaceAll('&quot;', '"').replaceAll('&#39;', "'").trim();
  const row = (outcome: string) => words(new RegExp(`<tr data-outcome="${outcome}">([\\s\\S]*?)</tr>`).exec(body.slice(body.indexOf('id="lift-all"')))![1]!);
  expect(words(body)).toContain('exec: 30.0 % of each tier held out, seed "autumn"');
  expect(words(body)).toContain('4 treated, 2 held out. too few accounts to conclude anything: 4 treated and 2 held out');
  // Pooled engaged rate 4/6: the smaller group (2) expects 2 × 4/6 = 1.3333 events.
  expect(row('engaged')).toBe(
    'engaged accounts fewer than 5 events expected in the smaller group (1.3333 at the pooled rate) 75.0 % (3/4) [30.1 % to 95.4 %] 50.0 % (1/2) [9.4 % to 90.5 %] +25.0 [-35.5 to +70.4] +50.0 %',
  );
  expect(fromApi.rates.engaged.heldOut.interval).toEqual({ low: 0.0945, high: 0.9055 });
  expect(fromApi.rates.engaged.interval).toEqual({ low: -0.3553, high: 0.7041 });
  expect(row('mqa')).toMatch(/^MQA .* 50\.0 % \(2\/4\) \[15\.0 % to 85\.0 %\] 0\.0 % \(0\/2\) \[0\.0 % to 65\.8 %\] \+50\.0 \[-24\.5 to \+85\.0\] -$/);
  expect(row('pipeline')).toBe('pipeline per account 250.00 EUR [-239.99 to 739.99] 0.00 EUR [0.00 to 0.00] 250.00 EUR [-239.99 to 739.99] -');
});

it('refuses a lift without a journey, or of an unknown one, at every door with the same words', async () => {
  const env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  const none = await runCli(['report', 'lift'], env);
  expect(none.stderr.trim()).toBe('harpoon: --journey: expected the key of the journey whose holdout to measure, such as tier1-executive');
  const unknown = await runCli(['report', 'lift', '--journey', 'nope'], env);
  expect(unknown.stderr.trim()).toBe('harpoon: No journey "nope": list the published ones with "harpoon journeys list".');
  // A journey that asks for no holdout and never held out anyone has nothing to compare: said, not a table of dashes.
  await t.db.journeyVersion.create({ data: { key: 'plain', version: 1, name: 'plain', definition: {}, checksum: 'plain' } });
  const plain = await runCli(['report', 'lift', '--journey', 'plain'], env);
  expect([plain.code, plain.stderr.trim()]).toEqual([
    1,
    'harpoon: --journey plain has no holdout group, so there is nothing to measure its lift against: add "holdout: { share: 0.1 }" to its file and publish it, or launch it with a holdout (harpoon journeys launch --holdout 10%); its next launch then holds out that share',
  ]);
  const key = await createApiKey(t.db, { name: 'lift refusals', role: 'marketing' });
  const call = (q: string) => fetch(`${server.url}/v1/metrics/lift${q}`, { headers: { Authorization: `Bearer ${key.secret}` } });
  expect((await call('')).status).toBe(400);
  expect((await call('?journey=nope')).status).toBe(404);
  expect((await call('?journey=plain')).status).toBe(400);
  // A tier narrows it and is echoed as applied (a number), as the CLI prints it.
  const tier1 = await call(`?journey=exec&tier=1&from=${october.from}&to=${october.to}`);
  expect(tier1.status).toBe(200);
  const { generatedAt: _apiAt, ...fromApi } = (await tier1.json()) as Record<string, unknown>;
  const { generatedAt: _cliAt, ...fromCli } = JSON.parse((await runCli(['report', 'lift', '--journey', 'exec', '--tier', '1', '--from', october.from, '--to', october.to, '--json'], env)).stdout);
  expect(fromApi).toEqual(fromCli);
  expect(fromApi.filter).toEqual({ journey: 'exec', tier: 1, from: october.from, to: october.to });
  // The report without a subcommand still works beside it.
  const report = JSON.parse((await runCli(['report', '--journey', 'exec', '--json'], env)).stdout);
  expect(report.filter).toEqual({ journey: 'exec' });
});
