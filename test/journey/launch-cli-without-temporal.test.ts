// `journeys launch` with Temporal unreachable, through the real CLI: what the database can refuse
// (a journey never published, an account that does not exist) is said as such, since fixing the
// key is what the user must do whether Temporal is up or not.
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
let address: string;
beforeAll(async () => {
  address = `127.0.0.1:${await freePort()}`;
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, TEMPORAL_ADDRESS: address };
  await t.db.account.create({ data: { domain: 'gearworks.example', name: 'Gearworks', tier: 1, poolStatus: 'target' } });
  expect((await runCli(['journeys', 'publish', 'journeys/demo.yaml'], env)).code).toBe(0);
});

it('says the journey is not published, not that Temporal is unreachable', async () => {
  const result = await runCli(['journeys', 'launch', 'demo-typo', '--account', 'gearworks.example'], env);
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe('harpoon: Journey "demo-typo" is not published. Publish it first: harpoon journeys publish <file>');
});

it('says the account does not exist, not that Temporal is unreachable', async () => {
  const result = await runCli(['journeys', 'launch', 'demo', '--account', 'nobody.example'], env);
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe('harpoon: No account with id or domain "nobody.example". List them with "harpoon accounts list".');
});
