// The imports through the HTTP API, as a script reads the answer: the same counts and notes as the
// CLI prints, each count in its own field.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import { startApiWithoutTemporal } from '../support/api-server';

let api: Awaited<ReturnType<typeof startApiWithoutTemporal>>;
let key = '';

beforeAll(async () => {
  api = await startApiWithoutTemporal('import-api-test-secret-0123456789');
  key = (await createApiKey(api.db, { name: 'crm', role: 'marketing' })).secret;
});
afterAll(() => api?.stop());

it('counts the new contacts recorded as subscribed because their row gave no consent', async () => {
  expect((await api.call('POST', '/v1/accounts/import', key, [{ domain: 'consent.example', name: 'Consent Ltd' }])).status).toBe(200);
  const imported = await api.call('POST', '/v1/contacts/import', key, [
    { email: 'ana@consent.example', account_domain: 'consent.example' },
    { email: 'bo@consent.example', account_domain: 'consent.example', consent: 'do_not_contact' },
  ]);
  expect(imported.status).toBe(200);
  expect(imported.body).toMatchObject({
    created: 2,
    subscribedByDefault: 1,
    notes: [
      '1 contact of 2 created has no consent value and was recorded as subscribed: mailable under legitimate interest; give consent unsubscribed or do_not_contact for those who must not be mailed',
    ],
  });
});
