// /v1/contacts: the buying groups, imported like the CLI's `contacts import`.
import { z } from 'zod';
import { contactImporter } from '../../accounts/import-contacts';
import { importTable } from '../../accounts/import-table';
import { notifyContactChanges } from '../../client/notify-contact-changes';
import { loadScoringModel } from '../../config/scoring';
import { marketingOnly } from '../../domain/access/roles';
import type { ApiRoutes } from '../deps';
import { importRowsOf, rowsTable } from './accounts';
import { contactRowSchema } from '../../domain/accounts/contact-row';
import { importReport } from '../responses/accounts';

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
        response: { 200: importReport.extend({ queuedForJourneys: z.number().int().describe('deliveries queued for running journeys') }) },
      },
    },
    async (req) => {
      const since = new Date();
      const importer = contactImporter({ createAccounts: req.query.createAccounts });
      const report = await importTable(deps.db, importer, rowsTable('contacts', req.body), { actor: 'import', model: loadScoringModel() });
      const queued = await notifyContactChanges(deps.db, since);
      if (queued > 0) deps.kick?.();
      return { ...report, queuedForJourneys: queued };
    },
  );
};
