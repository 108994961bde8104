// Imports store an address at an internationalised domain in punycode. Every other door that is
// given an address (an engagement event from the CLI or the API, a personal-data request, a rep's
// inbox, a report's owner) must find the same person when it is typed as people write it.
import { domainToASCII } from 'node:url';
import { expect, it } from 'vitest';
import { accountImporter } from '../../accounts/import-accounts';
import { contactImporter } from '../../accounts/import-contacts';
import { salesRepImporter } from '../../accounts/import-sales-reps';
import { operator } from '../../domain/access/acting-user';
import { ingestedEvent } from '../../domain/engagement/ingested-event';
import { metricsFilterSchema } from '../../domain/metrics/filter';
import { recordEngagement } from '../../engagement/record-engagement';
import { resolveScope } from '../../metrics/report';
import { erasePersonalData, exportPersonalData } from '../../use-cases/personal-data';
import { salesInbox } from '../../use-cases/sales-tasks';
import { useFreshDb } from '../support/fresh-db';
import { importFile, writeLines } from './helpers';

const t = useFreshDb({ each: true });
const contacts = contactImporter({ createAccounts: false });
const typed = ' Hans@München-Tech.example ';
const stored = 'hans@xn--mnchen-tech-thb.example';

async function importHans() {
  await importFile(t.db, accountImporter, writeLines(t.dir, 'accounts.csv', ['domain,name', 'münchen-tech.example,München Tech GmbH']));
  await importFile(t.db, contacts, writeLines(t.dir, 'contacts.csv', ['email,account_domain,first_name', `${typed.trim()},münchen-tech.example,Hans`]));
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'reps.csv', ['email,name', 'Juergen@Vertrieb-München.example,Jürgen']));
}

it('finds the contact an import stored when the address is typed with its internationalised domain', async () => {
  await importHans();
  const hans = await t.db.contact.findFirstOrThrow();
  expect(hans.email).toBe(stored);

  // `harpoon engagement send ... --contact` and POST /v1/engagement take it as typed.
  expect(await recordEngagement(t.db, { type: 'clicked', contact: { email: typed }, source: 'cli' })).toMatchObject({ outcome: 'recorded' });
  expect(await t.db.touch.count({ where: { contactId: hans.id, type: 'clicked' } })).toBe(1);

  // POST /v1/events: the address is read as the import reads it, not refused.
  const event = ingestedEvent.parse({ id: 'e-1', type: 'visited', contact: { email: typed }, occurredAt: new Date().toISOString() });
  expect(event.contact.email).toBe(stored);

  // harpoon contacts export <address>
  expect((await exportPersonalData(t.db, typed, t.dir)).contact.id).toBe(hans.id);
});

it('says an erased person was erased when asked for by their internationalised address', async () => {
  await importHans();
  await erasePersonalData(t.db, stored, { reason: 'asked by email', outboxDir: t.dir });
  await expect(exportPersonalData(t.db, typed, t.dir)).rejects.toThrow(/was erased on \d{4}-\d{2}-\d{2}/);
  // ... and an import of the address as typed does not bring them back.
  await importFile(t.db, contacts, writeLines(t.dir, 'again.csv', ['email,account_domain', `${typed.trim()},münchen-tech.example`]));
  expect(await t.db.contact.count({ where: { email: stored } })).toBe(0);
});

it("reads a sales rep's internationalised address in an inbox and a report filter", async () => {
  await importHans();
  const rep = await t.db.salesRep.findFirstOrThrow();
  expect(rep.email).toBe(`juergen@${domainToASCII('vertrieb-münchen.example')}`);
  const filter = metricsFilterSchema.parse({ owner: rep.email.toUpperCase() });
  expect((await resolveScope(t.db, filter)).ownerId).toBe(rep.id);
  expect(await salesInbox(t.db, operator, 'Juergen@Vertrieb-München.example')).toEqual([]);
});
