// /v1/audiences/export: a tier's or a journey's ad audience as LinkedIn's or Google's CSV, the same
// bytes `harpoon audiences export` writes for the same data (a bad selection 400, an unknown journey
// 404); /v1/audiences/summary: who that file holds and who it leaves out, by reason, as JSON.
import { marketingOnly } from '../../domain/access/roles';
import { exportAudience } from '../../audiences/export-audience';
import { exportFileName } from '../../domain/audiences/schedule';
import { audienceSelectionSchema, type AudienceSelection } from '../../domain/audiences/selection';
import type { ApiRoutes } from '../deps';
import { summaryLines } from '../../domain/audiences/summary';
import { audienceCsvResponse, audienceSummaryResponse } from '../responses/audiences';

const dayMs = 86_400_000;
const leftOut = 'the unsubscribed, do-not-contact, bounced, erased and suppressed people, negative-list and non-target accounts, and held-out accounts';

export const audienceRoutes: ApiRoutes = (deps) => async (app) => {
  app.get(
    '/audiences/export',
    {
      config: { roles: marketingOnly },
      schema: {
        tags: ['audiences'],
        summary: `A tier's or a journey's buying-group contacts as a LinkedIn Matched Audiences or Google Customer Match CSV, less ${leftOut}`,
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
  app.get(
    '/audiences/summary',
    {
      config: { roles: marketingOnly },
      schema: {
        tags: ['audiences'],
        summary: `What GET /v1/audiences/export gives for the same selection now: its rows, and how many people it leaves out by reason (${leftOut})`,
        querystring: audienceSelectionSchema,
        response: { 200: audienceSummaryResponse },
      },
    },
    async (req) => {
      const { summary } = await exportAudience(deps.db, req.query as AudienceSelection);
      return { ...summary, lines: summaryLines(summary) };
    },
  );
};
