// The import's report through the real CLI, as a marketer reads it: counts in plain English.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` };
});

it('reports one row and one account in the singular, more in the plural', async () => {
  const one = path.join(t.dir, 'one.csv');
  writeFileSync(one, 'domain,name\nacme.example,Acme\n');
  const first = await runCli(['accounts', 'import', one], env);
  expect(first.code, first.stderr).toBe(0);
  // A new account without a time zone is said: its quiet hours are judged in UTC.
  expect(first.stdout.trim().split('\n')).toEqual([
    `${one}: 1 row: 1 account created, 0 updated, 0 unchanged.`,
    '  1 new account without a time zone: quiet hours are judged in UTC for it (and contacts without a zone of their own); give a timezone column such as America/New_York',
  ]);

  const two = path.join(t.dir, 'two.csv');
  writeFileSync(two, 'domain,name,timezone\nacme.example,Acme,Europe/Berlin\nbeta.example,Beta,Europe/Berlin\ngamma.example,Gamma,UTC\n');
  const second = await runCli(['accounts', 'import', two], env);
  expect(second.stdout.trim()).toBe(`${two}: 3 rows: 2 accounts created, 1 updated, 0 unchanged.`);
});

it('refuses a --rejects file that is there, naming it, and imports nothing', async () => {
  const file = path.join(t.dir, 'partial.csv');
  writeFileSync(file, 'domain,name,country\nkept-out.example,Kept Out,DE\nregion.example,Region,EU\n');
  const work = path.join(t.dir, 'work.csv');
  writeFileSync(work, '5,000 lines someone still needs\n');
  const run = await runCli(['accounts', 'import', file, '--partial', '--rejects', work], env);
  expect([run.code, run.stderr.trim()]).toEqual([1, `harpoon: the rejects file ${work} already exists: nothing was imported; name another file with --rejects, or delete that one first`]);
  expect(readFileSync(work, 'utf8')).toBe('5,000 lines someone still needs\n');
  expect(await t.db.account.findUnique({ where: { domain: 'kept-out.example' } })).toBeNull();
});

it('says how many new contacts it recorded as subscribed because their row gave no consent', async () => {
  await t.db.account.create({ data: { domain: 'consent.example', name: 'Consent Ltd' } });

  const file = path.join(t.dir, 'contacts.csv');
  writeFileSync(file, 'email,account_domain,consent\nana@consent.example,consent.example,\nbo@consent.example,consent.example,\ncy@consent.example,consent.example,\ndi@consent.example,consent.example,unsubscribed\n');
  const run = await runCli(['contacts', 'import', file], env);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.trim().split('\n')).toEqual([
    `${file}: 4 rows: 4 contacts created, 0 updated, 0 unchanged.`,
    '  3 contacts of 4 created have no consent value and were recorded as subscribed: mailable under legitimate interest; give consent unsubscribed or do_not_contact for those who must not be mailed',
  ]);

  // A file with no consent column at all, in --json for scripts: the count has its own field.
  const bare = path.join(t.dir, 'bare.csv');
  writeFileSync(bare, 'email,account_domain\neve@consent.example,consent.example\n');
  const json = await runCli(['contacts', 'import', bare, '--json'], env);
  expect(JSON.parse(json.stdout)).toMatchObject({ created: 1, subscribedByDefault: 1, notes: [expect.stringMatching(/^1 contact of 1 created has no consent value and was recorded as subscribed/)] });
});
