// `harpoon crm status` and `harpoon crm sync` as a user runs them: off said plainly, the state of a
// configured CRM, a sync against HubSpot's contract server, and bad input named.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';
import { startHubSpotContract, type HubSpotContract } from './hubspot-contract-server';

const t = useFreshDb();
let hubspot: HubSpotContract;
let env: Record<string, string>;
beforeAll(async () => {
  hubspot = await startHubSpotContract({ token: 'pat-cli' });
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, HARPOON_HUBSPOT_TOKEN: '', HARPOON_SALESFORCE_URL: '', HARPOON_SALESFORCE_TOKEN: '' };
});
afterAll(() => hubspot.close());

it('says plainly when CRM sync is off, and how to turn it on', async () => {
  const status = await runCli(['crm', 'status'], env);
  expect(status).toMatchObject({ code: 0, stdout: 'CRM sync is off: set HARPOON_HUBSPOT_TOKEN (HubSpot), or HARPOON_SALESFORCE_URL and HARPOON_SALESFORCE_TOKEN (Salesforce)\n' });
  const sync = await runCli(['crm', 'sync'], env);
  expect(sync.code).toBe(1);
  expect(sync.stderr).toContain('harpoon: CRM sync is off');
  const half = await runCli(['crm', 'status'], { ...env, HARPOON_SALESFORCE_URL: 'https://acme.my.salesforce.com' });
  expect(half.code).toBe(1);
  expect(half.stderr).toContain('HARPOON_SALESFORCE_URL and HARPOON_SALESFORCE_TOKEN: set both');
});

it('shows a configured CRM with what it linked, and syncs from it', async () => {
  const on = { ...env, HARPOON_HUBSPOT_TOKEN: 'pat-cli', HARPOON_HUBSPOT_URL: hubspot.url };
  await t.db.crmLink.createMany({ data: [{ crm: 'hubspot', objectType: 'company', harpoonKey: 'a1', crmId: '1' }, { crm: 'hubspot', objectType: 'deal', harpoonKey: 'handoff/a1/1', crmId: '2' }] });
  const status = await runCli(['crm', 'status'], on);
  expect(status.stdout).toBe(`HubSpot at ${hubspot.url}: deals read up to never (first sync pending); linked: 1 company, 1 deal\n`);

  const sync = await runCli(['crm', 'sync', '--since', '2026-12-01'], on);
  expect(sync.code, sync.stderr).toBe(0);
  expect(sync.stdout).toMatch(/^HubSpot: 0 deals changed, 0 applied, 0 not applied, 0 not Harpoon's; next sync reads from 2026-12-01T00:00:00.000Z/);
  expect(hubspot.requests).toContain('POST /crm/v3/objects/deals/search');

  const bad = await runCli(['crm', 'sync', '--since', 'yesterday-ish'], on);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('--since: "yesterday-ish" is not a date');
});
