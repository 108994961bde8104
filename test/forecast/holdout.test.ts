// The forecast of a journey with a holdout: it says how many accounts of each tier a launch now
// would hold out, forecasts no email for them (they get no journey), and writes nothing.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assignHoldout } from '../../domain/measurement/holdout';
import { runCli } from '../support/cli';
import { createForecastAccount } from '../support/forecast-account';
import { freshDb, type FreshDb } from '../support/fresh-db';

let t: FreshDb;
let env: Record<string, string>;
let file: string;
beforeAll(async () => {
  t = await freshDb();
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  for (let i = 0; i < 10; i++) await createForecastAccount(t.db, `held-${i}.example`, `Held ${i}`);
  file = path.join(t.dir, 'with-holdout.yaml');
  writeFileSync(
    file,
    [
      'key: with-holdout',
      'name: With holdout',
      'holdout: { share: 0.2, seed: spring }',
      'stages:',
      '  - key: engage',
      '    steps:',
      '      - { id: intro, type: email, template: intro, audience: { roles: [champion] } }',
    ].join('\n'),
  );
});
afterAll(() => t.db.$disconnect());

it('holds out round(share × n) of each tier, the same accounts a launch would, and forecasts no email for them', async () => {
  const out = await runCli(['journeys', 'forecast', file, '--tier', '3', '--days', '30', '--json'], env);
  expect(out.stderr).toBe('');
  const report = JSON.parse(out.stdout);
  // 0.2 × 10 tier-3 accounts = 2.
  expect(report.holdout).toMatchObject({ share: 0.2, seed: 'spring', byStratum: [{ stratum: 'tier 3', heldOut: 2, treated: 8 }] });
  const accounts = await t.db.account.findMany();
  const expected = assignHoldout(accounts.map((a) => ({ accountId: a.id, tier: a.tier })), 0.2, 'spring', []).filter((a) => a.group === 'held_out');
  expect([...report.holdout.heldOut].sort()).toEqual(expected.map((a) => accounts.find((x) => x.id === a.accountId)!.domain).sort());
  const forecast = report.accounts.map((a: { domain: string }) => a.domain);
  expect(forecast).toHaveLength(8);
  expect(forecast.some((d: string) => report.holdout.heldOut.includes(d))).toBe(false);

  const text = await runCli(['journeys', 'forecast', file, '--tier', '3', '--days', '30'], env);
  expect(text.stdout).toContain('held out 2 (20% of each tier, seed "spring"; measured, not contacted): tier 3: 2 of 10');
  expect(text.stdout).toMatch(/^8 account\(s\): 8 email\(s\) sent/m);
  expect(await t.db.holdoutAssignment.count()).toBe(0);
});
