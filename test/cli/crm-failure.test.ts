// `harpoon crm sync` when the CRM fails: one line a person can act on and exit code 1, never a stack
// trace. The CLI does not retry, so a failure that passes says when to run the command again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { useFreshDb } from '../support/fresh-db';
import { startHubSpotContract, type HubSpotContract } from '../crm/hubspot-contract-server';

const t = useFreshDb();
let hubspot: HubSpotContract;
let env: Record<string, string>;
beforeAll(async () => {
  hubspot = await startHubSpotContract({ token: 'pat-cli' });
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, HARPOON_HUBSPOT_TOKEN: 'pat-cli', HARPOON_HUBSPOT_URL: hubspot.url, HARPOON_SALESFORCE_URL: '', HARPOON_SALESFORCE_TOKEN: '' };
});
afterAll(() => hubspot.close());

it('says in words when to try again after a rate limit', async () => {
  hubspot.failNext({ status: 429, headers: { 'Retry-After': '3600' }, body: { status: 'error', message: 'You have reached your daily limit.', category: 'RATE_LIMITS' } });
  const sync = await runCli(['crm', 'sync'], env);
  expect(sync).toEqual({
    code: 1,
    stdout: '',
    stderr: 'harpoon: HubSpot rate limit reached while reading the deals changed since the last sync (You have reached your daily limit.); try again in 1 hour\n',
  });
});

it('says to try again later when the CRM cannot be reached', async () => {
  const url = `http://127.0.0.1:${await freePort()}`;
  const sync = await runCli(['crm', 'sync'], { ...env, HARPOON_HUBSPOT_URL: url });
  expect(sync.code).toBe(1);
  expect(sync.stderr).toMatch(new RegExp(`^harpoon: cannot reach ${url} while reading the deals changed since the last sync \\(.*\\); try again later\\n$`));
});

it('says what to fix, and not to try again, when the CRM refuses the token', async () => {
  const sync = await runCli(['crm', 'sync'], { ...env, HARPOON_HUBSPOT_TOKEN: 'pat-revoked' });
  expect(sync.code).toBe(1);
  expect(sync.stderr).toMatch(/^harpoon: HubSpot refused the token while reading the deals changed since the last sync \(.*\): set HARPOON_HUBSPOT_TOKEN to a valid private app token\n$/);
});
