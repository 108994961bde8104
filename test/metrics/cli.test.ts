// `harpoon report`, `costs` and `opportunities` as a user runs them, on the fixed programme of
// fixture.ts: the same numbers as computeReport, a readable table, CSV, and one-line refusals.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { writeSnapshots } from '../../metrics/snapshots';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';
import { seedMetricsFixture } from './fixture';

const t = useFreshDb();
let env: Record<string, string>;
const october = ['--from', '2026-10-01', '--to', '2026-10-31'];
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  await seedMetricsFixture(t.db);
});

it('prints the report as a table, as JSON and as CSV', async () => {
  const table = await runCli(['report', ...october], env);
  expect(table.code, table.stderr).toBe(0);
  expect(table.stdout).toContain('Metrics for target pool; 2026-10-01 to 2026-10-31 (UTC)');
  expect(table.stdout).toContain('  engagement rate                66.7 %  (2 of 3 accounts engaged, 4 contacts)');
  expect(table.stdout).toContain('  cost per opportunity           3,600.60 EUR');
  expect(table.stdout).toMatch(/alpha\.example +1 +won +2\/3 +2 +2,300\.20 +problem_owner, decision_maker/);

  const json = await runCli(['report', ...october, '--tier', '1', '--json'], env);
  const report = JSON.parse(json.stdout);
  expect([report.shortTerm.targetAccounts, report.midTerm.cost, report.longTerm.revenueInfluenced]).toEqual([1, 2300.2, 60_000]);

  const csv = (await runCli(['report', ...october, '--csv'], env)).stdout.trim().split('\n');
  expect(csv[0]).toMatch(/^slice,currency,shortTerm\.targetAccounts,shortTerm\.contactsKnown,/);
  expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['all', 'tier:1', 'tier:2', 'tier:3', 'owner:anna@keelson.example', 'owner:ben@keelson.example', 'journey:exec', 'journey:nurture']);
});

it('refuses a bad filter in one line naming the option', async () => {
  const bad = await runCli(['report', '--tier', '4', '--to', '31.10.2026'], env);
  expect(bad.code).toBe(1);
  expect(bad.stderr.trim()).toBe('harpoon: --tier: expected 1, 2 or 3; --to: expected the last day of the period as YYYY-MM-DD, such as 2026-11-01');
  // A period that has not begun would show zeros, as if nothing had happened.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const future = await runCli(['report', '--from', tomorrow], env);
  expect([future.code, future.stderr.trim()]).toEqual([1, `harpoon: --from: ${tomorrow} has not begun yet; a report covers what happened, up to today`]);
  const owner = await runCli(['report', '--trend', '--owner', 'anna@keelson.example'], env);
  expect(owner.stderr.trim()).toMatch(/^harpoon: --trend: daily snapshots are kept for the whole programme, each tier and each journey/);
});

it('records costs in one currency and lists them; the report counts them at once', async () => {
  const added = await runCli(['costs', 'add', '--amount', '1,200', '--currency', 'eur', '--journey', 'exec', '--period', '2026-10', '--note', 'agency'], env);
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toMatch(/^recorded 1,200.00 EUR for journey exec in 2026-10 \(\w+\)/);
  const usd = await runCli(['costs', 'add', '--amount', '10', '--currency', 'USD', '--emails', '100'], env);
  expect(usd.stderr.trim()).toBe('harpoon: --currency: amounts are kept in EUR; convert this amount to EUR and record it in EUR');
  const unknown = await runCli(['costs', 'add', '--amount', '10', '--currency', 'EUR', '--journey', 'nope'], env);
  expect(unknown.stderr.trim()).toBe('harpoon: --journey: no journey "nope"; list the published ones with "harpoon journeys list"');
  const list = await runCli(['costs', 'list'], env);
  expect(list.stdout).toMatch(/2026-10 +1,200.00 EUR {2}journey exec: agency/);
  const report = JSON.parse((await runCli(['report', ...october, '--json'], env)).stdout);
  expect(report.midTerm.cost).toBe(4800.6); // 3,600.6 + 1,200

  const id = /\((\w+)\)$/.exec(added.stdout.trim())![1]!;
  expect((await runCli(['costs', 'remove', id], env)).stdout.trim()).toBe(`removed cost ${id}`);
  expect((await runCli(['costs', 'remove', id], env)).stderr.trim()).toBe(`harpoon: No cost "${id}": list them with "harpoon costs list".`);
  expect(JSON.parse((await runCli(['report', ...october, '--json'], env)).stdout).midTerm.cost).toBe(3600.6);
});

it('imports CRM opportunities all-or-nothing, and counts those outside the pool in the share', async () => {
  const bad = path.join(t.dir, 'bad.csv');
  writeFileSync(bad, 'id,account_domain,opened_at,amount\ncrm-9,not a domain,2026-10-40,-5\n');
  const refused = await runCli(['opportunities', 'import', bad], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('row 2, column account_domain: "not a domain" is not a web domain');
  expect(refused.stderr).toContain('row 2, column opened_at: "2026-10-40" is not a date');
  expect(refused.stderr).toContain('row 2, column amount: "-5" is not');
  const good = path.join(t.dir, 'good.csv');
  writeFileSync(good, 'id,account_domain,opened_at,amount,currency,status\ncrm-9,https://www.elsewhere.example/,2026-10-20,"12,000",eur,open\ncrm-1,outside.example,2026-10-07,,,won\n');
  const imported = await runCli(['opportunities', 'import', good], env);
  expect(imported.stdout.trim()).toBe("imported 2 opportunities, 2 of accounts outside the target pool (a target account's opportunities are its sales tasks)");
  const report = JSON.parse((await runCli(['report', ...october, '--json'], env)).stdout);
  expect([report.midTerm.allOpportunities, report.midTerm.shareOfOpportunities]).toEqual([3, 0.3333]); // 1 / (1 handoff + crm-1 + crm-9)
});

it('prints the daily trend from the snapshots', async () => {
  await writeSnapshots(t.db, '2026-10-31');
  const trend = await runCli(['report', '--trend', '--tier', '1'], env);
  expect(trend.stdout).toContain('Daily snapshots of tier:1');
  expect(trend.stdout).toMatch(/2026-10-31 +1 +1 +100\.0 %/);
  const json = JSON.parse((await runCli(['report', '--trend', '--json'], env)).stdout);
  expect(json.map((row: { day: string }) => row.day)).toEqual(['2026-10-31']);
  // A period without snapshots still gives a spreadsheet its columns.
  const [header, day] = (await runCli(['report', '--trend', '--csv'], env)).stdout.trim().split('\n');
  expect(day).toMatch(/^2026-10-31,/);
  const none = await runCli(['report', '--trend', '--csv', '--to', '2026-10-30'], env);
  expect([none.code, none.stdout.trim()]).toEqual([0, header]);
  expect(header).toMatch(/^day,currency,shortTerm\./);
  // The same columns in the same order as the live report's, on every database (PostgreSQL's jsonb
  // gives a stored snapshot back with its keys sorted).
  const live = (await runCli(['report', '--csv'], env)).stdout.split('\n')[0]!;
  expect(header!.replace(/^day,/, '')).toBe(live.replace(/^slice,/, ''));
});
