// CRM sync's configuration: off without credentials, each CRM on with its own, bad values named.
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/env';
import { configuredCrms } from '../../reach/crm/crm-connection';

const refusal = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return null;
};

it('is off without credentials, and on for each CRM that has them', () => {
  expect(configuredCrms(loadConfig({}))).toEqual([]);
  expect(configuredCrms(loadConfig({ HARPOON_HUBSPOT_TOKEN: 'pat-1', HARPOON_SALESFORCE_URL: 'https://acme.my.salesforce.com/', HARPOON_SALESFORCE_TOKEN: 'sf-1' }))).toEqual([
    { kind: 'hubspot', url: 'https://api.hubapi.com', token: 'pat-1' },
    { kind: 'salesforce', url: 'https://acme.my.salesforce.com', token: 'sf-1', apiVersion: 'v60.0' },
  ]);
  expect(loadConfig({}).crm.intervalMs).toBe(300_000);
});

it('names a bad value and never shows a token', () => {
  expect(refusal({ HARPOON_SALESFORCE_TOKEN: 'sf-secret' })).toContain('HARPOON_SALESFORCE_URL and HARPOON_SALESFORCE_TOKEN: set both');
  expect(refusal({ HARPOON_SALESFORCE_API_VERSION: '60' })).toContain('HARPOON_SALESFORCE_API_VERSION="60": expected a Salesforce REST API version such as v60.0');
  expect(refusal({ HARPOON_CRM_SYNC_INTERVAL: '1s' })).toContain('HARPOON_CRM_SYNC_INTERVAL="1s": expected a duration of 10s or more');
  const both = refusal({ HARPOON_HUBSPOT_URL: 'not a url', HARPOON_HUBSPOT_TOKEN: 'pat-secret' });
  expect(both).toContain('HARPOON_HUBSPOT_URL="not a url": expected the HubSpot API base URL');
  expect(both).not.toContain('pat-secret');
});
