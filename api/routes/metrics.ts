// /v1/metrics: the ABM report `harpoon report` prints, as JSON, with the same filter and the same
// refusals (an unknown journey or rep is 404, a bad filter or costs in two currencies 400).
import { marketingOnly } from '../../domain/access/roles';
import { metricsFilterSchema } from '../../domain/metrics/filter';
import { computeReport } from '../../metrics/report';
import type { ApiRoutes } from '../deps';
import { metricsReport } from '../responses/metrics';

export const metricsRoutes: ApiRoutes = (deps) => async (app) => {
  app.get(
    '/metrics',
    {
      config: { roles: marketingOnly },
      schema: { tags: ['metrics'], summary: 'The ABM report: engagement, penetration, funnel, cost and ROI, live (filter by journey, tier, owner, period)', querystring: metricsFilterSchema, response: { 200: metricsReport } },
    },
    (req) => computeReport(deps.db, req.query),
  );
};
