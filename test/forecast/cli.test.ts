// `harpoon journeys forecast` from the database alone: no Temporal, no SMTP, nothing written; what
// would be sent to whom in their local time, who is not eligible and why; one-line errors.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { createForecastAccount } from '../support/forecast-account';
import { freshDb, type FreshDb } from '../support/fresh-db';

let t: FreshDb;
let env: Record<string, string>;
beforeAll(async () => {
  t = await freshDb();
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  await createForecastAccount(t.db, 'forecast.example', 'Forecast GmbH');
  await t.db.account.create({ data: { domain: 'big.example', name: 'Big AG', tier: 1, poolStatus: 'target', timezone: 'UTC' } });
});
afterAll(() => t.db.$disconnect());

function accountsFile(name: string, text: string): string {
  const file = path.join(t.dir, name);
  writeFileSync(file, text);
  return file;
}

it('prints what a journey file would send, in the recipient’s time, what it skips, and where each account ends; writes nothing', async () => {
  const out = await runCli(['journeys', 'forecast', 'journeys/tier3-nurture.yaml', '--account', 'forecast.example', '--days', '90'], env);
  expect(out.stderr).toBe('');
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toMatch(/^tier3-nurture journeys\/tier3-nurture\.yaml: forecast of 90 days from .* UTC; engagement none \(nobody engages\)/);
  expect(out.stdout).toMatch(/Asia\/Tokyo {2}sent {6}intro → champ@forecast\.example \(champion\) {2}\[engage\/intro-champions#1\]/);
  expect(out.stdout).toContain('skipped   intro → gone@forecast.example (problem_owner): consent:unsubscribed (the contact unsubscribed)');
  expect(out.stdout).toContain('end: completed (nurture_complete) in engage');
  expect(await t.db.emailSend.count()).toBe(0);
  expect(await t.db.touch.count()).toBe(0);
  expect(await t.db.journeyRun.count()).toBe(0);
});

it('gives the same as data, with the local time of each line, and lists the accounts the journey would not take', async () => {
  const out = await runCli(['journeys', 'forecast', 'journeys/tier3-nurture.yaml', '--tier', '1', '--json'], env);
  expect(JSON.parse(out.stdout)).toMatchObject({ accounts: [], notEligible: [{ domain: 'big.example', reason: 'tier 1 is not one of 3' }] });
  const seeded = JSON.parse((await runCli(['journeys', 'forecast', 'journeys/tier3-nurture.yaml', '--account', 'forecast.example', '--json', '--engagement', '7'], env)).stdout);
  expect(seeded.engagement).toEqual({ kind: 'seeded', seed: '7', eventsPerContactPerWeek: 0.5 });
  expect(seeded.accounts[0].entries.find((e: { kind: string }) => e.kind === 'sent')).toMatchObject({ kind: 'sent', contact: 'champ@forecast.example', timeZone: 'Asia/Tokyo', localTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \w{3} \d\d:\d\d$/) });
});

it('says in one line what is wrong with the journey, the accounts or the options', async () => {
  const cases: [string[], string][] = [
    [['journeys', 'forecast', 'nope', '--tier', '3'], 'harpoon: nope: no journey file of that name and no published journey with that key'],
    [['journeys', 'forecast', 'journeys/tier3-nurture.yaml'], 'Say which accounts: exactly one of --tier'],
    [['journeys', 'forecast', 'journeys/tier3-nurture.yaml', '--tier', '3', '--days', '0'], '--days 0: expected a whole number of days from 1 to 730.'],
    [['journeys', 'forecast', 'journeys/tier3-nurture.yaml', '--tier', '3', '--json', '--csv'], '--json and --csv: choose one output.'],
    // The accounts file speaks of the forecast, not of a launch, and an empty one is no forecast of nobody.
    [['journeys', 'forecast', 'journeys/tier3-nurture.yaml', '--accounts', accountsFile('unknown.txt', 'forecast.example\nnope.example\n')], 'unknown.txt: 1 unknown account (below); correct or remove it and run again.\n  nope.example'],
    [['journeys', 'forecast', 'journeys/tier3-nurture.yaml', '--accounts', accountsFile('empty.txt', 'domain\n')], 'empty.txt: names no account, expected one domain (or account id) per line, or a CSV with a domain column.'],
  ];
  for (const [args, message] of cases) {
    const out = await runCli(args, env);
    expect(out.code, args.join(' ')).toBe(1);
    expect(out.stderr).toContain(message);
  }
});
