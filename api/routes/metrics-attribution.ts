// /v1/metrics/attribution: the attribution `harpoon report attribution --json` prints, with the same
// query and the same refusals (an unknown journey or rep is 404, a bad query or amounts in two
// currencies 400).
import { marketingOnly } from '../../domain/access/roles';
import { attributionQuerySchema } from '../../domain/measurement/attribution-query';
import { attributionReportSchema } from '../../domain/measurement/attribution-report';
import { computeAttribution } from '../../metrics/attribution';
import type { ApiRoutes } from '../deps';

export const metricsAttributionRoutes: ApiRoutes = (deps) => async (app) => {
  app.get(
    '/metrics/attribution',
    {
      config: { roles: marketingOnly },
      schema: {
        tags: ['metrics'],
        summary: 'Multi-touch attribution of opportunities and won revenue (first, last, linear, u-shaped, w-shaped, time-decay), by channel, journey, step or event',
        querystring: attributionQuerySchema,
        response: { 200: attributionReportSchema },
      },
    },
    (req) => computeAttribution(deps.db, req.query),
  );
};
