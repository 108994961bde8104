// /v1/contacts: the buying groups, imported like the CLI's `contacts import`.
import { z } from 'zod';
import { contactImporter } from '../../accounts/import-contacts';
import { importTable } from '../../accounts/import-table';
import { notifyContactChanges } from '../../client/notify-contact-changes';
import { config } from '../../config/env';
import { loadScoringModel } from '../../config/scoring';
import { marketingOnly } from '../../domain/access/roles';
import { erasePersonalData, exportPersonalData } from '../../use-cases/personal-data';
import type { ApiRoutes } from '../deps';
import { importRowsOf, rowsTable } from './accounts';
import { contactRowSchema } from '../../domain/accounts/contact-row';
import { importReport } from '../responses/accounts';
import { erasureReport, personalDataExport } from '../responses/personal-data';

export const contactRoutes: ApiRoutes = (deps) => async (app) => {
  app.post(
    '/contacts/import',
    {
      config: { roles: marketingOnly },
      schema: {
        tags: ['contacts'],
        summary: 'Import or update contacts by email (all or nothing); running journeys hear of new contacts and consent changes',
        querystring: z.object({ createAccounts: z.stringbool().default(false).describe('add unknown account domains as candidates') }),
        body: importRowsOf(contactRowSchema),
        response: {
          200: importReport.extend({
            subscribedByDefault: z.number().int().describe('new contacts whose row gave no consent, recorded as subscribed (mailable under legitimate interest); the notes say so too'),
            queuedForJourneys: z.number().int().describe('deliveries queued for running journeys'),
          }),
        },
      },
    },
    async (req) => {
      const since = new Date();
      const importer = contactImporter({ createAccounts: req.query.createAccounts });
      const report = await importTable(deps.db, importer, rowsTable(req.body), { actor: 'import', model: loadScoringModel() });
      const queued = await notifyContactChanges(deps.db, since);
      if (queued > 0) deps.kick?.();
      return { ...report, queuedForJourneys: queued };
    },
  );

  const outboxDir = () => deps.outboxDir ?? config().smtp.outboxDir;
  const person = z.object({ ref: z.string().trim().min(1).describe("the contact's id or e-mail address") });

  app.get(
    '/contacts/:ref/personal-data',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['contacts'], summary: 'Everything Harpoon holds about a person, as JSON (a data-subject access request); admin keys only', params: person, response: { 200: personalDataExport } },
    },
    (req) => exportPersonalData(deps.db, req.params.ref, outboxDir()),
  );

  app.post(
    '/contacts/:ref/erase',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['contacts'],
        summary: "Erase a person on their request: name and address removed everywhere, counts kept anonymous, a hash kept so no import brings them back, their journeys told; admin keys only",
        params: person,
        body: z.object({ reason: z.string().trim().min(1, 'say why, e.g. "their request of 2026-12-01"').max(500) }),
        response: { 200: erasureReport },
      },
    },
    async (req) => {
      const report = await erasePersonalData(deps.db, req.params.ref, { reason: req.body.reason, outboxDir: outboxDir() });
      if (report.journeysTold > 0) deps.kick?.();
      return report;
    },
  );
};
