// /v1/audiences/export: a tier's or a journey's ad audience as LinkedIn's or Google's CSV, the same
// bytes `harpoon audiences export` writes for the same data (a bad selection 400, an unknown journey 404).
import { marketingOnly } from '../../domain/access/roles';
import { exportAudience } from '../../audiences/export-audience';
import { exportFileName } from '../../domain/audiences/schedule';
import { audienceSelectionSchema, type AudienceSelection } from '../../domain/audiences/selection';
import type { ApiRoutes } from '../deps';
import { audienceCsvResponse } from '../responses/audiences';

const dayMs = 86_400_000;

export const audienceRoutes: ApiRoutes = (deps) => async (app) => {
  app.get(
    '/audiences/export',
    {
      config: { roles: marketingOnly },
      schema: {
        tags: ['audiences'],
        summary: "A tier's or a journey's buying-group contacts as a LinkedIn Matched Audiences or Google Customer Match CSV, less the unsubscribed, do-not-contact, bounced, erased and suppressed people, negative-list and non-target accounts, and held-out accounts",
        querystring: audienceSelectionSchema,
        response: { 200: audienceCsvResponse },
      },
    },
    async (req, reply) => {
      const selection = req.query as AudienceSelection;
      const { csv } = await exportAudience(deps.db, selection);
      return reply
        .headers({
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${exportFileName(selection, dayMs, Date.now())}"`,
          'Cache-Control': 'no-store',
        })
        .send(csv);
    },
  );
};
