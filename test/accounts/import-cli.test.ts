// The import's report through the real CLI, as a marketer reads it: counts in plain English.
import { writeFileSync } from 'node:fs';
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
  expect(first.stdout.trim()).toBe(`${one}: 1 row: 1 account created, 0 updated, 0 unchanged.`);

  const two = path.join(t.dir, 'two.csv');
  writeFileSync(two, 'domain,name\nacme.example,Acme\nbeta.example,Beta\ngamma.example,Gamma\n');
  const second = await runCli(['accounts', 'import', two], env);
  expect(second.stdout.trim()).toBe(`${two}: 3 rows: 2 accounts created, 0 updated, 1 unchanged.`);
});
